// Public statistics on a seeded data set equal hand-computed values (PGlite and PostgreSQL). Demo cases are removed
// first so that the four cases below are all there is.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { cases } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { performAction, type StaffActor } from "../../../src/server/cases/actions.ts";
import { rateCase } from "../../../src/server/cases/feedback.ts";
import { monthlyCircular, publicStats, statsYear } from "../../../src/server/case-stats.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { statsCsv } from "../../../src/server/open-data.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

const at = (day: string) => new Date(`${day}T02:00:00Z`); // 10:00 Shanghai
const NOW = at("2026-12-20");

describe.each(DRIVERS)("public statistics on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-evidence-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: at("2026-11-01") });
    await database.db.delete(cases).where(eq(cases.isDemo, true));
    const as = await staffActors(database.db);
    const officer = as("officer");
    const handler = as("handler");
    const db = database.db;
    const file = async (regionCode: string, day: string, text: string) => {
      const out = await submitReport({ fields: { kind: "complaint", regionCode, category: "sanitation", description: `统计测试${text}：镇区主街垃圾堆放多日无人清运。` }, files: [] }, { db, evidenceDir, now: at(day) });
      if (out.status !== "created") throw new Error(JSON.stringify(out));
      return out.receipt;
    };
    let v = 0;
    const step = async (id: number, actor: StaffActor, action: Parameters<typeof performAction>[1]["action"], day: string) => {
      const r = await performAction(db, { caseId: id, version: v, actor, action, now: at(day) });
      if (!r.ok) throw new Error(`${action.type}: ${r.reason}`);
      v = r.version;
    };
    const verify = async (id: number, days: [string, string, string, string]) => {
      v = 0;
      await step(id, officer, { type: "accept" }, days[0]);
      await step(id, officer, { type: "assign", unitId: "unit-150600" }, days[0]);
      await step(id, handler, { type: "start" }, days[1]);
      await step(id, handler, { type: "submit_findings", finding: "substantiated", summary: "经现场核查，问题属实，已督促整改。" }, days[2]);
      await step(id, officer, { type: "conclude", finding: "substantiated", publicReply: "经核实，问题属实，已督促当地整改。" }, days[3]);
    };
    // A: on time, 7 working days to conclusion, closed and rated satisfied.
    const a = await file("150621", "2026-11-02", "A");
    await verify(a.caseId, ["2026-11-02", "2026-11-03", "2026-11-10", "2026-11-11"]);
    await step(a.caseId, officer, { type: "close" }, "2026-11-11");
    expect(await rateCase(db, { trackingNumber: a.trackingNumber, accessCode: a.accessCode, ip: "127.0.0.1", rating: "satisfied" }, at("2026-11-12"))).toEqual({ ok: true });
    // B: findings after the unit's deadline (Monday 11-16): late; 15 working days to conclusion.
    const b = await file("150621", "2026-11-02", "B");
    await verify(b.caseId, ["2026-11-02", "2026-11-03", "2026-11-20", "2026-11-23"]);
    // C: about 包头, refused.
    const c = await file("150203", "2026-11-05", "C");
    v = 0;
    await step(c.caseId, officer, { type: "refuse", reason: "不属于受理范围" }, "2026-11-05");
    // D: assigned on 12-01 (deadline 12-15), still open on 12-20: overdue.
    const d = await file("150621", "2026-12-01", "D");
    v = 0;
    await step(d.caseId, officer, { type: "accept" }, "2026-12-01");
    await step(d.caseId, officer, { type: "assign", unitId: "unit-150600" }, "2026-12-01");
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it("counts per league/city as computed by hand", async () => {
    const stats = await publicStats(database.db, 2026, NOW);
    const ordos = stats.units.find((u) => u.code === "150600")!.tally;
    expect(ordos).toEqual({ received: 3, accepted: 3, concluded: 2, onTime: 1, overdue: 2, medianWorkingDays: 11, ratings: { satisfied: 1, basically_satisfied: 0, unsatisfied: 0 } });
    const baotou = stats.units.find((u) => u.code === "150200")!.tally;
    expect(baotou).toMatchObject({ received: 1, accepted: 0, concluded: 0, overdue: 0 });
    expect(stats.total).toMatchObject({ received: 4, accepted: 3, concluded: 2, onTime: 1, overdue: 2 });
    expect(stats.months.find((m) => m.month === "2026-11")!.tally.received).toBe(3);
    expect(stats.months.find((m) => m.month === "2026-12")!.tally.received).toBe(1);
    expect(stats.units).toHaveLength(13); // 12 leagues/cities and 自治区本级
  });

  it("reads the asked year, falling back to this year for anything else", () => {
    expect([statsYear("2025", NOW), statsYear("abc", NOW), statsYear("2030", NOW), statsYear(null, NOW), statsYear("2019", NOW)]).toEqual([2025, 2026, 2026, 2026, 2026]);
  });

  it("puts every unit side by side in the monthly circular", async () => {
    const nov = await monthlyCircular(database.db, "2026-11", NOW);
    expect(nov.units.find((u) => u.code === "150600")!.tally).toMatchObject({ received: 2, concluded: 2, onTime: 1 });
    expect(nov.units.find((u) => u.code === "150200")!.tally.received).toBe(1);
    expect(nov.units.filter((u) => u.tally.received === 0).length).toBe(11);
  });

  it("writes the same figures to CSV", async () => {
    const rows = parse(statsCsv(await publicStats(database.db, 2026, NOW)), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.名称 === "鄂尔多斯市")).toMatchObject({ 收到: "3", 作出结论: "2", 按期: "1", 超期: "2", "结论用时中位数（工作日）": "11", 满意: "1" });
  });
});
