// When the office publishes, cached public pages must not stay stale for more than a few seconds: the page cache
// watches the publishing outbox (src/server/cache.ts). This runs against PostgreSQL so that the test can publish
// into the same database the portal reads.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { notices } from "../../db/schema.ts";
import { openDatabase, type Database } from "../../src/server/db.ts";
import { publishNotice } from "../../src/server/publishing.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";
import { emptyPostgresDatabase, type EmptyDatabase } from "../support/postgres.ts";
import { postgresServerUrl, postgresSkipReason } from "../support/postgres-server.ts";

let empty: EmptyDatabase;
let portal: PortalServer;
let database: Database;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one server start is enough");
  // The run's PostgreSQL server, from tests/e2e/global-setup.ts (read here: workers start after global setup).
  const serverUrl = postgresServerUrl();
  test.skip(!serverUrl, postgresSkipReason());
  empty = await emptyPostgresDatabase(serverUrl!, "htp_e2e");
  portal = await startPortal({ DATABASE_URL: empty.url, REPORT_HOURLY_LIMIT: "1000" });
  database = await openDatabase({ databaseUrl: empty.url, dataDir: portal.dataDir });
});

test.afterAll(async () => {
  await database?.close();
  await portal?.stop();
  await empty?.drop();
});

test("a notice published by the office shows on the cached home page within seconds", async () => {
  // Warm the cache and prove it is serving from memory.
  await fetch(`${portal.url}/`);
  const cached = await fetch(`${portal.url}/`);
  expect(cached.headers.get("x-cache")).toBe("HIT");
  expect(cached.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
  const oldEtag = cached.headers.get("etag")!;
  const notModified = await fetch(`${portal.url}/`, { headers: { "if-none-match": oldEtag } });
  expect(notModified.status).toBe(304);

  const title = `关于缓存刷新测试的通知${randomBytes(3).toString("hex")}`;
  const [draft] = await database.db
    .insert(notices)
    .values({ slug: `cache-${randomBytes(4).toString("hex")}`, title, type: "notice", issuer: "自治区爱卫办", issuedOn: "2026-12-01", body: "正文。" })
    .returning({ id: notices.id });
  const published = Date.now();
  await publishNotice(database.db, draft!.id, new Date());

  let seenAfter = -1;
  while (Date.now() - published < 10_000) {
    const res = await fetch(`${portal.url}/`);
    if ((await res.text()).includes(title)) {
      seenAfter = Date.now() - published;
      expect(res.headers.get("etag")).not.toBe(oldEtag);
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`published notice visible on the home page after ${seenAfter} ms`);
  expect(seenAfter).toBeGreaterThanOrEqual(0);
  expect(seenAfter).toBeLessThan(5_000);
  // The old validator no longer matches: a browser that revalidates gets the new page.
  expect((await fetch(`${portal.url}/`, { headers: { "if-none-match": oldEtag } })).status).toBe(200);
});
