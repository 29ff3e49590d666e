// WorkingCalendar 法定节假日与调休: the official working-day calendar that all working-day deadlines count on.
import { addCalendarDays, isDateString, isWeekend, yearOf } from "./time.ts";
import type { DateString } from "./time.ts";

// Only exceptions are stored; every other day follows the Monday–Friday rule.
export type DayKind = "holiday" | "makeup_workday";

export interface CalendarException {
  date: DateString;
  kind: DayKind;
  name: string;
}

export interface CalendarYear {
  year: number;
  /** True while the State Council has not published the year's schedule (暂定). */
  provisional: boolean;
  exceptions: CalendarException[];
}

export type DayType = "workday" | "weekend" | "holiday" | "makeup_workday";

export interface DayInfo {
  date: DateString;
  working: boolean;
  type: DayType;
  /** Holiday name (e.g. 国庆节), or 调休上班 context; absent for ordinary days. */
  name?: string;
  provisional: boolean;
}

export const DAY_TYPE_LABELS: Record<DayType, string> = {
  workday: "工作日",
  weekend: "休息日",
  holiday: "法定节假日",
  makeup_workday: "调休上班",
};

/** Problems with a year's data, in Chinese, for staff loading a schedule; empty when the year is usable. */
export function validateCalendarYear(y: CalendarYear): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of y.exceptions) {
    if (!isDateString(e.date)) {
      problems.push(`日期无效：${e.date}`);
      continue;
    }
    if (yearOf(e.date) !== y.year) problems.push(`${e.date} 不属于 ${y.year} 年`);
    if (seen.has(e.date)) problems.push(`${e.date} 重复出现`);
    seen.add(e.date);
    if (e.kind === "makeup_workday" && !isWeekend(e.date)) {
      problems.push(`${e.date} 是工作日，不能设为调休上班日`);
    }
  }
  return problems;
}

/** A date in a year the calendar does not cover (neither published nor computed as provisional). */
export class CalendarGapError extends RangeError {
  readonly year: number;
  constructor(year: number) {
    super(`节假日日历未包含 ${year} 年，无法计算工作日，请载入该年的放假安排`);
    this.year = year;
  }
}

export class WorkingCalendar {
  readonly #exceptions = new Map<DateString, CalendarException>();
  readonly #years = new Map<number, boolean>();

