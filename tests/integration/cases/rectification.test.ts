// Rectification publicity on PGlite and PostgreSQL: ordering rectification publishes the problem of the place (never
// the submitter), the unit's report is public only once accepted, and a missed due date shows as overdue.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rectifications } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { performAction, type StaffActor } from "../../../src/server/cases/actions.ts";
import { decideExtension, requestExtension } from "../../../src/server/cases/clock.ts";
import { applyCaseForm } from "../../../src/server/cases/forms.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { publicRectifications } from "../../../src/server/rectifications.ts";
import { regionFeed } from "../../../src/server/feeds.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

const at = (day: string) => new Date(`${day}T02:00:00Z`);

describe.each(DRIVERS)("rectification publicity on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  let officer: StaffActor;
  let handler: StaffActor;
  let caseId: number;
  let v = 0;
  const step = async (actor: StaffActor, action: Parameters<typeof performAction>[1]["action"], day: string) => {
    const r = await performAction(database.db, { caseId, version: v, actor, action, now: at(day) });
    if (!r.ok) throw new Error(`${action.type}: ${r.reason}`);
    v = r.version;
  };

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-evidence-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: at("2026-11-01") });
    const as = await staffActors(database.db);
    officer = as("officer");
    handler = as("handler");
    const out = await submitReport(
      { fields: { kind: "complaint", regionCode: "150621", category: "sanitation", description: "整改测试：树林召镇农贸市场周边垃圾堆放多日。", name: "欧阳明", phone: "13912345678" }, files: [] },
      { db: database.db, evidenceDir, now: at("2026-11-02") },
    );
    if (out.status !== "created") throw new Error(JSON.stringify(out));
    caseId = out.receipt.caseId;
    await step(officer, { type: "accept" }, "2026-11-02");
    await step(officer, { type: "assign", unitId: "unit-150600" }, "2026-11-02");
    await step(handler, { type: "start" }, "2026-11-03");
    await step(handler, { type: "submit_findings", finding: "substantiated", summary: "经现场核查，问题属实。" }, "2026-11-05");
    await step(officer, { type: "conclude", finding: "substantiated", publicReply: "经核实，问题属实，已责令整改。" }, "2026-11-06");
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it("asks for a public description of the problem and publishes it without the submitter", async () => {
    const missing = await applyCaseForm(database.db, officer, caseId, { action: "order_rectification", version: String(v), workingDays: "10" }, at("2026-11-06"));
    expect(missing).toMatchObject({ ok: false, status: 400, errors: { problem: "请填写公开的问题描述" } });
    const ok = await applyCaseForm(database.db, officer, caseId, { action: "order_rectification", version: String(v), workingDays: "10", problem: "树林召镇农贸市场周边垃圾堆放，保洁不到位。" }, at("2026-11-06"));
    expect(ok).toMatchObject({ ok: true });
    v += 1;
    const [row] = await publicRectifications(database.db, { regionCode: "150621" }, at("2026-11-06")).then((rs) => rs.filter((r) => !r.isDemo));
    expect(row).toMatchObject({ name: "达拉特旗", problem: "树林召镇农贸市场周边垃圾堆放，保洁不到位。", category: "sanitation", foundOn: "2026-11-05", dueOn: "2026-11-20", status: "ordered", unitName: "鄂尔多斯市爱卫办", report: null });
    expect(JSON.stringify(row)).not.toMatch(/欧阳|1391234/);
  });

  it("keeps the unit's report private until the office accepts it", async () => {
    await step(handler, { type: "report_rectification", summary: "已清运垃圾并安排专人每日保洁。" }, "2026-11-18");
    const [pending] = (await publicRectifications(database.db, { regionCode: "150621" }, at("2026-11-18"))).filter((r) => !r.isDemo);
    expect(pending).toMatchObject({ status: "in_progress", report: null });
    await step(officer, { type: "accept_rectification" }, "2026-11-19");
    const [done] = (await publicRectifications(database.db, { regionCode: "150621" }, at("2026-11-30"))).filter((r) => !r.isDemo);
    expect(done).toMatchObject({ status: "done", doneOn: "2026-11-19", report: "已清运垃圾并安排专人每日保洁。" });
    const feed = await regionFeed(database.db, "150600");
    expect(feed!.xml).toContain("达拉特旗整改公示：整改完成（已验收）");
  });

  it("shows a record without a case as overdue once its due date has passed", async () => {
    await database.db.insert(rectifications).values({ regionCode: "150622", problem: "逾期测试问题", status: "ordered", dueOn: "2026-11-10", publishedAt: at("2026-11-01") });
    const mine = async (day: string) => (await publicRectifications(database.db, { regionCode: "150622" }, at(day))).find((r) => r.problem === "逾期测试问题")!;
    expect(await mine("2026-11-10")).toMatchObject({ status: "ordered", provisional: false });
    expect((await mine("2026-11-11")).status).toBe("overdue");
    // A due date in 2027, whose holiday schedule is not yet published, is marked 暂定 like a clock's.
    await database.db.insert(rectifications).values({ regionCode: "150622", problem: "来年整改问题", status: "ordered", dueOn: "2027-02-05", publishedAt: at("2026-11-01") });
    const next = (await publicRectifications(database.db, { regionCode: "150622" }, at("2026-11-11"))).find((r) => r.problem === "来年整改问题")!;
    expect(next).toMatchObject({ dueOn: "2027-02-05", provisional: true, status: "ordered" });
  });

  it("reads the public due date from the case clock: an extension moves it, and overdue follows it", async () => {
    const out = await submitReport(
      { fields: { kind: "complaint", regionCode: "150621", category: "sanitation", description: "整改延期测试：树林召镇某小区旱厕无人清掏。" }, files: [] },
      { db: database.db, evidenceDir, now: at("2026-11-02") },
    );
    if (out.status !== "created") throw new Error(JSON.stringify(out));
    const id = out.receipt.caseId;
    let version = 0;
    const go = async (actor: StaffActor, action: Parameters<typeof performAction>[1]["action"], day: string) => {
      const r = await performAction(database.db, { caseId: id, version, actor, action, now: at(day) });
      if (!r.ok) throw new Error(`${action.type}: ${r.reason}`);
      version = r.version;
    };
    await go(officer, { type: "accept" }, "2026-11-02");
    await go(officer, { type: "assign", unitId: "unit-150600" }, "2026-11-02");
    await go(handler, { type: "start" }, "2026-11-03");
    await go(handler, { type: "submit_findings", finding: "partly", summary: "经现场核查，部分属实。" }, "2026-11-04");
    await go(officer, { type: "conclude", finding: "partly", publicReply: "经核实，部分属实，已责令整改。" }, "2026-11-05");
    await go(officer, { type: "order_rectification", workingDays: 5, problem: "某小区旱厕无人清掏。" }, "2026-11-06");
    const row = async (day: string) => (await publicRectifications(database.db, { regionCode: "150621" }, at(day))).find((r) => r.problem === "某小区旱厕无人清掏。")!;
    expect(await row("2026-11-06")).toMatchObject({ dueOn: "2026-11-13", status: "ordered", provisional: false });
    expect(await requestExtension(database.db, { caseId: id, version, actor: handler, now: at("2026-11-10"), workingDays: 2, reason: "需要外购设备" })).toMatchObject({ ok: true });
    expect(await decideExtension(database.db, { caseId: id, version: version + 1, actor: officer, now: at("2026-11-11"), approve: true, note: "" })).toMatchObject({ ok: true });
    expect(await row("2026-11-16")).toMatchObject({ dueOn: "2026-11-17", status: "ordered" });
    expect(await row("2026-11-18")).toMatchObject({ dueOn: "2026-11-17", status: "overdue" });
  });
});
