import { describe, expect, it } from "vitest";
import { calendarYearFromPublished, WorkingCalendar } from "../../../src/domain/calendar.ts";
import {
  calendarDeadline,
  describeDeadline,
  EXTENSION_MAX_WORKING_DAYS,
  extendDeadline,
  isOverdue,
  REEXAMINATION_WINDOW_CALENDAR_DAYS,
  remindAt,
  resumeAfterPause,
  RETURN_WINDOW_WORKING_DAYS,
  returnWindowEnd,
  stageWorkingDays,
  workingDaysBetween,
  workingDeadline,
} from "../../../src/domain/deadlines.ts";
import { addCalendarDays } from "../../../src/domain/time.ts";
import { fixtureCalendar, publishedYear } from "./chinese-days-fixture.ts";

// 2026 as published (chinese-days), 2027 computed: the situation DESIGN.md §4 describes for late 2026.
const cal = fixtureCalendar([2026], [2027]);
const at = (iso: string) => new Date(iso);

describe("workingDeadline around 国庆 2026", () => {
  it("reproduces DESIGN's example: accepted 2026-09-29 + 5 working days is due 2026-10-12", () => {
    const d = workingDeadline(at("2026-09-29T02:00:00Z"), 5, cal);
    expect(d.countedDays).toEqual(["2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12"]);
    expect(d.dueDate).toBe("2026-10-12");
    expect(d.dueAt.toISOString()).toBe("2026-10-12T15:59:59.000Z");
    expect(d.provisional).toBe(false);
  });

  it("starts counting the day after a holiday start", () => {
    expect(workingDeadline(at("2026-10-03T04:00:00Z"), 1, cal).dueDate).toBe("2026-10-08");
    expect(workingDeadline("2026-10-01", 4, cal).countedDays).toEqual([
      "2026-10-08",
      "2026-10-09",
      "2026-10-10",
      "2026-10-12",
    ]);
  });
});

describe("workingDeadline around 春节 2026", () => {
  it("counts the make-up Saturdays 02-14 and 02-28 and skips 02-15 to 02-23", () => {
    const d = workingDeadline("2026-02-12", 10, cal);
    expect(d.countedDays).toEqual([
      "2026-02-13",
      "2026-02-14",
      "2026-02-24",
      "2026-02-25",
      "2026-02-26",
      "2026-02-27",
      "2026-02-28",
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
    ]);
    expect(d.dueDate).toBe("2026-03-04");
  });
});

describe("workingDeadline into the unpublished year 2027", () => {
  it("skips the computed 元旦 and is provisional", () => {
    const d = workingDeadline("2026-12-29", 5, cal);
    expect(d.countedDays).toEqual(["2026-12-30", "2026-12-31", "2027-01-04", "2027-01-05", "2027-01-06"]);
    expect(d.provisional).toBe(true);
    expect(describeDeadline(d)).toBe("2027年1月6日（暂定）");
  });

  it("skips the computed 春节 days 02-05 to 02-08", () => {
    const d = workingDeadline("2027-02-03", 3, cal);
    expect(d.countedDays).toEqual(["2027-02-04", "2027-02-09", "2027-02-10"]);
    expect(d.provisional).toBe(true);
  });

  it("is not provisional while every day stays in 2026", () => {
    const d = workingDeadline("2026-12-30", 1, cal);
    expect(d.dueDate).toBe("2026-12-31");
    expect(d.provisional).toBe(false);
    expect(describeDeadline(d)).toBe("2026年12月31日");
  });

  it("is provisional when the year is missing from the calendar altogether", () => {
    const only2026 = new WorkingCalendar([publishedYear(2026)]);
    const d = workingDeadline("2026-12-31", 1, only2026);
    expect(d.dueDate).toBe("2027-01-01"); // weekends only: wrong on 元旦, hence provisional
    expect(d.provisional).toBe(true);
  });

  it("loses the provisional mark once the published schedule is loaded", () => {
    const published2027 = calendarYearFromPublished(2027, [
      { date: "2027-01-01", kind: "holiday", name: "元旦" },
      { date: "2027-01-04", kind: "holiday", name: "元旦" },
      { date: "2027-01-09", kind: "makeup_workday", name: "元旦调休" },
    ]);
    const recomputed = workingDeadline("2026-12-29", 5, new WorkingCalendar([publishedYear(2026), published2027]));
    expect(recomputed.countedDays).toEqual(["2026-12-30", "2026-12-31", "2027-01-05", "2027-01-06", "2027-01-07"]);
    expect(recomputed.provisional).toBe(false);
  });
});

describe("start times", () => {
  it("does not count the start day even at 23:59:59 on a Friday", () => {
    // 2026-11-27 is a Friday; 23:59:59 Shanghai is 15:59:59 UTC
    const lastSecond = workingDeadline(at("2026-11-27T15:59:59Z"), 1, cal);
    expect(lastSecond.dueDate).toBe("2026-11-30");
    expect(lastSecond.countedDays).toEqual(["2026-11-30"]);
    // one second later it is Saturday in Shanghai: the due date is still Monday
    expect(workingDeadline(at("2026-11-27T16:00:00Z"), 1, cal).dueDate).toBe("2026-11-30");
  });

  it("uses the Shanghai date, not the UTC date", () => {
    // Thursday 2026-11-26 23:59:59 Shanghai vs Friday 00:00:00 Shanghai (still Thursday in UTC)
    expect(workingDeadline(at("2026-11-26T15:59:59Z"), 1, cal).dueDate).toBe("2026-11-27");
    expect(workingDeadline(at("2026-11-26T16:00:00Z"), 1, cal).dueDate).toBe("2026-11-30");
  });
});

