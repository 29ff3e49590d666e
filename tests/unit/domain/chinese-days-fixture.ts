// Fixture calendars built from chinese-days, the way the server seeds the database (DESIGN.md §4).
// The adapters live in src/server/calendar.ts, which seeds the database the same way; the domain never imports chinese-days.
import { getDayDetail } from "chinese-days";
import { lunarToSolar, qingmingDate } from "../../../src/server/calendar.ts";

export { lunarToSolar, qingmingDate };
import { calendarYearFromPublished, provisionalYear, WorkingCalendar } from "../../../src/domain/calendar.ts";
import type { CalendarYear, DayKind } from "../../../src/domain/calendar.ts";
import { addCalendarDays, isWeekend } from "../../../src/domain/time.ts";

/**
 * A published year from chinese-days' day-by-day API: a named day off is a holiday, a named working weekend day
 * is a make-up day. getDayDetail names them "National Day,国庆节,3" and plain days by their English weekday.
 * (The server reads `dist/chinese-days.json` with calendarYearsFromChineseDays instead; calendar.test.ts checks
 * that both give the same 2026.)
 */
export function publishedYear(year: number): CalendarYear {
  const days: { date: string; kind: DayKind; name: string }[] = [];
  for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addCalendarDays(date, 1)) {
    // Only named days are exceptions. For them `work` and `name` are right in any time zone when asked with a
    // string; the echoed date and the weekday rule of plain days are not, west of UTC.
    const detail = getDayDetail(date);
    const chinese = detail.name.split(",")[1];
    if (!chinese) continue;
    if (!detail.work) days.push({ date, kind: "holiday", name: chinese });
    else if (isWeekend(date)) days.push({ date, kind: "makeup_workday", name: `${chinese}调休` });
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
