import { describe, expect, it } from "vitest";
import { calendarYearFromPublished, CalendarGapError, WorkingCalendar } from "../../../src/domain/calendar.ts";
import {
  calendarDeadline,
  describeDeadline,
  REEXAMINATION_WINDOW_CALENDAR_DAYS,
  remindAt,
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

  it("refuses to count into a year missing from the calendar altogether (weekends alone would count 元旦)", () => {
    const only2026 = new WorkingCalendar([publishedYear(2026)]);
    expect(() => workingDeadline("2026-12-31", 1, only2026)).toThrow(CalendarGapError);
    expect(() => workingDeadline("2026-12-31", 1, only2026)).toThrow("节假日日历未包含 2027 年");
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

describe("calendar-day periods", () => {
  it("closes the 15-day re-examination window at 23:59:59 of the 15th day", () => {
    expect(REEXAMINATION_WINDOW_CALENDAR_DAYS).toBe(15);
    const w = calendarDeadline(at("2026-11-23T10:00:00Z"), REEXAMINATION_WINDOW_CALENDAR_DAYS);
    expect(w.dueDate).toBe("2026-12-08");
    expect(w.dueAt.toISOString()).toBe("2026-12-08T15:59:59.000Z");
  });
});