  constructor(years: CalendarYear[]) {
    for (const y of years) {
      const problems = validateCalendarYear(y);
      if (problems.length > 0) throw new RangeError(`${y.year} 年日历数据有误：${problems.join("；")}`);
      if (this.#years.has(y.year)) throw new RangeError(`${y.year} 年日历重复`);
      this.#years.set(y.year, y.provisional);
      for (const e of y.exceptions) this.#exceptions.set(e.date, e);
    }
  }

  hasYear(year: number): boolean {
    return this.#years.has(year);
  }

  /** The years loaded, ascending. */
  years(): number[] {
    return [...this.#years.keys()].sort((a, b) => a - b);
  }

  /** A year the calendar does not hold is an error: weekends alone would count 春节 as working days. */
  #provisional(date: DateString): boolean {
    const provisional = this.#years.get(yearOf(date));
    if (provisional === undefined) throw new CalendarGapError(yearOf(date));
    return provisional;
  }

  isProvisional(date: DateString): boolean {
    return this.#provisional(date);
  }

  isWorkingDay(date: DateString): boolean {
    this.#provisional(date);
    const e = this.#exceptions.get(date);
    if (e) return e.kind === "makeup_workday";
    return !isWeekend(date);
  }

  dayInfo(date: DateString): DayInfo {
    const provisional = this.#provisional(date);
    const e = this.#exceptions.get(date);
    if (e) {
      const working = e.kind === "makeup_workday";
      return { date, working, type: e.kind, name: e.name, provisional };
    }
    const weekend = isWeekend(date);
    return { date, working: !weekend, type: weekend ? "weekend" : "workday", provisional };
  }
}

/** The years a calendar must hold on `today` (a Shanghai date): this one and the next three. */
export function yearsToCover(today: DateString, ahead = 3): number[] {
  const year = yearOf(today);
  return Array.from({ length: ahead + 1 }, (_, i) => year + i);
}

/** lunarToSolar(year, lunarMonth, lunarDay) → 'YYYY-MM-DD' of that day in the (non-leap) lunar month. */
export type LunarToSolar = (year: number, lunarMonth: number, lunarDay: number) => DateString;
/** qingmingDate(year) → 'YYYY-MM-DD' of the 清明 solar term. */
export type QingmingDate = (year: number) => DateString;

export interface ProvisionalOptions {
  /**
   * Add the 补假 that 《全国年节及纪念日放假办法》 Art. 4 grants when a holiday falls on a weekend (the next free
   * weekday). Off by default: the published schedule usually rearranges these days with 调休 anyway, and DESIGN
   * asks for weekends plus the statutory holidays only.
   */
  substituteWeekendHolidays?: boolean;
}

/**
 * A year not yet published, computed from weekends and the statutory holidays of 《全国年节及纪念日放假办法》
 * (2024 revision, 13 days). Make-up working days are unknown until publication, so there are none.
 * The lunar and solar-term lookups are injected to keep this module free of packages.
 */
export function provisionalYear(
  year: number,
  lunarToSolar: LunarToSolar,
  qingmingDate: QingmingDate,
  options: ProvisionalOptions = {},
): CalendarYear {
  const holidays = new Map<DateString, string>();
  const add = (date: DateString, name: string) => {
    if (!isDateString(date) || yearOf(date) !== year) {
      throw new RangeError(`${year} 年${name}的日期计算有误（得到 ${date}）`);
    }
    holidays.set(date, name);
  };
  const pad = (n: number) => String(n).padStart(2, "0");
  const fixed = (month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

  add(fixed(1, 1), "元旦");
  const springFestival = lunarToSolar(year, 1, 1);
  // 除夕 is "the day before 正月初一" rather than 腊月三十, because 腊月 has only 29 days in many years.
  for (let i = -1; i <= 2; i += 1) add(addCalendarDays(springFestival, i), "春节");
  add(qingmingDate(year), "清明节");
  add(fixed(5, 1), "劳动节");
  add(fixed(5, 2), "劳动节");
  add(lunarToSolar(year, 5, 5), "端午节");
  add(lunarToSolar(year, 8, 15), "中秋节");
  for (let d = 1; d <= 3; d += 1) add(fixed(10, d), "国庆节");

  if (options.substituteWeekendHolidays) {
    const onWeekend = [...holidays].filter(([date]) => isWeekend(date)).sort(([a], [b]) => a.localeCompare(b));
    for (const [date, name] of onWeekend) {
      let d = addCalendarDays(date, 1);
      while (isWeekend(d) || holidays.has(d)) d = addCalendarDays(d, 1);
      if (yearOf(d) === year) holidays.set(d, `${name}（补假）`);
    }
  }

  const exceptions = [...holidays]
    .map(([date, name]): CalendarException => ({ date, kind: "holiday", name }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return { year, provisional: true, exceptions };
}

/** A year as published by the State Council (e.g. loaded by staff or from chinese-days). */
export function calendarYearFromPublished(
  year: number,
  days: { date: DateString; kind: DayKind; name: string }[],
): CalendarYear {
  const exceptions = days
    .map((d): CalendarException => ({ date: d.date, kind: d.kind, name: d.name }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return { year, provisional: false, exceptions };
}

/**
 * The shape of chinese-days' `dist/chinese-days.json` (`holidays` and `workdays` maps of
 * 'YYYY-MM-DD' → "English name,中文名,days"). Reading that file avoids the package's date functions, which
 * mix UTC parsing with local formatting and shift every date by one in time zones west of UTC.
 */
export interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** Published years from chinese-days data; a make-up day's name gets the suffix 调休. */
export function calendarYearsFromChineseDays(data: ChineseDaysData): CalendarYear[] {
  const byYear = new Map<number, { date: DateString; kind: DayKind; name: string }[]>();
  const push = (date: string, kind: DayKind, raw: string) => {
    const year = yearOf(date);
    const chinese = raw.split(",")[1]?.trim() || raw;
    const name = kind === "makeup_workday" ? `${chinese}调休` : chinese;
    const list = byYear.get(year) ?? [];
    list.push({ date, kind, name });
    byYear.set(year, list);
  };
  for (const [date, raw] of Object.entries(data.holidays)) push(date, "holiday", raw);
  for (const [date, raw] of Object.entries(data.workdays)) push(date, "makeup_workday", raw);
  return [...byYear]
    .sort(([a], [b]) => a - b)
    .map(([year, days]) => calendarYearFromPublished(year, days));
}
