// Loading a newly published year replaces the provisional one and recomputes running provisional deadlines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { calendarYears, caseEvents, cases } from "../../../db/schema.ts";
import { calendarYearFromPublished } from "../../../src/domain/calendar.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { CalendarInputError, ensureCalendarCoverage, loadCalendar, loadPublishedSchedule, lunarToSolar } from "../../../src/server/calendar.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const SEEDED = new Date("2026-11-23T04:00:00Z");
const ACCEPTED = new Date("2026-12-30T02:00:00Z"); // Wednesday 10:00 in Shanghai

// A made-up 2027 schedule: 元旦 Jan 1–3 with Saturday Jan 9 worked, and Monday Jan 4 given as a bridge holiday.
const schedule2027 = calendarYearFromPublished(2027, [
  { date: "2027-01-01", kind: "holiday", name: "元旦" },
  { date: "2027-01-02", kind: "holiday", name: "元旦" },
  { date: "2027-01-03", kind: "holiday", name: "元旦" },
  { date: "2027-01-04", kind: "holiday", name: "元旦" },
  { date: "2027-01-09", kind: "makeup_workday", name: "元旦调休" },
]);

describe.each(DRIVERS)("loading a published holiday schedule on %s", (driver) => {
  let database: TestDatabase;
  let caseId: number;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "自治区爱卫办", now: SEEDED });
    // Received through the real intake: the acceptance stage runs 2 working days. Under the computed 2027 only
    // Jan 1 is off: Dec 31, Jan 4.
    const out = await submitReport(
      { fields: { kind: "complaint", regionCode: "150621", category: "sanitation", description: "节假日测试：达拉特旗某小区垃圾清运不及时。" }, files: [] },
      { db: database.db, evidenceDir: mkdtempSync(join(tmpdir(), "htp-evidence-")), now: ACCEPTED },
    );
    if (out.status !== "created") throw new Error(JSON.stringify(out));
    expect(out.receipt.deadline).toMatchObject({ dueDate: "2027-01-04", provisional: true });
    caseId = out.receipt.caseId;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("refuses a schedule that marks a weekday as a make-up working day", async () => {
    const bad = calendarYearFromPublished(2027, [{ date: "2027-01-06", kind: "makeup_workday", name: "调休" }]);
    await expect(database.db.transaction((tx) => loadPublishedSchedule(tx, bad, SEEDED))).rejects.toThrow(CalendarInputError);
    const [year] = await database.db.select().from(calendarYears).where(eq(calendarYears.year, 2027));
    expect(year?.provisional).toBe(true); // nothing stored changed
  });

  it("replaces the provisional year and moves the running deadline, on the case's timeline", async () => {
    const now = new Date("2026-12-31T01:00:00Z");
    const changes = await database.db.transaction((tx) => loadPublishedSchedule(tx, schedule2027, now));
    const mine = changes.find((c) => c.caseId === caseId);
    // Dec 31, Jan 5: Jan 4 is now a holiday.
    expect(mine).toMatchObject({ from: "2027-01-04", to: "2027-01-05", provisional: false });
    const [c] = await database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c?.deadlineProvisional).toBe(false);
    expect(c?.deadlineAt?.toISOString()).toBe("2027-01-05T15:59:59.000Z");
    const events = await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    const recomputed = events.find((e) => e.action === "deadline_recomputed");
    expect(recomputed?.publicNote).toBe("国务院公布 2027 年放假安排后，办理期限由 2027年1月4日（暂定）调整为 2027年1月5日");
    expect(recomputed).toMatchObject({ deadlineProvisional: false });
    const [year] = await database.db.select().from(calendarYears).where(eq(calendarYears.year, 2027));
    expect(year).toMatchObject({ provisional: false, source: "staff" });
  });

  it("adds provisional years as time passes, by the Shanghai date", async () => {
    const have = async () => (await database.db.select({ year: calendarYears.year }).from(calendarYears)).map((y) => y.year);
    expect(await have()).not.toContain(2030);
    // 2027-01-01 00:30 in Shanghai is still 2026 in UTC.
    expect(await database.db.transaction((tx) => ensureCalendarCoverage(tx, new Date("2026-12-31T16:30:00Z")))).toEqual([2030]);
    expect(await have()).toContain(2030);
    const cal = await loadCalendar(database.db);
    expect(cal.dayInfo(lunarToSolar(2030, 1, 1))).toMatchObject({ working: false, name: "春节", provisional: true });
  });
});
