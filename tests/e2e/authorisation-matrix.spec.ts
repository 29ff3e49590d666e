// Issue 5's authorisation matrix: every back-office page and action × every role × own / another unit's case,
// asserting the status code, and that a refused write changed nothing in the database. Sessions are created
// directly (sign-in itself is covered by the staff journey), against a portal on its own PostgreSQL database.
import { randomBytes } from "node:crypto";
import { expect, request as http, test, type APIRequestContext } from "@playwright/test";
import { eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { caseEvidence, cases, monitorSources, monitorWords, notices, regions, staffUsers } from "../../db/schema.ts";
import { createSession } from "../../src/server/auth/sessions.ts";
import { performAction, type StaffActor } from "../../src/server/cases/actions.ts";
import { openDatabase, type Database } from "../../src/server/db.ts";
import { submitReport } from "../../src/server/intake/submit.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";
import { emptyPostgresDatabase, type EmptyDatabase } from "../support/postgres.ts";
import { postgresServerUrl, postgresSkipReason } from "../support/postgres-server.ts";

type Who = "anonymous" | "admin" | "officer" | "handler" | "otherHandler" | "auditor";
const WHO: Who[] = ["anonymous", "admin", "officer", "handler", "otherHandler", "auditor"];

let empty: EmptyDatabase;
let portal: PortalServer;
let database: Database;
const clients = {} as Record<Who, APIRequestContext>;
let own: { id: number; evidenceId: number };
let other: { id: number };

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one server is enough");
  test.setTimeout(180_000);
  // The run's PostgreSQL server, from tests/e2e/global-setup.ts (read here: workers start after global setup).
  const serverUrl = postgresServerUrl();
  test.skip(!serverUrl, postgresSkipReason());
  empty = await emptyPostgresDatabase(serverUrl!, "htp_authz");
  portal = await startPortal({ DATABASE_URL: empty.url, REPORT_HOURLY_LIMIT: "1000" });
  database = await openDatabase({ databaseUrl: empty.url, dataDir: portal.dataDir });
  const db = database.db;
  const now = new Date();
  await db.insert(staffUsers).values({ id: "u-baotou", username: "baotou", displayName: "包头市经办人", role: "handler", unitId: "unit-150200", passwordHash: "x", passwordChangedAt: new Date(now.getTime() - 60_000) });
  const users = await db.select().from(staffUsers);
  const byName: Record<Exclude<Who, "anonymous">, string> = { admin: "admin", officer: "officer", handler: "handler", otherHandler: "baotou", auditor: "auditor" };
  for (const who of WHO) {
    const headers: Record<string, string> = { origin: portal.url };
    if (who !== "anonymous") {
      const user = users.find((u) => u.username === byName[who])!;
      headers.cookie = `htp_session=${(await createSession(db, user.id, now, true)).token}`;
    }
    clients[who] = await http.newContext({ baseURL: portal.url, extraHTTPHeaders: headers, maxRedirects: 0 });
  }
  const o = users.find((u) => u.username === "officer")!;
  const officer: StaffActor = { role: "officer", unitId: o.unitId, userId: o.id, displayName: o.displayName };
  const png = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: "#888" } }).png().toBuffer());
  const file = async (regionCode: string, unitId: string, files: { name: string; bytes: Uint8Array }[]) => {
    const out = await submitReport(
      { fields: { kind: "complaint", regionCode, category: "sanitation", description: `权限矩阵测试：${regionCode} 垃圾堆放无人清运。${randomBytes(3).toString("hex")}` }, files },
      { db, evidenceDir: `${portal.dataDir}/evidence`, now },
    );
    if (out.status !== "created") throw new Error(JSON.stringify(out));
    const id = out.receipt.caseId;
    await performAction(db, { caseId: id, version: 0, actor: officer, action: { type: "accept" }, now });
    await performAction(db, { caseId: id, version: 1, actor: officer, action: { type: "assign", unitId }, now });
    return id;
  };
  const ownId = await file("150621", "unit-150600", [{ name: "现场.png", bytes: png }]);
  const [ev] = await db.select().from(caseEvidence).where(eq(caseEvidence.caseId, ownId));
  own = { id: ownId, evidenceId: ev!.id };
  other = { id: await file("150203", "unit-150200", []) };
});

