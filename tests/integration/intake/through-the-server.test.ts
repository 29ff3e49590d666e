// Intake through the built portal (`npx astro build` first) on PostgreSQL: retries with the same Idempotency-Key are
// answered with the stored receipt even without a proof of work, a claim left by a dead attempt is taken over, a
// refused attempt does not use up the hourly limit, and identical text under ten keys is one case.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { bodyHash } from "../../../src/server/intake/submit.ts";
import { reportFields } from "../../../src/server/intake/form-data.ts";
import { startPortal, type PortalServer } from "../../support/portal-server.ts";
import { emptyPostgresDatabase, type EmptyDatabase } from "../../support/postgres.ts";
import { postgresServerUrl } from "../../support/databases.ts";

let n = 0;
const text = () => `服务器测试第 ${++n} 次：镇区主街垃圾堆放多日无人清运，气味很大。${process.pid}-${Date.now()}`;

describe.skipIf(!postgresServerUrl)("report intake through the server on PostgreSQL", () => {
  let empty: EmptyDatabase;
  let portal: PortalServer;
  let sql: postgres.Sql;

  beforeAll(async () => {
    empty = await emptyPostgresDatabase(postgresServerUrl!, "htp_intake");
    // REPORT_HOURLY_LIMIT 3: one accepted report per address and hour without a proof of work. TRUST_PROXY lets each
    // test be its own address (X-Forwarded-For from loopback is believed).
    portal = await startPortal({ DATABASE_URL: empty.url, SEARCH: "off", REPORT_HOURLY_LIMIT: "3", TRUST_PROXY: "1" });
    sql = postgres(empty.url, { max: 2, onnotice: () => {} });
  }, 180_000);
  afterAll(async () => {
    await sql?.end();
    await portal?.stop();
    await empty?.drop();
  });

  async function post(fields: Record<string, string>, opts: { ip: string; key?: string }) {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    const headers: Record<string, string> = { Origin: portal.url, "X-Forwarded-For": opts.ip };
    if (opts.key !== undefined) headers["Idempotency-Key"] = opts.key;
    const res = await fetch(`${portal.url}/api/reports`, { method: "POST", body, headers });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }
  const complaint = () => ({ kind: "complaint", regionCode: "150621", category: "sanitation", description: text() });
  const casesWith = async (description: string) => (await sql`select count(*)::int as n from cases where description = ${description}`)[0]!.n as number;

  it("answers a retry with the same key with the same receipt, without a proof and past the limit", async () => {
    const fields = complaint();
    const key = crypto.randomUUID();
    const first = await post(fields, { ip: "192.0.2.1", key });
    expect(first.status).toBe(201);
    // The limit without a proof (1) is used up, and no proof is sent: the retry is still answered.
    const again = await post(fields, { ip: "192.0.2.1", key });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("replayed");
    expect(again.body.receipt).toMatchObject({ trackingNumber: first.body.receipt.trackingNumber, accessCode: first.body.receipt.accessCode });
    expect(await casesWith(fields.description)).toBe(1);
    // Another report from that address is over the limit; the same key with another body is 422.
    expect((await post(complaint(), { ip: "192.0.2.1" })).status).toBe(429);
    expect((await post(complaint(), { ip: "192.0.2.1", key })).status).toBe(422);
  });

  it("refuses a key that would not fit with a Chinese 400", async () => {
    const res = await post(complaint(), { ip: "192.0.2.2", key: "k".repeat(3000) });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("提交编号");
  });

  it("takes over a claim left running by an attempt that died, and stores the report once", async () => {
    const fields = complaint();
    const key = crypto.randomUUID();
    await sql`insert into submission_keys (key, body_hash, status, created_at)
      values (${key}, ${bodyHash(reportFields(new URLSearchParams(fields)), [])}, 'running', now() - interval '3 minutes')`;
    const retried = await post(fields, { ip: "192.0.2.3", key });
    expect(retried.status).toBe(201);
    const again = await post(fields, { ip: "192.0.2.3", key });
    expect(again.body.receipt?.trackingNumber).toBe(retried.body.receipt.trackingNumber);
    expect(await casesWith(fields.description)).toBe(1);
  });

  it("does not count a refused attempt against the hourly limit", async () => {
    const invalid = await post({ kind: "complaint", category: "sanitation", description: "太短" }, { ip: "192.0.2.4" });
    expect(invalid.status).toBe(400);
    expect((await post({ kind: "complaint" }, { ip: "192.0.2.4" })).status).toBe(400);
    const accepted = await post(complaint(), { ip: "192.0.2.4" });
    expect(accepted.status).toBe(201);
    const over = await post(complaint(), { ip: "192.0.2.4" });
    expect(over.status).toBe(429);
    expect(over.body.message).toContain("提交过于频繁");
  });

  it("makes one case of identical text sent at once under ten keys", async () => {
    const fields = complaint();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(fields, { ip: `198.51.100.${i + 1}`, key: crypto.randomUUID() })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(answers.filter((a) => a.body.status === "duplicate")).toHaveLength(9);
    expect(await casesWith(fields.description)).toBe(1);
  });
});
