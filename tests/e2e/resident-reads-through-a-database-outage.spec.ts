// PostgreSQL goes away for about 20 seconds under a running portal (a restart, a failover). Residents keep reading
// the pages the portal has cached — past their normal lifetime, marked X-Cache: STALE — while everything that needs
// the database is answered at once with 503, Retry-After and a Chinese message instead of hanging; when PostgreSQL
// is back, everything works again and a complaint filed then is stored.
// The database is a throwaway PostgreSQL of this test (never the machine's server), stopped and started by its PID.
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { CACHE_TTL_MS } from "../../src/server/cache.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";
import { stoppablePostgres, type StoppablePostgres } from "../support/stoppable-postgres.ts";

let pg: StoppablePostgres;
let portal: PortalServer;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one server start is enough");
  testInfo.setTimeout(120_000);
  pg = await stoppablePostgres();
  portal = await startPortal({ DATABASE_URL: pg.url, REPORT_HOURLY_LIMIT: "1000" });
});

test.afterAll(async () => {
  await portal?.stop();
  await pg?.dispose();
});

const CACHED = ["/", "/notices", "/publicity", "/towns"];

async function get(path: string, accept = "text/html"): Promise<{ status: number; xCache: string | null; retryAfter: string | null; body: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${portal.url}${path}`, { headers: { accept } });
  const body = await res.text();
  return { status: res.status, xCache: res.headers.get("x-cache"), retryAfter: res.headers.get("retry-after"), body, ms: performance.now() - started };
}

function complaint(text: string): Promise<Response> {
  const form = new URLSearchParams({
    service_code: "sanitation",
    "attribute[region_code]": "150621",
    description: `数据库中断测试：${text}，树林召镇主街垃圾堆放多日无人清运。`,
    first_name: "明",
    last_name: "欧阳",
    phone: "13912345678",
  });
  return fetch(`${portal.url}/open311/v2/requests.json`, { method: "POST", body: form });
}

test("cached pages stay readable and everything else fails fast while PostgreSQL is away, and all is well after", async ({ page }) => {
  test.setTimeout(120_000);
  const warmed = Date.now();
  const copies = new Map<string, string>();
  for (const path of CACHED) {
    await get(path);
    const again = await get(path);
    expect(again.xCache, path).toBe("HIT");
    copies.set(path, again.body);
  }
  // Let the copies age so that by the end of the outage they are past the cache's normal lifetime.
  await new Promise((r) => setTimeout(r, 12_000));

  await pg.stop();
  const stoppedAt = Date.now();

  // Uncached: a 503 within seconds (the first request may wait out one connection attempt; later ones do not).
  const first = await get("/rectifications");
  console.log(`first uncached page after PostgreSQL stopped: ${first.status} in ${Math.round(first.ms)} ms`);
  expect(first.status).toBe(503);
  expect(first.ms).toBeLessThan(5000);

  // Cached pages: still served, now marked STALE, same bytes.
  for (const path of CACHED) {
    await expect.poll(async () => (await get(path)).xCache, { timeout: 5000, message: path }).toBe("STALE");
    const stale = await get(path);
    expect(stale.status, path).toBe(200);
    expect(stale.body, path).toBe(copies.get(path));
  }

  const html = await get("/towns?page=2");
  expect(html.status).toBe(503);
  expect(html.retryAfter).toMatch(/^\d+$/);
  expect(html.body).toContain("服务暂时不可用，请稍后再试");
  expect(html.ms).toBeLessThan(1000);
  console.log(`uncached page during the outage: 503 in ${Math.round(html.ms)} ms`);

  const json = await get("/api/v1/notices?limit=3", "application/json");
  expect(json.status).toBe(503);
  expect(json.retryAfter).toMatch(/^\d+$/);
  expect(JSON.parse(json.body)).toEqual({ code: "service_unavailable", message: "服务暂时不可用，请稍后再试" });

  const postStarted = performance.now();
  const refused = await complaint("中断期间");
  const postMs = performance.now() - postStarted;
  expect(refused.status).toBe(503);
  expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(await refused.json()).toEqual([{ code: 503, description: "服务暂时不可用，请稍后再试" }]);
  expect(postMs).toBeLessThan(1000);
  console.log(`POST during the outage: 503 in ${Math.round(postMs)} ms`);

  // What a resident sees in a browser.
  const answer = await page.goto(`${portal.url}/stats`);
  expect(answer?.status()).toBe(503);
  await expect(page.getByRole("heading", { name: "服务暂时不可用" })).toBeVisible();

  // Keep it down for about 20 s, reading all along.
  while (Date.now() - stoppedAt < 20_000) {
    for (const path of CACHED) {
      const r = await get(path);
      expect([r.status, r.xCache], path).toEqual([200, "STALE"]);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  expect(Date.now() - warmed).toBeGreaterThan(CACHE_TTL_MS);
  for (const path of CACHED) expect((await get(path)).xCache, `${path} past its lifetime`).toBe("STALE");

  await pg.start();
  const startedAt = Date.now();
  await expect.poll(async () => (await get("/towns?page=2")).status, { timeout: 10_000, intervals: [100] }).toBe(200);
  console.log(`pages render again ${Date.now() - startedAt} ms after PostgreSQL accepted connections`);
  for (const path of CACHED) {
    await expect.poll(async () => (await get(path)).xCache, { timeout: 5000, message: path }).not.toBe("STALE");
  }

  const filed = await complaint("恢复之后");
  expect(filed.status).toBe(201);
  const [created] = (await filed.json()) as { service_request_id: string }[];
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select tracking_number from cases where tracking_number = ${created!.service_request_id}`;
    expect(rows).toHaveLength(1);
  } finally {
    await sql.end();
  }
});
