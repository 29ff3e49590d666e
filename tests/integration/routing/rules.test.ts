// Routing rules through the service on PGlite and PostgreSQL (issue 15 item 4): every change audited with before
// and after, a save only after a current dry run, and the dry run equal to what intake then does.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, cases, responsibilities, routingRules, staffUsers } from "../../../db/schema.ts";
import type { StaffActor } from "../../../src/server/cases/actions.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { routingTasks } from "../../../src/server/intake/routing-context.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { dryRun, ruleFormStep, type Place } from "../../../src/server/routing-dry-run.ts";
import { createRule, listRules, moveRule, parseDraft, setRuleActive, updateRule, type RuleDraft } from "../../../src/server/routing-rules.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const NOW = new Date("2026-11-23T04:00:00Z");
let counter = 0;
const text = () => `第 ${++counter} 次反映：小区二次供水水箱长期不清洗，自来水有异味，影响居民饮用。`;

describe.each(DRIVERS)("routing rules on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  let admin: StaffActor;
  let officer: StaffActor;

  const draftOf = async (form: Record<string, string>): Promise<RuleDraft> => {
    const d = await parseDraft(database.db, form);
    if (!d.ok) throw new Error(JSON.stringify(d));
    return d.draft;
  };
  const audits = (action: string, objectId: string) =>
    database.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.objectId, objectId))).orderBy(asc(auditLog.id));
  /** Files a real report through intake and returns the stored routing decision. */
  const intake = async (place: Place) => {
    const outcome = await submitReport({ fields: { kind: place.kind, category: place.category, regionCode: place.regionCode, description: text(), ...(place.kind === "lead" ? { leadUrl: "https://example.com/post/1" } : {}) }, files: [] }, { db: database.db, evidenceDir, now: NOW });
    if (outcome.status !== "created") throw new Error(JSON.stringify(outcome));
    const [c] = await database.db.select({ routing: cases.routing }).from(cases).where(eq(cases.id, outcome.receipt.caseId));
    return c!.routing!;
  };
  const sameAsIntake = async (place: Place, outcome: { unitId: string; decidedBy: unknown; explanation: string }) => {
    expect(await intake(place)).toEqual({ unitId: outcome.unitId, decidedBy: outcome.decidedBy, explanation: outcome.explanation });
  };

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-routing-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    const people = await database.db.select().from(staffUsers);
    const actor = (role: string): StaffActor => {
      const p = people.find((x) => x.role === role)!;
      return { role: p.role as StaffActor["role"], unitId: p.unitId, userId: p.id, displayName: p.displayName };
    };
    admin = actor("admin");
    officer = actor("officer");
  }, 120_000);

  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it("seeds the responsibility list's led tasks for 鄂尔多斯市 only", async () => {
    const [task17] = await database.db.select().from(responsibilities).where(eq(responsibilities.seq, 17));
    expect(task17).toMatchObject({ leadUnit: "市市场监督管理局", category: "food", leadUnitId: "member-ordos-samr" });
    const tasks = await routingTasks(database.db);
    expect(tasks.find((t) => t.seq === 17)).toEqual({ seq: 17, category: "food", leadUnitId: "member-ordos-samr", regionPrefix: "1506" });
    expect(tasks.find((t) => t.seq === 23)).toEqual({ seq: 23, category: "vectors", leadUnitId: "unit-150600", regionPrefix: "1506" });
    expect(tasks.some((t) => t.category === "sanitation")).toBe(false);
  });

  it("routes by task as the dry run says: a food lead in 达拉特旗 goes to the city's market regulator", async () => {
    const place: Place = { regionCode: "150621", category: "food", kind: "lead" };
    const run = (await dryRun(database.db, "food-to-samr", await draftOf({ kind: "complaint", category: "food", region: "", unitId: "member-samr", note: "" }), place))!;
    expect(run.current).toMatchObject({ unitId: "member-ordos-samr", decidedBy: { type: "task", seq: 17 }, unitName: "鄂尔多斯市市场监督管理局" });
    expect(run.current.explanation).toContain("由任务分解表第17项决定");
    expect(run.proposed.unitId).toBe(run.current.unitId);
    await sameAsIntake(place, run.current);
  });

  it("creates a rule only after a current dry run, audits it, and intake then does what the dry run showed", async () => {
    const place: Place = { regionCode: "150621", category: "water", kind: "complaint" };
    const form = { kind: "", category: "water", region: "150621", unitId: "unit-150600", note: "达拉特旗饮用水问题由市爱卫办统筹" };
    const run = (await dryRun(database.db, null, await draftOf(form), place))!;
    expect(run.current).toMatchObject({ unitId: "member-ordos-eco", decidedBy: { type: "task", seq: 15 } });
    expect(run.proposed).toMatchObject({ unitId: "unit-150600", decidedBy: { type: "rule", ruleId: "rule-1" } });

    expect(await createRule(database.db, admin, form, "not-the-stamp", NOW)).toMatchObject({ ok: false, status: 409 });
    expect(await createRule(database.db, officer, form, run.stamp, NOW)).toMatchObject({ ok: false, status: 403 });
    expect((await listRules(database.db)).map((r) => r.id)).toEqual(["food-to-samr"]);

    expect(await createRule(database.db, admin, form, run.stamp, NOW)).toMatchObject({ ok: true, id: "rule-1" });
    expect((await listRules(database.db)).map((r) => r.id)).toEqual(["rule-1", "food-to-samr"]);
    const [row] = await audits("routing_rule.create", "rule-1");
    expect(row).toMatchObject({ actorUserId: admin.userId, objectType: "routing_rule" });
    expect(row!.details).toEqual({ before: null, after: { kind: null, category: "water", regionPrefix: "150621", unitId: "unit-150600", priority: 20, active: true, note: form.note } });
    await sameAsIntake(place, run.proposed);
    // The same dry run cannot save twice: the rules it ran on have changed.
    expect(await createRule(database.db, admin, form, run.stamp, NOW)).toMatchObject({ ok: false, status: 409 });
  });

  it("edits a rule through the form's steps: a changed form is dry-run again, not saved", async () => {
    const values = { kind: "", category: "water", region: "150600", unitId: "unit-150600", note: "", placeRegion: "150602", placeCategory: "water", placeKind: "suggestion", intent: "preview" };
    const preview = await ruleFormStep(database.db, admin, "rule-1", values, NOW);
    expect(preview).toMatchObject({ saved: null, status: 200 });
    expect(preview.run!.current.decidedBy).toEqual({ type: "task", seq: 15 });
    expect(preview.run!.proposed.decidedBy).toEqual({ type: "rule", ruleId: "rule-1" });
    const edited = await ruleFormStep(database.db, admin, "rule-1", { ...values, unitId: "member-ordos-samr", intent: "save", stamp: preview.run!.stamp }, NOW);
    expect(edited).toMatchObject({ saved: null, status: 409 });
    expect(edited.run!.proposed.unitId).toBe("member-ordos-samr");
    expect((await listRules(database.db))[0]!.regionPrefix).toBe("150621");

    const saved = await ruleFormStep(database.db, admin, "rule-1", { ...values, intent: "save", stamp: preview.run!.stamp }, NOW);
    expect(saved.saved).toMatchObject({ id: "rule-1" });
    const [row] = await audits("routing_rule.update", "rule-1");
    expect(row!.details).toMatchObject({ before: { regionPrefix: "150621", note: "达拉特旗饮用水问题由市爱卫办统筹" }, after: { regionPrefix: "1506", note: "" } });
    await sameAsIntake(preview.run!.place, preview.run!.proposed);
    expect(await updateRule(database.db, officer, "rule-1", values, preview.run!.stamp, NOW)).toMatchObject({ ok: false, status: 403 });
  });

  it("reorders with move up and down, renumbering priorities, audited with both orders", async () => {
    expect((await moveRule(database.db, admin, "rule-1", "up", NOW)).ok).toBe(false);
    expect(await moveRule(database.db, admin, "food-to-samr", "up", NOW)).toMatchObject({ ok: true });
    const rules = await listRules(database.db);
    expect(rules.map((r) => [r.id, r.priority])).toEqual([["food-to-samr", 20], ["rule-1", 10]]);
    const [row] = await audits("routing_rule.reorder", "food-to-samr");
    expect(row!.details).toEqual({
      direction: "up",
      before: [{ id: "rule-1", priority: 20 }, { id: "food-to-samr", priority: 10 }],
      after: [{ id: "food-to-samr", priority: 20 }, { id: "rule-1", priority: 10 }],
    });
    expect(await moveRule(database.db, officer, "rule-1", "up", NOW)).toMatchObject({ ok: false, status: 403 });
  });

  it("disables and enables: a disabled rule routes nothing, and both changes are audited", async () => {
    const place: Place = { regionCode: "150602", category: "water", kind: "complaint" };
    expect(await setRuleActive(database.db, admin, "rule-1", false, NOW)).toMatchObject({ ok: true });
    expect(await setRuleActive(database.db, admin, "rule-1", false, NOW)).toMatchObject({ ok: false, status: 409 });
    const [off] = await audits("routing_rule.disable", "rule-1");
    expect(off!.details).toMatchObject({ before: { active: true }, after: { active: false } });
    const [rule] = await database.db.select().from(routingRules).where(eq(routingRules.id, "rule-1"));
    const run = (await dryRun(database.db, "rule-1", await draftOf({ kind: "", category: "water", region: "150600", unitId: "unit-150600", note: "" }), place))!;
    expect(rule!.active).toBe(false);
    expect(run.current.decidedBy).toEqual({ type: "task", seq: 15 });
    expect(run.proposed.decidedBy).toEqual({ type: "task", seq: 15 });
    await sameAsIntake(place, run.current);

    expect(await setRuleActive(database.db, admin, "rule-1", true, NOW)).toMatchObject({ ok: true });
    const [on] = await audits("routing_rule.enable", "rule-1");
    expect(on!.details).toMatchObject({ before: { active: false }, after: { active: true } });
    expect((await intake(place)).decidedBy).toEqual({ type: "rule", ruleId: "rule-1" });
    expect(await setRuleActive(database.db, officer, "rule-1", false, NOW)).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses a rule without any condition, an unknown region and an unknown unit", async () => {
    const step = await ruleFormStep(database.db, admin, null, { kind: "", category: "", region: "", unitId: "office", placeRegion: "150600", placeCategory: "food", placeKind: "complaint", intent: "preview" }, NOW);
    expect(step).toMatchObject({ status: 400, errors: { category: "请至少选择一个条件：类型、类别或地区" } });
    const bad = await parseDraft(database.db, { kind: "", category: "food", region: "990000", unitId: "nope", note: "" });
    expect(bad).toMatchObject({ ok: false, status: 400, errors: { region: "请从列表中选择盟市或旗县", unitId: "请选择有效的办理单位" } });
    expect(await parseDraft(database.db, { kind: "objection", category: "food", region: "", unitId: "office" })).toMatchObject({ ok: false });
  });
});
