import { describe, expect, it } from "vitest";
import {
  addCalendarDays,
  addYears,
  calendarDaysBetween,
  formatDateCn,
  formatShanghai,
  isDateString,
  isTimeOfDay,
  lastDayOfMonth,
  shanghaiAt,
  shanghaiDate,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
  shanghaiTime,
  weekday,
  weekdayCn,
} from "../../../src/domain/time.ts";

describe("shanghaiDate", () => {
  it("is the UTC date shifted by eight hours", () => {
    expect(shanghaiDate(new Date("2026-09-29T15:59:59Z"))).toBe("2026-09-29");
    expect(shanghaiDate(new Date("2026-09-29T16:00:00Z"))).toBe("2026-09-30");
    expect(shanghaiDate(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
  });
  it("reads the Shanghai wall clock", () => {
    expect(shanghaiTime(new Date("2026-11-23T10:00:00Z"))).toBe("18:00");
  });
});

describe("day boundaries", () => {
  it("starts a Shanghai day at 16:00 UTC the day before", () => {
    expect(shanghaiStartOfDay("2026-10-12").toISOString()).toBe("2026-10-11T16:00:00.000Z");
  });
  it("ends a Shanghai day at 23:59:59.000 local", () => {
    expect(shanghaiEndOfDay("2026-10-12").toISOString()).toBe("2026-10-12T15:59:59.000Z");
  });
  it("places a wall-clock time on a date", () => {
    expect(shanghaiAt("2026-11-29", "18:00").toISOString()).toBe("2026-11-29T10:00:00.000Z");
    expect(() => shanghaiAt("2026-11-29", "24:00")).toThrow("时间格式应为 HH:MM");
  });
});

describe("calendar arithmetic", () => {
  it("adds days across months, years and leap days", () => {
    expect(addCalendarDays("2026-09-29", 5)).toBe("2026-10-04");
    expect(addCalendarDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addCalendarDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addCalendarDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addCalendarDays("2026-01-01", -1)).toBe("2025-12-31");
  });
  it("counts days between dates", () => {
    expect(calendarDaysBetween("2026-09-29", "2026-10-12")).toBe(13);
    expect(calendarDaysBetween("2026-10-12", "2026-09-29")).toBe(-13);
  });
  it("adds years, moving 29 February to 28 February", () => {
    expect(addYears("2026-05-21", 3)).toBe("2029-05-21");
    expect(addYears("2028-02-29", 3)).toBe("2031-02-28");
    expect(addYears("2028-02-29", 4)).toBe("2032-02-29");
  });
  it("knows month lengths", () => {
    expect(lastDayOfMonth(2028, 2)).toBe(29);
    expect(lastDayOfMonth(2100, 2)).toBe(28);
    expect(lastDayOfMonth(2000, 2)).toBe(29);
    expect(lastDayOfMonth(2026, 4)).toBe(30);
  });
  it("gives the weekday with 0 = Sunday", () => {
    expect(weekday("2026-10-10")).toBe(6);
    expect(weekday("2026-10-11")).toBe(0);
    expect(weekday("2026-09-29")).toBe(2);
    expect(weekdayCn("2026-10-10")).toBe("星期六");
  });
});

describe("validation", () => {
  it("rejects impossible and malformed dates", () => {
    expect(isDateString("2026-02-29")).toBe(false);
    expect(isDateString("2028-02-29")).toBe(true);
    expect(isDateString("2026-2-3")).toBe(false);
    expect(() => addCalendarDays("2026-02-30", 1)).toThrow("日期不存在：2026-02-30");
    expect(() => weekday("20261010")).toThrow("日期格式应为 YYYY-MM-DD");
  });
  it("checks HH:MM", () => {
    expect(isTimeOfDay("18:00")).toBe(true);
    expect(isTimeOfDay("8:00")).toBe(false);
    expect(isTimeOfDay("23:60")).toBe(false);
  });
});

describe("formatting", () => {
  it("formats instants in Chinese without zero padding of month and day", () => {
    expect(formatShanghai(new Date("2026-11-23T10:00:00Z"))).toBe("2026年11月23日 18:00");
    expect(formatShanghai(new Date("2026-03-04T23:05:00Z"))).toBe("2026年3月5日 07:05");
    expect(formatShanghai(new Date("2026-11-23T10:00:00Z"), false)).toBe("2026年11月23日");
    expect(formatDateCn("2026-10-08")).toBe("2026年10月8日");
  });
});
