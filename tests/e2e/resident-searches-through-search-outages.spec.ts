// The bundled Meilisearch fails under a running portal, as `npm start` runs it (on a throwaway PostgreSQL, so that
// the test can publish into the portal's database):
//  - killed with SIGKILL: the portal starts it again on the same port with the same key, and a notice published
//    while it was away is searchable within seconds of its return (not after the outbox's 30 s+ back-off);
//  - hung with SIGSTOP: a search answers from the database in well under a second, saying 搜索服务降级, and comes
//    back to Meilisearch after SIGCONT.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:net";
import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { notices, searchOutbox } from "../../db/schema.ts";
import { openDatabase, type Database } from "../../src/server/db.ts";
import { publishNotice } from "../../src/server/publishing.ts";
import { bundledMeili, stillRunning } from "../support/meili.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";
import { stoppablePostgres, type StoppablePostgres } from "../support/stoppable-postgres.ts";

let pg: StoppablePostgres;
let portal: PortalServer;
let database: Database;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one server start is enough");
  testInfo.setTimeout(120_000);
  pg = await stoppablePostgres();
  portal = await startPortal({ DATABASE_URL: pg.url });
  database = await openDatabase({ databaseUrl: pg.url, dataDir: portal.dataDir });
});

test.afterAll(async () => {
  await database?.close();
  await portal?.stop();
  await pg?.dispose();
});

interface Found {
  degraded: boolean;
  slugs: string[];
  ms: number;
}

async function search(q: string): Promise<Found> {
  const started = performance.now();
  const res = await fetch(`${portal.url}/search.json?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { degraded: boolean; hits: { url: string }[] };
  return { degraded: body.degraded, slugs: body.hits.map((h) => h.url.replace("/notices/", "")), ms: performance.now() - started };
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${portal.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Binds the port as soon as the dying process lets go of it, so that the portal's restarts fail while we hold it. */
async function holdPort(port: number): Promise<Server> {
  const deadline = Date.now() + 5000;
  for (;;) {
    // Whoever connects meanwhile (the portal's search and its outbox worker) is hung up on at once.
    const server = createServer((socket) => socket.destroy());
    const ok = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (ok) return server;
    if (Date.now() > deadline) throw new Error(`port ${port} not released`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

test("a notice published while the search service was killed is found within seconds of its return", async () => {
  test.setTimeout(90_000);
  expect((await search("健康城镇管理工作实施办法")).degraded).toBe(false);
  const before = bundledMeili(portal.dataDir);
  expect(before.port).toBeGreaterThan(0);

  // Kill it, and keep it away for a few seconds by holding its port, so that the notice below is published — and
  // its indexing fails — while there is no search service at all.
  process.kill(before.pid, "SIGKILL");
  const holder = await holdPort(before.port);
  let released = false;
  try {
    const token = `k${randomBytes(4).toString("hex")}`;
    const slug = `outage-${token}`;
    const title = `关于搜索服务中断期间发布的测试通知 ${token}`;
    const [draft] = await database.db
      .insert(notices)
      .values({ slug, title, type: "notice", issuer: "自治区爱卫办", issuedOn: "2026-12-01", body: `正文 ${token}。` })
      .returning({ id: notices.id });
    await publishNotice(database.db, draft!.id, new Date());
    // The portal's outbox worker tried, failed and put the row on its back-off.
    await until("the outbox row failed once", 15_000, async () => {
      const rows = await database.db.select().from(searchOutbox).where(eq(searchOutbox.docId, String(draft!.id)));
      return rows.some((r) => r.attempts >= 1 && r.doneAt === null) ? true : undefined;
    });
    // Meanwhile residents still search — from the database.
    const meanwhile = await search(token);
    expect(meanwhile.degraded).toBe(true);

    await new Promise<void>((r) => holder.close(() => r()));
    released = true;
    // Back: the portal's next restart attempt takes the port again.
    const backAt = await until("Meilisearch back on its port", 20_000, async () => {
      const ok = await fetch(`http://127.0.0.1:${before.port}/health`).then((r) => r.ok, () => false);
      return ok ? Date.now() : undefined;
    });
    const after = bundledMeili(portal.dataDir);
    expect(after.pid).not.toBe(before.pid);
    expect(after.port).toBe(before.port);
    expect(after.masterKey).toBe(before.masterKey);
    expect(stillRunning(before)).toBe(false);
    await until("the restart logged", 5000, async () => (portal.output().includes(`✓ 内置 Meilisearch 已重启 (http://127.0.0.1:${before.port}, pid ${after.pid})`) ? true : undefined));

    const foundAt = await until("the notice found by Meilisearch", 15_000, async () => {
      const found = await search(token);
      return !found.degraded && found.slugs.includes(slug) ? Date.now() : undefined;
    });
    const catchUp = foundAt - backAt;
    console.log(`notice published during the outage searchable ${catchUp} ms after Meilisearch was back`);
    expect(catchUp).toBeLessThanOrEqual(10_000);
  } finally {
    if (!released) holder.close();
  }
});

test("a hung search service costs a resident under a second, and search comes back when it resumes", async ({ page }) => {
  test.setTimeout(60_000);
  const meili = bundledMeili(portal.dataDir);
  expect((await search("达拉特旗")).degraded).toBe(false);
  process.kill(meili.pid, "SIGSTOP");
  try {
    for (const q of ["健康县", "卫生城市", "病媒生物"]) {
      const found = await search(q);
      expect(found.degraded, q).toBe(true);
      expect(found.ms, q).toBeLessThan(1000);
    }
    const started = performance.now();
    await page.goto(`${portal.url}/search?q=${encodeURIComponent("鄂尔多斯")}`);
    await expect(page.getByTestId("degraded")).toContainText("搜索服务降级");
    await expect(page.getByTestId("results")).toContainText("鄂尔多斯");
    console.log(`search page with Meilisearch hung answered in ${Math.round(performance.now() - started)} ms`);
  } finally {
    process.kill(meili.pid, "SIGCONT");
  }
  // The same query again: degraded answers were not cached, so it now comes from Meilisearch.
  await until("search from Meilisearch again", 10_000, async () => ((await search("健康县")).degraded ? undefined : true));
  await page.goto(`${portal.url}/search?q=${encodeURIComponent("鄂尔多斯")}`);
  await expect(page.getByTestId("results")).toContainText("鄂尔多斯");
  await expect(page.getByTestId("degraded")).toHaveCount(0);
});