describe("invalid periods", () => {
  it("rejects zero, negative and fractional working days", () => {
    expect(() => workingDeadline("2026-09-29", 0, cal)).toThrow("工作日天数必须是正整数（收到 0）");
    expect(() => workingDeadline("2026-09-29", -3, cal)).toThrow("工作日天数必须是正整数（收到 -3）");
    expect(() => workingDeadline("2026-09-29", 1.5, cal)).toThrow("工作日天数必须是正整数（收到 1.5）");
    expect(() => workingDeadline("2026-9-29", 1, cal)).toThrow("日期无效：2026-9-29");
  });
});

describe("overdue, reminders and counting", () => {
  it("is overdue only after 23:59:59 of the due date", () => {
    const { dueAt } = workingDeadline("2026-09-29", 5, cal);
    expect(isOverdue(dueAt, at("2026-10-12T15:59:59Z"))).toBe(false);
    expect(isOverdue(dueAt, at("2026-10-12T16:00:00Z"))).toBe(true);
  });

  it("reminds at 00:00 of the working day before the due date", () => {
    expect(remindAt({ dueDate: "2026-10-12" }, cal).toISOString()).toBe("2026-10-09T16:00:00.000Z"); // Sat 10-10
    expect(remindAt("2026-10-08", cal).toISOString()).toBe("2026-09-29T16:00:00.000Z"); // Wed 09-30
    expect(remindAt("2026-11-30", cal).toISOString()).toBe("2026-11-26T16:00:00.000Z"); // Fri 11-27
  });

  it("counts working days in (a, b], signed", () => {
    expect(workingDaysBetween("2026-09-29", "2026-10-12", cal)).toBe(5);
    expect(workingDaysBetween("2026-10-12", "2026-09-29", cal)).toBe(-5);
    expect(workingDaysBetween("2026-10-01", "2026-10-07", cal)).toBe(0);
    expect(workingDaysBetween(at("2026-09-29T15:59:59Z"), at("2026-10-08T01:00:00Z"), cal)).toBe(2);
  });

  it("inverts workingDeadline for every start day of 2026 and periods 1–20", () => {
    for (let day = "2026-01-01"; day < "2027-01-01"; day = addCalendarDays(day, 7)) {
      for (const n of [1, 2, 5, 10, 20]) {
        expect(workingDaysBetween(day, workingDeadline(day, n, cal).dueDate, cal)).toBe(n);
      }
    }
  });
});

describe("returnWindowEnd", () => {
  it("ends 5 working days after the assignment", () => {
    expect(returnWindowEnd(at("2026-09-29T03:00:00Z"), cal).toISOString()).toBe("2026-10-12T15:59:59.000Z");
  });
});

describe("extendDeadline", () => {
  it("adds working days after the current due date", () => {
    const r = extendDeadline({ dueDate: "2026-10-12" }, 3, cal);
    expect(r).toMatchObject({ ok: true, deadline: { dueDate: "2026-10-15", extendedWorkingDays: 3, provisional: false } });
  });

  it("allows up to 10 working days per stage in total", () => {
    expect(EXTENSION_MAX_WORKING_DAYS).toBe(10);
    const r = extendDeadline({ dueDate: "2026-09-30", extendedWorkingDays: 6 }, 4, cal);
    expect(r).toMatchObject({ ok: true, deadline: { dueDate: "2026-10-12", extendedWorkingDays: 10 } });
  });

  it("rejects more than 10 working days with a Chinese reason", () => {
    expect(extendDeadline({ dueDate: "2026-10-12" }, 11, cal)).toEqual({
      ok: false,
      reason: "每个办理阶段最多延期 10 个工作日（申请 11 个工作日）",
    });
    expect(extendDeadline({ dueDate: "2026-10-12", extendedWorkingDays: 6 }, 5, cal)).toEqual({
      ok: false,
      reason: "每个办理阶段最多延期 10 个工作日；本阶段已延期 6 个工作日，最多还可延期 4 个工作日（申请 5 个工作日）",
    });
    expect(extendDeadline({ dueDate: "2026-10-12" }, 0, cal)).toEqual({
      ok: false,
      reason: "延期天数必须是正整数个工作日（收到 0）",
    });
  });
});

describe("pauses and calendar-day periods", () => {
  it("resumes a paused clock with the working days that were left", () => {
    // due 10-12, paused 09-30 with 4 working days left (10-08, 10-09, 10-10, 10-12), answer on Tue 10-20
    const d = resumeAfterPause({ dueDate: "2026-10-12" }, "2026-09-30", "2026-10-20", cal);
    expect(d.countedDays).toEqual(["2026-10-21", "2026-10-22", "2026-10-23", "2026-10-26"]);
  });

  it("closes the 15-day re-examination window at 23:59:59 of the 15th day", () => {
    expect(REEXAMINATION_WINDOW_CALENDAR_DAYS).toBe(15);
    const w = calendarDeadline(at("2026-11-23T10:00:00Z"), REEXAMINATION_WINDOW_CALENDAR_DAYS);
    expect(w.dueDate).toBe("2026-12-08");
    expect(w.dueAt.toISOString()).toBe("2026-12-08T15:59:59.000Z");
  });

  it("ships the default periods of DESIGN.md §4", () => {
    expect([stageWorkingDays("accept"), stageWorkingDays("accept", true)]).toEqual([2, 1]);
    expect([stageWorkingDays("verify"), stageWorkingDays("verify", true)]).toEqual([10, 5]);
    expect([stageWorkingDays("review"), stageWorkingDays("rectify"), RETURN_WINDOW_WORKING_DAYS]).toEqual([3, 20, 5]);
  });
});
