// Search finds a notice by the name of its attachment, on Meilisearch (through the outbox an attachment writes) and on
// the database fallback alike.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { notices } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { addAttachment } from "../../../src/server/notice-attachments.ts";
import { drainOutbox, meiliClient, reindexAll } from "../../../src/server/search/meili.ts";
import { searchMeili } from "../../../src/server/search/service.ts";
import { searchDatabase } from "../../../src/server/search/database-provider.ts";
import { freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { testMeili } from "../../support/meili.ts";
import { staffActors } from "../../support/staff.ts";

const NOW = new Date("2026-11-23T04:00:00Z");
const PDF = new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1"));

describe("attachment names in search", () => {
  let database: TestDatabase;
  let meili: Awaited<ReturnType<typeof testMeili>>;
  let client: ReturnType<typeof meiliClient>;
  let root: string;

  beforeAll(async () => {
    [database, meili] = await Promise.all([freshDatabase("pglite"), testMeili()]);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱卫办", now: NOW });
    client = meiliClient(meili.url, meili.masterKey);
    await reindexAll(client, database.db);
    root = mkdtempSync(join(tmpdir(), "htp-attachments-"));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([database?.dispose(), meili?.dispose()]);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("finds a notice by a word that only its attachment's name has", async () => {
    const [rules] = await database.db.select().from(notices).where(eq(notices.slug, "nmg-2026-health-towns-rules"));
    const urls = async () => ({
      meili: (await searchMeili(client, { q: "蚊蝇密度监测登记表", page: 1 })).hits.map((h) => h.url),
      db: (await searchDatabase(database.db, { q: "蚊蝇密度监测登记表", page: 1 })).hits.map((h) => h.url),
    });
    expect(await urls()).toEqual({ meili: [], db: [] });
    const officer = (await staffActors(database.db))("officer");
    expect(await addAttachment(database.db, officer, rules!.id, { name: "蚊蝇密度监测登记表.pdf", bytes: PDF }, {}, NOW, root)).toMatchObject({ ok: true });
    await drainOutbox(client, database.db, NOW);
    const after = await urls();
    expect(after.meili[0]).toBe("/notices/nmg-2026-health-towns-rules");
    expect(after.db[0]).toBe("/notices/nmg-2026-health-towns-rules");
  });
});
