// Time 北京时间: every rule of the portal is stated in Asia/Shanghai calendar days.
// China has had no daylight saving time since 1991, so a fixed UTC+8 offset is exact for every date we handle and
// spares us a dependency on the host's time-zone database.

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A calendar date as 'YYYY-MM-DD' (no time, no zone). */
export type DateString = string;

function parts(date: DateString): { y: number; m: number; d: number } {
  const match = DATE_RE.exec(date);
  if (!match) throw new RangeError(`日期格式应为 YYYY-MM-DD（收到 "${date}"）`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const probe = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC silently rolls 02-30 over into March; a deadline computed from such a date would be wrong quietly.
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    throw new RangeError(`日期不存在：${date}`);
  }
  return { y, m, d };
}

function utcMidnight(date: DateString): number {
  const { y, m, d } = parts(date);
  return Date.UTC(y, m - 1, d);
}

function fromUtcMidnight(ms: number): DateString {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isDateString(value: string): boolean {
  try {
    parts(value);
    return true;
  } catch {
    return false;
  }
}

export function isTimeOfDay(value: string): boolean {
  return TIME_RE.test(value);
}

export function shanghaiDate(instant: Date): DateString {
  return fromUtcMidnight(instant.getTime() + OFFSET_MS);
}

/** 'HH:MM' on the Shanghai wall clock. */
export function shanghaiTime(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}

export function shanghaiStartOfDay(date: DateString): Date {
  return new Date(utcMidnight(date) - OFFSET_MS);
}

/** 23:59:59.000 — the rules say a day "ends 23:59:59", and stored instants then read back exactly as published. */
export function shanghaiEndOfDay(date: DateString): Date {
  return new Date(utcMidnight(date) - OFFSET_MS + DAY_MS - 1000);
}

/** The instant of a Shanghai wall-clock time ('HH:MM') on a date. */
export function shanghaiAt(date: DateString, time: string): Date {
  const match = TIME_RE.exec(time);
  if (!match) throw new RangeError(`时间格式应为 HH:MM（收到 "${time}"）`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return new Date(utcMidnight(date) - OFFSET_MS + minutes * 60_000);
}

export function addCalendarDays(date: DateString, n: number): DateString {
  return fromUtcMidnight(utcMidnight(date) + n * DAY_MS);
}

/** Whole calendar days from a to b (negative when b is earlier). */
export function calendarDaysBetween(a: DateString, b: DateString): number {
  return Math.round((utcMidnight(b) - utcMidnight(a)) / DAY_MS);
}

/** Same month and day n years later; 29 February falls back to 28 February in common years. */
export function addYears(date: DateString, n: number): DateString {
  const { y, m, d } = parts(date);
  const target = y + n;
  const day = Math.min(d, lastDayOfMonth(target, m));
  return `${String(target).padStart(4, "0")}-${pad2(m)}-${pad2(day)}`;
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday, as Date#getDay. */
export function weekday(date: DateString): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

export function isWeekend(date: DateString): boolean {
  const w = weekday(date);
  return w === 0 || w === 6;
}

export function yearOf(date: DateString): number {
  return parts(date).y;
}

/** '2026年10月12日' — official documents do not zero-pad month or day. */
export function formatDateCn(date: DateString): string {
  const { y, m, d } = parts(date);
  return `${y}年${m}月${d}日`;
}

/** '2026年11月23日 18:00' (or without the time). */
export function formatShanghai(instant: Date, withTime = true): string {
  const date = formatDateCn(shanghaiDate(instant));
  return withTime ? `${date} ${shanghaiTime(instant)}` : date;
}

const WEEKDAY_CN = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"] as const;

export function weekdayCn(date: DateString): string {
  return WEEKDAY_CN[weekday(date)] ?? "";
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
