// The bundled Meilisearch indexes the seeded notices; the outbox survives Meilisearch being down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, isNull } from "drizzle-orm";
import { designations, notices, searchOutbox } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { drainOutbox, meiliClient, reindexAll, retryWaitingNow, searchAnswers } from "../../../src/server/search/meili.ts";
import { freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { testMeili } from "../../support/meili.ts";

const NOW = new Date("2026-11-23T04:00:00Z");

describe("Meilisearch indexing", () => {
  let database: TestDatabase;
  let meili: Awaited<ReturnType<typeof testMeili>>;

  beforeAll(async () => {
    [database, meili] = await Promise.all([freshDatabase("pglite"), testMeili()]);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱卫办", now: NOW });
  });
  afterAll(async () => {
    await Promise.all([database?.dispose(), meili?.dispose()]);
  });

  it("indexes the demo notices and finds the 2026 rules by Chinese words", async () => {
    const client = meiliClient(meili.url, meili.masterKey);
    const counts = await reindexAll(client, database.db);
    const published = await database.db.select().from(notices).where(eq(notices.status, "published"));
    expect(counts.notices).toBe(published.length);
    expect(counts.towns).toBeGreaterThanOrEqual(50);
    const result = await client.index("notices").search("健康城镇管理工作实施办法");
    expect(result.hits[0]?.docNumber).toBe("内爱卫会发〔2026〕2号");
    const pending = await database.db.select().from(searchOutbox).where(isNull(searchOutbox.doneAt));
    expect(pending).toHaveLength(0);
  });

  it("finds 达拉特旗 by its pinyin and its initials", async () => {
    const client = meiliClient(meili.url, meili.masterKey);
    for (const q of ["dalate", "dltq"]) {
      const { hits } = await client.index("towns").search(q);
      expect(hits[0]?.name, q).toBe("达拉特旗");
    }
  });

  it("indexes every region, with or without a designation, and rebuilds a region's document when a designation changes", async () => {
    const client = meiliClient(meili.url, meili.masterKey);
    expect((await client.index("towns").getDocument("150623")).name).toBe("鄂托克前旗");
    const [d] = await database.db.select().from(designations).where(eq(designations.regionCode, "150621"));
    await database.db.insert(searchOutbox).values({ indexName: "towns", docId: String(d!.id), op: "upsert", nextAttemptAt: NOW });
    expect(await drainOutbox(client, database.db, NOW)).toEqual({ done: 1, failed: 0 });
    // The outbox names the designation; the document is the region's, and stays.
    const doc = await client.index("towns").getDocument("150621");
    expect(doc.honours).toEqual([expect.objectContaining({ label: "全国健康县", statusLabel: "公示中" })]);
    expect((await client.index("towns").getStats()).numberOfDocuments).toBe(1346);
  });

  it("keeps outbox rows pending with a retry time while Meilisearch is unreachable", async () => {
    const [row] = await database.db.insert(searchOutbox).values({ indexName: "notices", docId: "1", op: "upsert", nextAttemptAt: NOW }).returning();
    const down = meiliClient("http://127.0.0.1:9", "x".repeat(16));
    const result = await drainOutbox(down, database.db, NOW);
    expect(result).toEqual({ done: 0, failed: 1 });
    const [after] = await database.db.select().from(searchOutbox).where(eq(searchOutbox.id, row!.id));
    expect(after?.doneAt).toBeNull();
    expect(after?.attempts).toBe(1);
    expect(after?.lastError).toBeTruthy();
    expect(after!.nextAttemptAt.getTime()).toBe(NOW.getTime() + 30_000);
    // Back up: the same row drains on the next attempt.
    const up = meiliClient(meili.url, meili.masterKey);
    const later = new Date(NOW.getTime() + 60_000);
    expect(await drainOutbox(up, database.db, later)).toEqual({ done: 1, failed: 0 });
  });

  it("retries waiting rows at once when Meilisearch answers again, not after their back-off", async () => {
    const [row] = await database.db.insert(searchOutbox).values({ indexName: "notices", docId: "1", op: "upsert", nextAttemptAt: NOW }).returning();
    const down = meiliClient("http://127.0.0.1:9", "x".repeat(16));
    expect(await searchAnswers(down)).toBe(false);
    expect(await drainOutbox(down, database.db, NOW)).toEqual({ done: 0, failed: 1 });
    const back = new Date(NOW.getTime() + 1000);
    const up = meiliClient(meili.url, meili.masterKey);
    expect(await searchAnswers(up)).toBe(true);
    // Still waiting its 30 s: nothing is due one second later…
    expect(await drainOutbox(up, database.db, back)).toEqual({ done: 0, failed: 0 });
    // …until the worker sees search answer again and wakes it.
    expect(await retryWaitingNow(database.db, back)).toBe(1);
    expect(await drainOutbox(up, database.db, back)).toEqual({ done: 1, failed: 0 });
    const [after] = await database.db.select().from(searchOutbox).where(eq(searchOutbox.id, row!.id));
    expect(after?.doneAt).toEqual(back);
  });
  it("keeps pending a publish committed while a reindex runs, so the worker indexes it afterwards", async () => {
    const pendingBefore = await database.db.insert(searchOutbox).values({ indexName: "notices", docId: "1", op: "upsert", nextAttemptAt: NOW }).returning();
    let during: number | null = null;
    // The same client, except that a publish lands (an outbox row is written) while the towns index is rebuilt.
    const client = meiliClient(meili.url, meili.masterKey);
    const index = client.index.bind(client);
    client.index = ((name: string) => {
      const idx = index(name);
      if (name !== "towns" || during !== null) return idx;
      const deleteAll = idx.deleteAllDocuments.bind(idx);
      idx.deleteAllDocuments = (() => {
        const task = deleteAll();
        return {
          waitTask: async (opts?: Parameters<typeof task.waitTask>[0]) => {
            const [row] = await database.db.insert(searchOutbox).values({ indexName: "notices", docId: "2", op: "upsert", nextAttemptAt: NOW }).returning();
            during = row!.id;
            return task.waitTask(opts);
          },
        };
      }) as unknown as typeof idx.deleteAllDocuments;
      return idx;
    }) as typeof client.index;
    await reindexAll(client, database.db);
    expect(during).not.toBeNull();
    const [before] = await database.db.select().from(searchOutbox).where(eq(searchOutbox.id, pendingBefore[0]!.id));
    expect(before?.doneAt).not.toBeNull();
    const [after] = await database.db.select().from(searchOutbox).where(eq(searchOutbox.id, during!));
    expect(after?.doneAt).toBeNull();
  });
});