test.afterAll(async () => {
  for (const c of Object.values(clients)) await c.dispose();
  await database?.close();
  await portal?.stop();
  await empty?.drop();
});

const ALL_STAFF = { admin: 200, officer: 200, handler: 200, otherHandler: 200, auditor: 200 } as const;
const OFFICE_ONLY = { admin: 200, officer: 200, handler: 403, otherHandler: 403, auditor: 403 } as const;
const ADMIN_ONLY = { admin: 200, officer: 403, handler: 403, otherHandler: 403, auditor: 403 } as const;

test("every back-office page answers each role with the right status", async () => {
  const pages: [string, Partial<Record<Who, number>>][] = [
    ["/admin", ALL_STAFF],
    ["/admin/account", ALL_STAFF],
    ["/admin/cases", { admin: 200, officer: 200, handler: 200, otherHandler: 200, auditor: 403 }],
    [`/admin/cases/${own.id}`, { admin: 200, officer: 200, handler: 200, otherHandler: 404, auditor: 403 }],
    [`/admin/cases/${other.id}`, { admin: 200, officer: 200, handler: 404, otherHandler: 200, auditor: 403 }],
    [`/admin/cases/${own.id}/evidence/${own.evidenceId}`, { admin: 200, officer: 200, handler: 200, otherHandler: 404, auditor: 404 }],
    ["/admin/cases/999999", { admin: 404, officer: 404, handler: 404, otherHandler: 404, auditor: 403 }],
    ["/admin/publish", OFFICE_ONLY],
    ["/admin/publish/notices/new", OFFICE_ONLY],
    ["/admin/publish/publicity/new", OFFICE_ONLY],
    ["/admin/staff", { admin: 200, officer: 403, handler: 403, otherHandler: 403, auditor: 403 }],
    ["/admin/audit", { admin: 200, officer: 403, handler: 403, otherHandler: 403, auditor: 200 }],
    ["/admin/cases/new", OFFICE_ONLY],
    ["/admin/routing", OFFICE_ONLY],
    ["/admin/routing/new", ADMIN_ONLY],
    ["/admin/routing/food-to-samr", ADMIN_ONLY],
    ["/admin/monitoring", OFFICE_ONLY],
    ["/admin/monitoring?tab=dismissed", OFFICE_ONLY],
    ["/admin/monitoring/sources", OFFICE_ONLY],
    ["/admin/monitoring/words", OFFICE_ONLY],
    ["/admin/monitoring/999999", { admin: 404, officer: 404, handler: 403, otherHandler: 403, auditor: 403 }],
    ["/admin/names", OFFICE_ONLY],
  ];
  const table: string[] = [];
  for (const [path, expected] of pages) {
    for (const who of WHO) {
      const res = await clients[who].get(path);
      const want = who === "anonymous" ? 303 : expected[who]!;
      table.push(`${path} ${who} ${res.status()}${res.status() === want ? "" : ` (expected ${want})`}`);
      if (who === "anonymous") expect(res.headers().location, path).toMatch(/^\/admin\/login/);
    }
  }
  expect(table.filter((l) => l.includes("expected"))).toEqual([]);
});

async function snapshot() {
  const db = database.db;
  const [c1] = await db.select({ v: cases.version, s: cases.state }).from(cases).where(eq(cases.id, own.id));
  const [c2] = await db.select({ v: cases.version, s: cases.state }).from(cases).where(eq(cases.id, other.id));
  const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(notices);
  const [s] = await db.select({ n: sql<number>`count(*)::int` }).from(staffUsers);
  const [m] = await db.select({ n: sql<number>`count(*)::int` }).from(monitorSources);
  const [w] = await db.select({ n: sql<number>`count(*)::int` }).from(monitorWords);
  const [r] = await db.select({ nameEn: regions.nameEn }).from(regions).where(eq(regions.code, "150621"));
  return { own: c1, other: c2, notices: n!.n, staff: s!.n, monitorSources: m!.n, monitorWords: w!.n, dalatEn: r!.nameEn };
}

