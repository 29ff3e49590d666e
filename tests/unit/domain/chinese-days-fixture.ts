// Fixture calendars built from chinese-days, the way the server seeds the database (DESIGN.md §4).
// These helpers show how to adapt the package to the pure domain functions; the domain never imports it.
import { getDayDetail, getSolarDateFromLunar, getSolarTermDate } from "chinese-days";
import { calendarYearFromPublished, provisionalYear, WorkingCalendar } from "../../../src/domain/calendar.ts";
import type { CalendarYear, DayKind } from "../../../src/domain/calendar.ts";
import { addCalendarDays, isWeekend } from "../../../src/domain/time.ts";

const pad = (n: number) => String(n).padStart(2, "0");

/** chinese-days reads 'YYYY-MM-DD' as a lunar date and returns the solar date of the non-leap month. */
export const lunarToSolar = (year: number, month: number, day: number): string =>
  getSolarDateFromLunar(`${year}-${pad(month)}-${pad(day)}`).date;

/** 清明 is the solar term 'pure_brightness' in April. */
export const qingmingDate = (year: number): string => getSolarTermDate(year, 4, "pure_brightness");

/**
 * A published year from chinese-days' day-by-day API: a non-working weekday or a named holiday is a holiday,
 * a working weekend day is a make-up day. getDayDetail names holidays "National Day,国庆节,3" and plain days
 * by their English weekday.
 */
export function publishedYear(year: number): CalendarYear {
  const days: { date: string; kind: DayKind; name: string }[] = [];
  for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addCalendarDays(date, 1)) {
    const detail = getDayDetail(date);
    const chinese = detail.name.split(",")[1];
    if (!detail.work && chinese) days.push({ date, kind: "holiday", name: chinese });
    else if (detail.work && isWeekend(date)) days.push({ date, kind: "makeup_workday", name: `${chinese ?? ""}调休` });
  }
  return calendarYearFromPublished(year, days);
}

/** Published years as chinese-days knows them plus computed (provisional) ones after its data ends. */
export function fixtureCalendar(published: number[], provisional: number[] = []): WorkingCalendar {
  return new WorkingCalendar([
    ...published.map(publishedYear),
    ...provisional.map((y) => provisionalYear(y, lunarToSolar, qingmingDate)),
  ]);
}
