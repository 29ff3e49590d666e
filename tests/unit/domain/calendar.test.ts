import { describe, expect, it } from "vitest";
import chineseDaysData from "chinese-days/dist/chinese-days.json" with { type: "json" };
import {
  CalendarGapError,
  calendarYearFromPublished,
  calendarYearsFromChineseDays,
  provisionalYear,
  validateCalendarYear,
  WorkingCalendar,
  yearsToCover,
} from "../../../src/domain/calendar.ts";
import { shanghaiDate } from "../../../src/domain/time.ts";
import { lunarToSolar, publishedYear, qingmingDate } from "./chinese-days-fixture.ts";

describe("WorkingCalendar with the published 2026 schedule", () => {
  const cal = new WorkingCalendar([publishedYear(2026)]);

  it("treats 国庆 days as holidays, even on a weekday", () => {
    expect(cal.isWorkingDay("2026-10-01")).toBe(false);
    expect(cal.isWorkingDay("2026-10-07")).toBe(false);
    expect(cal.dayInfo("2026-10-05")).toEqual({
      date: "2026-10-05",
      working: false,
      type: "holiday",
      name: "国庆节",
      provisional: false,
    });
  });

  it("counts the make-up Saturday 2026-10-10 as a working day", () => {
    expect(cal.isWorkingDay("2026-10-10")).toBe(true);
    expect(cal.dayInfo("2026-10-10")).toMatchObject({ type: "makeup_workday", working: true, name: "国庆节调休" });
  });

  it("follows the weekday rule elsewhere", () => {
    expect(cal.isWorkingDay("2026-09-29")).toBe(true);
    expect(cal.isWorkingDay("2026-10-11")).toBe(false);
    expect(cal.dayInfo("2026-10-11")).toEqual({ date: "2026-10-11", working: false, type: "weekend", provisional: false });
  });

  it("has 2026's 春节 as 02-15 to 02-23 with make-up days 02-14 and 02-28", () => {
    const off = ["2026-02-15", "2026-02-16", "2026-02-20", "2026-02-23"];
    for (const d of off) expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.isWorkingDay("2026-02-14")).toBe(true);
    expect(cal.isWorkingDay("2026-02-28")).toBe(true);
    expect(cal.isWorkingDay("2026-02-24")).toBe(true);
  });

  it("refuses a year it does not hold instead of guessing from weekends (春节 would count as working days)", () => {
    expect(cal.isProvisional("2026-12-31")).toBe(false);
    expect(cal.hasYear(2027)).toBe(false);
    expect(() => cal.isProvisional("2027-01-01")).toThrow(CalendarGapError);
    expect(() => cal.isWorkingDay("2027-01-01")).toThrow("节假日日历未包含 2027 年");
    expect(() => cal.dayInfo("2027-02-08")).toThrow(CalendarGapError);
  });

  it("lists the years to cover: this one and the next three, by the Shanghai date", () => {
    expect(yearsToCover("2026-12-31")).toEqual([2026, 2027, 2028, 2029]);
    expect(yearsToCover(shanghaiDate(new Date("2026-12-31T16:30:00Z")))).toEqual([2027, 2028, 2029, 2030]);
  });
});

describe("calendarYearsFromChineseDays (the package's JSON data)", () => {
  const years = calendarYearsFromChineseDays(chineseDaysData);

  it("agrees day by day with the package's API for 2026", () => {
    const fromJson = years.find((y) => y.year === 2026);
    expect(fromJson?.provisional).toBe(false);
    expect(fromJson?.exceptions).toEqual(publishedYear(2026).exceptions);
  });

  it("covers 2004–2026 with 33 holidays and 6 make-up days in 2026", () => {
    expect(years[0]?.year).toBe(2004);
    expect(years.at(-1)?.year).toBe(2026);
    const y2026 = years.find((y) => y.year === 2026);
    expect(y2026?.exceptions.filter((e) => e.kind === "holiday")).toHaveLength(33);
    expect(y2026?.exceptions.filter((e) => e.kind === "makeup_workday").map((e) => e.date)).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
  });

  it("builds a usable calendar from every published year", () => {
    const cal = new WorkingCalendar(years);
    expect(cal.isWorkingDay("2025-10-11")).toBe(true); // 2025 国庆 make-up Saturday
    expect(cal.isWorkingDay("2025-10-08")).toBe(false);
  });
});