test("refused writes answer with the right status and change nothing; allowed ones apply", async () => {
  const version = async (id: number) => String((await database.db.select({ v: cases.version }).from(cases).where(eq(cases.id, id)))[0]!.v);
  const notice = { title: "权限矩阵测试通知", type: "notice", issuer: "自治区爱卫办", issuedOn: "2026-12-01", body: "正文内容足够长，用于测试。" };
  const person = { op: "create", username: `tester${randomBytes(2).toString("hex")}`, displayName: "测试人员", role: "handler", unitId: "unit-150600" };
  const refusals: [Who, string, Record<string, string>, number][] = [
    ["anonymous", `/admin/cases/${own.id}`, { action: "start", version: await version(own.id) }, 303],
    ["otherHandler", `/admin/cases/${own.id}`, { action: "start", version: await version(own.id) }, 404],
    ["handler", `/admin/cases/${other.id}`, { action: "start", version: await version(other.id) }, 404],
    ["auditor", `/admin/cases/${own.id}`, { action: "start", version: await version(own.id) }, 403],
    ["officer", `/admin/cases/${own.id}`, { action: "start", version: await version(own.id) }, 422],
    ["handler", `/admin/cases/${own.id}`, { action: "conclude", version: await version(own.id), finding: "substantiated", publicReply: "越权作出结论的答复内容。" }, 422],
    ["handler", `/admin/cases/${own.id}`, { action: "reveal", version: await version(own.id), reason: "想看看是谁反映的" }, 403],
    ["handler", "/admin/publish/notices/new", notice, 403],
    ["auditor", "/admin/publish/notices/new", notice, 403],
    ["officer", "/admin/staff", person, 403],
    ["handler", "/admin/staff", person, 403],
    ["auditor", "/admin/staff", person, 403],
    ["handler", "/admin/audit", {}, 403],
    ["handler", "/admin/monitoring/sources", { op: "add", name: "越权来源", url: "https://feed.example.cn/rss" }, 403],
    ["auditor", "/admin/monitoring/sources", { op: "add", name: "越权来源", url: "https://feed.example.cn/rss" }, 403],
    ["handler", "/admin/monitoring/words", { op: "add", word: "越权词", weight: "3" }, 403],
    ["handler", "/admin/names", { kind: "region", id: "150621", nameEn: "Overreach Banner" }, 403],
    ["auditor", "/admin/names", { kind: "region", id: "150621", nameEn: "Overreach Banner" }, 403],
  ];
  const before = await snapshot();
  for (const [who, path, form, status] of refusals) {
    const res = await clients[who].post(path, { form });
    expect(res.status(), `${who} POST ${path} ${form.action ?? form.op ?? ""}`).toBe(status);
  }
  expect(await snapshot()).toEqual(before);

  // The same writes by the right role go through.
  expect((await clients.handler.post(`/admin/cases/${own.id}`, { form: { action: "start", version: await version(own.id) } })).status()).toBe(303);
  expect((await clients.officer.post("/admin/publish/notices/new", { form: notice })).status()).toBe(303);
  expect((await clients.admin.post("/admin/staff", { form: person })).status()).toBe(200);
  expect((await clients.officer.post("/admin/monitoring/sources", { form: { op: "add", name: "权限矩阵来源", url: "https://feed.example.cn/rss" } })).status()).toBe(303);
  const after = await snapshot();
  expect(after.own).toEqual({ v: before.own!.v + 1, s: "verifying" });
  expect(after.other).toEqual(before.other);
  expect(after.notices).toBe(before.notices + 1);
  expect(after.staff).toBe(before.staff + 1);
  expect(after.monitorSources).toBe(before.monitorSources + 1);
  expect(after.monitorWords).toBe(before.monitorWords);
});
