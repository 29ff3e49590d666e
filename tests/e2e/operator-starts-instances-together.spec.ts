// An operator starts two instances at the same moment on an empty PostgreSQL database: one migrates and seeds
// while the other waits for the setup lock and then finds the work done. A third instance without MEILI_URL would
// start a second bundled Meilisearch on the same data and refuses to, saying what to set instead.
import postgres from "postgres";
import { expect, test } from "../support/fixtures.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";
import { postgresServerUrl, postgresSkipReason } from "../support/postgres-server.ts";
import { emptyPostgresDatabase, type EmptyDatabase } from "../support/postgres.ts";

let empty: EmptyDatabase | undefined;
const portals: PortalServer[] = [];

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one cluster is enough");
  const serverUrl = postgresServerUrl();
  test.skip(!serverUrl, postgresSkipReason());
  empty = await emptyPostgresDatabase(serverUrl!, "htp_together");
});

test.afterAll(async () => {
  for (const p of portals) await p.stop();
  await empty?.drop();
});

test("two instances started together on an empty database both come up, seeded once", async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  const env = { DATABASE_URL: empty!.url, REPORT_HOURLY_LIMIT: "1000" };
  // The first keeps the bundled Meilisearch; the second runs without search, as an instance that shares one would.
  const [a, b] = await Promise.all([startPortal(env), startPortal({ ...env, SEARCH: "off" })]);
  portals.push(a, b);
  for (const p of [a, b]) {
    expect(p.output()).not.toContain("数据库迁移失败");
    expect(p.output()).not.toContain("写入初始数据失败");
    expect((await fetch(`${p.url}/towns`)).status).toBe(200);
  }
  // Exactly one of them seeded, and it alone printed the generated staff passwords.
  const printed = [a, b].filter((p) => /用户名 admin\s+密码 \S+/.test(p.output()));
  expect(printed).toHaveLength(1);
  const sql = postgres(empty!.url, { max: 1, onnotice: () => {} });
  try {
    // The four printed accounts (the demo's other units act through accounts created disabled).
    const [staff] = await sql`select count(*)::int as n from staff_users where not disabled`;
    expect(staff!.n).toBe(4);
    const [notices] = await sql`select count(*)::int as n from notices`;
    expect(notices!.n).toBeGreaterThan(0);
    const [migrations] = await sql`select count(*)::int as n, count(distinct hash)::int as distinct_n from drizzle.__drizzle_migrations`;
    expect(migrations!.n).toBe(migrations!.distinct_n);
    const [lease] = await sql`select holder from service_leases where name = 'bundled-search'`;
    expect(lease?.holder).toContain(`:${a.pid}:`);
  } finally {
    await sql.end();
  }

  // A third instance on the same database that would start its own bundled Meilisearch is refused, in one line.
  let refusal = "";
  try {
    portals.push(await startPortal(env));
  } catch (err) {
    refusal = (err as Error).message;
  }
  expect(refusal).toContain("正在使用内置 Meilisearch");
  expect(refusal).toContain("MEILI_URL");
});