describe("provisionalYear", () => {
  it("adapts chinese-days: lunar new year 2027 is 2027-02-06 and 清明 is 04-05", () => {
    expect(lunarToSolar(2027, 1, 1)).toBe("2027-02-06");
    expect(qingmingDate(2027)).toBe("2027-04-05");
  });

  it("computes the 13 statutory days of 2027 with no make-up days", () => {
    const y = provisionalYear(2027, lunarToSolar, qingmingDate);
    expect(y.provisional).toBe(true);
    expect(y.exceptions.map((e) => `${e.date} ${e.name}`)).toEqual([
      "2027-01-01 元旦",
      "2027-02-05 春节",
      "2027-02-06 春节",
      "2027-02-07 春节",
      "2027-02-08 春节",
      "2027-04-05 清明节",
      "2027-05-01 劳动节",
      "2027-05-02 劳动节",
      "2027-06-09 端午节",
      "2027-09-15 中秋节",
      "2027-10-01 国庆节",
      "2027-10-02 国庆节",
      "2027-10-03 国庆节",
    ]);
    expect(y.exceptions.every((e) => e.kind === "holiday")).toBe(true);
  });

  it("matches the statutory days inside the real 2026 schedule", () => {
    const computed = provisionalYear(2026, lunarToSolar, qingmingDate);
    const published = new WorkingCalendar([publishedYear(2026)]);
    for (const e of computed.exceptions) expect(published.isWorkingDay(e.date), e.date).toBe(false);
  });

  it("uses the injected 清明 date (04-04 in 2028)", () => {
    const y = provisionalYear(2028, lunarToSolar, qingmingDate);
    expect(y.exceptions.find((e) => e.name === "清明节")?.date).toBe("2028-04-04");
    // 2028 has a leap fifth month: 端午 is the regular 五月初五, not the leap one
    expect(y.exceptions.find((e) => e.name === "端午节")?.date).toBe("2028-05-28");
  });

  it("optionally adds 补假 for holidays on a weekend", () => {
    const y = provisionalYear(2027, lunarToSolar, qingmingDate, { substituteWeekendHolidays: true });
    const substitutes = y.exceptions.filter((e) => e.name.endsWith("（补假）")).map((e) => `${e.date} ${e.name}`);
    // 02-06/02-07, 05-01/05-02 and 10-02/10-03 fall on weekends
    expect(substitutes).toEqual([
      "2027-02-09 春节（补假）",
      "2027-02-10 春节（补假）",
      "2027-05-03 劳动节（补假）",
      "2027-05-04 劳动节（补假）",
      "2027-10-04 国庆节（补假）",
      "2027-10-05 国庆节（补假）",
    ]);
  });

  it("refuses a lookup that returns a date in the wrong year", () => {
    expect(() => provisionalYear(2027, () => "2026-02-17", qingmingDate)).toThrow("2027 年春节的日期计算有误");
  });
});

describe("validation of loaded data", () => {
  it("reports a weekday marked as make-up day, a foreign year and duplicates in Chinese", () => {
    const y = calendarYearFromPublished(2027, [
      { date: "2027-10-04", kind: "makeup_workday", name: "国庆节调休" },
      { date: "2026-10-01", kind: "holiday", name: "国庆节" },
      { date: "2027-10-01", kind: "holiday", name: "国庆节" },
      { date: "2027-10-01", kind: "holiday", name: "国庆节" },
    ]);
    // calendarYearFromPublished sorts by date, so problems come in date order
    expect(validateCalendarYear(y)).toEqual([
      "2026-10-01 不属于 2027 年",
      "2027-10-01 重复出现",
      "2027-10-04 是工作日，不能设为调休上班日",
    ]);
    expect(() => new WorkingCalendar([y])).toThrow("2027 年日历数据有误");
  });

  it("refuses the same year twice", () => {
    expect(() => new WorkingCalendar([publishedYear(2026), publishedYear(2026)])).toThrow("2026 年日历重复");
  });
});
