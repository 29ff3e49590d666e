// Case handling on PGlite and PostgreSQL: the happy path from submission to the public reply, return and re-route,
// clock pause, an extension across the National Day holiday, unit scoping, stale forms and the audit chain.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { caseEvents, cases, notifications, staffUsers } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { trackCase } from "../../../src/server/intake/track.ts";
import { performAction, type StaffActor } from "../../../src/server/cases/actions.ts";
import { caseForActor } from "../../../src/server/cases/access.ts";
import { decideExtension, pauseClock, requestExtension, resumeClock } from "../../../src/server/cases/clock.ts";
import { rateCase } from "../../../src/server/cases/feedback.ts";
import { maskedSubmitter, revealSubmitter } from "../../../src/server/cases/identity.ts";
import { countQueues, listCases } from "../../../src/server/cases/queues.ts";
import { verifyAuditChain } from "../../../src/server/audit.ts";
import { inbox } from "../../../src/server/inbox.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

const MON = new Date("2026-11-23T02:00:00Z"); // Monday 10:00 Shanghai
const later = (hours: number) => new Date(MON.getTime() + hours * 3600_000);
const text = (n: string) => `${n}：镇区主街两侧垃圾堆放多日无人清运，气味很大，影响居民出行。`;

describe.each(DRIVERS)("case handling on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  let officer: StaffActor;
  let handler: StaffActor;
  let auditor: StaffActor;
  const otherHandler: StaffActor = { role: "handler", unitId: "unit-150200", userId: "u-baotou", displayName: "包头市经办人" };

  async function newCase(description: string, regionCode = "150621", name: string | null = null, now = MON) {
    const out = await submitReport(
      { fields: { kind: "complaint", regionCode, category: "sanitation", description, ...(name ? { name, phone: "13912345678" } : {}) }, files: [] },
      { db: database.db, evidenceDir, now },
    );
    if (out.status !== "created") throw new Error(JSON.stringify(out));
    return out.receipt;
  }
  const row = async (id: number) => (await database.db.select().from(cases).where(eq(cases.id, id)))[0]!;
  const act = (actor: StaffActor, id: number, version: number, action: Parameters<typeof performAction>[1]["action"], now = MON) =>
    performAction(database.db, { caseId: id, version, actor, action, now });

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-evidence-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: MON });
    const as = await staffActors(database.db);
    officer = as("officer");
    handler = as("handler");
    auditor = as("auditor");
    await database.db.insert(staffUsers).values({ id: "u-baotou", username: "baotou", displayName: "包头市经办人", role: "handler", unitId: "unit-150200", passwordHash: "x" });
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it("runs the happy path to a public reply the submitter can read and rate", async () => {
    const r = await newCase(text("主路径"), "150621", "欧阳明");
    const id = r.caseId;
    expect(await caseForActor(database.db, id, handler)).toBeNull(); // not assigned yet: the unit does not see it
    expect(await act(officer, id, 0, { type: "accept" })).toMatchObject({ ok: true, state: "accepted", version: 1 });
    expect(await act(officer, id, 1, { type: "assign", unitId: "unit-150600" })).toMatchObject({ ok: true, state: "assigned" });
    const assigned = await row(id);
    // Monday + 10 working days = Monday 2026-12-07, 23:59:59 Shanghai.
    expect(assigned.deadlineAt?.toISOString()).toBe("2026-12-07T15:59:59.000Z");
    const inbox = await database.db.select().from(notifications).where(eq(notifications.caseId, id));
    expect(inbox.map((n) => [n.kind, n.unitId])).toContainEqual(["assigned", "unit-150600"]);

    // The unit sees it masked, cannot reveal, and another unit does not see it at all.
    const seen = await caseForActor(database.db, id, handler);
    expect(maskedSubmitter(seen!)).toMatchObject({ name: "欧阳*", phone: "139****5678" });
    expect(await revealSubmitter(database.db, { caseId: id, actor: handler, reason: "需要电话核实", now: MON })).toMatchObject({ ok: false, status: 403 });
    expect(await caseForActor(database.db, id, otherHandler)).toBeNull();
    expect(await act(otherHandler, id, 2, { type: "start" })).toMatchObject({ ok: false, status: 404 });
    expect((await listCases(database.db, otherHandler, { queue: "all" }, MON)).rows.map((x) => x.id)).not.toContain(id);
    expect((await listCases(database.db, handler, { queue: "mine" }, MON)).rows.map((x) => x.id)).toContain(id);

    expect(await act(handler, id, 2, { type: "start" }, later(1))).toMatchObject({ ok: true, state: "verifying" });
    // Concluding an unverified case is refused with the reason, and nothing changes.
    const refused = await act(officer, id, 3, { type: "conclude", finding: "substantiated", publicReply: "已整改" }, later(2));
    expect(refused).toMatchObject({ ok: false, status: 422, reason: expect.stringContaining("核实中") });
    expect((await row(id)).version).toBe(3);
    expect(await act(handler, id, 3, { type: "submit_findings", finding: "substantiated", summary: "现场核查属实，已清运。" }, later(3))).toMatchObject({ ok: true, state: "findings_submitted" });
    // A stale form (version 3) is refused, not applied over the newer state.
    expect(await act(officer, id, 3, { type: "return_findings", reason: "请补充照片" }, later(4))).toMatchObject({ ok: false, status: 409 });
    const reply = "经核实，反映问题属实。属地已于当日完成垃圾清运，并建立每日巡查制度。";
    expect(await act(officer, id, 4, { type: "conclude", finding: "substantiated", publicReply: reply }, later(5))).toMatchObject({ ok: true, state: "concluded" });
    expect(await act(officer, id, 5, { type: "close" }, later(6))).toMatchObject({ ok: true, state: "closed" });

    const tracked = await trackCase(database.db, { trackingNumber: r.trackingNumber, accessCode: r.accessCode, ip: "10.0.0.1" }, later(7));
    expect(tracked.status === "found" && tracked.case).toMatchObject({ statusLabel: "已办结（经核实属实）", publicReply: reply, findingLabel: "属实" });
    if (tracked.status === "found") expect(JSON.stringify(tracked.case)).not.toContain("现场核查属实"); // internal summary stays internal
    expect(await rateCase(database.db, { trackingNumber: r.trackingNumber, accessCode: r.accessCode, ip: "10.0.0.1", rating: "satisfied" }, later(8))).toEqual({ ok: true });
    expect(await rateCase(database.db, { trackingNumber: r.trackingNumber, accessCode: r.accessCode, ip: "10.0.0.1", rating: "unsatisfied" }, later(9))).toMatchObject({ ok: false, status: 422 });
    expect((await row(id)).rating).toBe("satisfied");
  });

  it("rates once when two tabs send a rating at the same moment, and keeps the state to the known ones", async () => {
    const r = await newCase(text("并发评价"));
    const id = r.caseId;
    await act(officer, id, 0, { type: "accept" });
    await act(officer, id, 1, { type: "handle_self" });
    await act(officer, id, 2, { type: "submit_findings", finding: "unsubstantiated", summary: "现场核查不属实。" }, later(1));
    await act(officer, id, 3, { type: "conclude", finding: "unsubstantiated", publicReply: "经核实，反映问题不属实。" }, later(2));
    await act(officer, id, 4, { type: "close" }, later(3));
    const proof = { trackingNumber: r.trackingNumber, accessCode: r.accessCode, ip: "10.0.0.2" };
    const both = await Promise.all([rateCase(database.db, { ...proof, rating: "satisfied" }, later(4)), rateCase(database.db, { ...proof, rating: "unsatisfied" }, later(4))]);
    expect(both.filter((x) => x.ok)).toHaveLength(1);
    const rated = await database.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, id), eq(caseEvents.action, "rate")));
    expect(rated).toHaveLength(1);
    const after = await row(id);
    expect(after.version).toBe(6);
    // The database refuses a state the state machine does not know; the row keeps its state.
    await expect(database.db.update(cases).set({ state: "archived" }).where(eq(cases.id, id))).rejects.toThrow();
    expect((await row(id)).state).toBe("closed");
  });

  it("lets an auditor read but not act, and the office reveal with a reason that is audited", async () => {
    const r = await newCase(text("审计"), "150621", "张三");
    expect(await caseForActor(database.db, r.caseId, auditor)).not.toBeNull();
    expect(await act(auditor, r.caseId, 0, { type: "accept" })).toMatchObject({ ok: false, status: 422, reason: expect.stringContaining("审计员") });
    expect(await revealSubmitter(database.db, { caseId: r.caseId, actor: officer, reason: "", now: MON })).toMatchObject({ ok: false, status: 422 });
    const shown = await revealSubmitter(database.db, { caseId: r.caseId, actor: officer, reason: "需要电话联系核实地址", now: MON });
    expect(shown).toMatchObject({ ok: true, submitter: { name: "张三", phone: "13912345678", revealed: true } });
  });

  it("returns a case within five working days and re-routes it with a fresh clock", async () => {
    const r = await newCase(text("退回"));
    await act(officer, r.caseId, 0, { type: "accept" });
    await act(officer, r.caseId, 1, { type: "assign", unitId: "unit-150600" });
    expect(await act(handler, r.caseId, 2, { type: "return_to_office", reason: "" }, later(2))).toMatchObject({ ok: false, reason: expect.stringContaining("理由") });
    expect(await act(handler, r.caseId, 2, { type: "return_to_office", reason: "所涉地点属包头市管辖" }, later(2))).toMatchObject({ ok: true, state: "accepted" });
    expect((await row(r.caseId)).assignedUnitId).toBeNull();
    expect(await act(officer, r.caseId, 3, { type: "assign", unitId: "unit-150200" }, later(24))).toMatchObject({ ok: true, state: "assigned" });
    // Assigned on Tuesday: 10 working days from Wednesday → Tuesday 2026-12-08.
    expect((await row(r.caseId)).deadlineAt?.toISOString()).toBe("2026-12-08T15:59:59.000Z");
    expect(await caseForActor(database.db, r.caseId, otherHandler)).not.toBeNull();
    // Eight working days later the window to return has passed.
    expect(await act(otherHandler, r.caseId, 4, { type: "return_to_office", reason: "非本单位职责" }, new Date("2026-12-04T02:00:00Z"))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("退回期限已于"),
    });
  });

  it("pauses the clock for more information and resumes with the days that were left", async () => {
    const r = await newCase(text("补正"));
    await act(officer, r.caseId, 0, { type: "accept" });
    await act(officer, r.caseId, 1, { type: "handle_self" });
    expect((await row(r.caseId)).deadlineAt?.toISOString()).toBe("2026-12-07T15:59:59.000Z");
    expect(await pauseClock(database.db, { caseId: r.caseId, version: 2, actor: handler, now: MON, question: "位置" })).toMatchObject({ ok: false, status: 404 });
    expect(await pauseClock(database.db, { caseId: r.caseId, version: 2, actor: officer, now: MON, question: "请提供具体门牌号" })).toMatchObject({ ok: true });
    // Answer arrives Monday 11-30: the 10 working days left run again from Tuesday 12-01 → Monday 12-14.
    const resumed = await resumeClock(database.db, { caseId: r.caseId, version: 3, actor: officer, now: new Date("2026-11-30T02:00:00Z"), answer: "某某路 12 号" });
    expect(resumed).toMatchObject({ ok: true });
    const c = await row(r.caseId);
    expect(c.pausedAt).toBeNull();
    expect(c.deadlineAt?.toISOString()).toBe("2026-12-14T15:59:59.000Z");
    const events = await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, r.caseId));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["pause", "resume"]));
  });

  it("extends a deadline across the National Day holiday, at most ten working days per stage", async () => {
    // Assigned Tuesday 2026-09-15: ten working days (with the make-up Sunday 09-20, without 中秋 09-25) end Tuesday
    // 09-29, so the extension runs across the 10-01…10-07 holiday.
    const at = (iso: string) => new Date(iso);
    const r = await newCase(text("延期"), "150621", null, at("2026-09-14T02:00:00Z"));
    await act(officer, r.caseId, 0, { type: "accept" }, at("2026-09-14T03:00:00Z"));
    await act(officer, r.caseId, 1, { type: "assign", unitId: "unit-150600" }, at("2026-09-15T02:00:00Z"));
    await act(handler, r.caseId, 2, { type: "start" }, at("2026-09-16T02:00:00Z"));
    expect((await row(r.caseId)).deadlineAt?.toISOString()).toBe("2026-09-29T15:59:59.000Z");
    const asked = at("2026-09-25T02:00:00Z");
    expect(await requestExtension(database.db, { caseId: r.caseId, version: 3, actor: handler, now: asked, workingDays: 11, reason: "需要检测报告" })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("最多延期 10 个工作日"),
    });
    expect(await requestExtension(database.db, { caseId: r.caseId, version: 3, actor: handler, now: asked, workingDays: 5, reason: "需要检测报告" })).toMatchObject({ ok: true });
    expect(await decideExtension(database.db, { caseId: r.caseId, version: 4, actor: handler, now: asked, approve: true, note: "" })).toMatchObject({ ok: false });
    expect(await decideExtension(database.db, { caseId: r.caseId, version: 4, actor: officer, now: at("2026-09-28T02:00:00Z"), approve: true, note: "同意" })).toMatchObject({ ok: true });
    const c = await row(r.caseId);
    // DESIGN.md §4's example: 09-30, 10-08, 10-09, the make-up Saturday 10-10, 10-12.
    expect(c).toMatchObject({ extended: true, extensionRequest: null });
    expect(c.deadlineAt?.toISOString()).toBe("2026-10-12T15:59:59.000Z");
    const tracked = await trackCase(database.db, { trackingNumber: r.trackingNumber, accessCode: r.accessCode, ip: "10.0.0.9" }, at("2026-09-28T03:00:00Z"));
    expect(tracked.status === "found" && tracked.case.clock).toMatchObject({ status: "running", extendedDays: 5, deadline: { dueDate: "2026-10-12" } });
  });

  it("counts each queue on the dashboard exactly as the queue lists it, for the office and for a unit", async () => {
    for (const actor of [officer, handler, otherHandler]) {
      const counts = await countQueues(database.db, actor, MON);
      expect(Object.keys(counts).length).toBeGreaterThanOrEqual(3);
      for (const [queue, n] of Object.entries(counts)) {
        const listed = await listCases(database.db, actor, { queue: queue as "mine", limit: 100 }, MON);
        expect(n, `${actor.userId} ${queue}`).toBe(listed.rows.length);
      }
    }
    expect((await countQueues(database.db, officer, MON)).unassigned).toBeGreaterThan(0);
  });

  it("shows the office's case notices to the officer, not to the auditor who sits in the same unit", async () => {
    const officeNotices = await database.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.unitId, officer.unitId!));
    expect(officeNotices.length).toBeGreaterThan(0);
    expect(auditor.unitId).toBe(officer.unitId);
    expect((await inbox(database.db, officer, 500)).rows.length).toBeGreaterThan(0);
    expect((await inbox(database.db, auditor, 500)).rows).toEqual([]);
  });

  it("keeps an unbroken audit chain across all of it", async () => {
    const check = await verifyAuditChain(database.db);
    expect(check.ok).toBe(true);
    expect(check.rows).toBeGreaterThan(15);
  });
});
