// Deadline arithmetic 工作日计算: periods counted in working days of the official calendar (DESIGN.md §4). Which
// period runs on a case, and when, is the case clock's business (clock.ts).
import type { WorkingCalendar } from "./calendar.ts";
import {
  addCalendarDays,
  calendarDaysBetween,
  formatDateCn,
  isDateString,
  shanghaiDate,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
} from "./time.ts";
import type { DateString } from "./time.ts";

/** 信访工作条例 Art. 23: a unit that is not responsible returns the case within this many working days. */
export const RETURN_WINDOW_WORKING_DAYS = 5;
export const REEXAMINATION_WINDOW_CALENDAR_DAYS = 15;

export interface Deadline {
  dueDate: DateString;
  /** 23:59:59 Asia/Shanghai of dueDate. */
  dueAt: Date;
  /** True when any day of the period lies in a year whose schedule is not yet published (暂定). */
  provisional: boolean;
  countedDays: DateString[];
}

/** A point in time or a Shanghai calendar date; instants are reduced to their Shanghai date. */
export type DayRef = Date | DateString;

function toDate(ref: DayRef): DateString {
  if (typeof ref === "string") {
    if (!isDateString(ref)) throw new RangeError(`日期无效：${ref}`);
    return ref;
  }
  return shanghaiDate(ref);
}

function assertPositiveDays(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`工作日天数必须是正整数（收到 ${n}）`);
}

// No published schedule has more than ~10 consecutive days off; the bound only guards against a corrupt calendar.
const MAX_SCAN_FACTOR = 7;
const MAX_SCAN_SLACK = 60;

/**
 * The deadline n working days after `start`: the start day itself does not count (whatever the time of day),
 * holidays are skipped, 调休 make-up Saturdays count, and the period ends 23:59:59 of the last day.
 */
export function workingDeadline(start: DayRef, workingDays: number, cal: WorkingCalendar): Deadline {
  assertPositiveDays(workingDays);
  let day = toDate(start);
  let provisional = false;
  const countedDays: DateString[] = [];
  const limit = workingDays * MAX_SCAN_FACTOR + MAX_SCAN_SLACK;
  for (let scanned = 0; countedDays.length < workingDays; scanned += 1) {
    if (scanned > limit) throw new RangeError(`日历在 ${day} 前后连续 ${limit} 天没有工作日，请检查节假日数据`);
    day = addCalendarDays(day, 1);
    if (cal.isProvisional(day)) provisional = true;
    if (cal.isWorkingDay(day)) countedDays.push(day);
  }
  return { dueDate: day, dueAt: shanghaiEndOfDay(day), provisional, countedDays };
}

/** Reminders go out at 00:00 of the working day before the due date (DESIGN.md §4). */
export function remindAt(due: DateString | { dueDate: DateString }, cal: WorkingCalendar): Date {
  const dueDate = typeof due === "string" ? due : due.dueDate;
  let day = addCalendarDays(dueDate, -1);
  for (let scanned = 0; !cal.isWorkingDay(day); scanned += 1) {
    if (scanned > MAX_SCAN_SLACK) throw new RangeError(`${dueDate} 之前 ${MAX_SCAN_SLACK} 天内没有工作日，请检查节假日数据`);
    day = addCalendarDays(day, -1);
  }
  return shanghaiStartOfDay(day);
}

/**
 * Working days in (a, b] — the same convention as workingDeadline, so that
 * workingDaysBetween(start, workingDeadline(start, n).dueDate) === n. Negative when b is before a.
 */
export function workingDaysBetween(a: DayRef, b: DayRef, cal: WorkingCalendar): number {
  const from = toDate(a);
  const to = toDate(b);
  const span = calendarDaysBetween(from, to);
  if (span < 0) return -workingDaysBetween(to, from, cal);
  let count = 0;
  for (let i = 1; i <= span; i += 1) {
    if (cal.isWorkingDay(addCalendarDays(from, i))) count += 1;
  }
  return count;
}

/** A period in calendar days (e.g. the 15-day re-examination window), ending 23:59:59 of the last day. */
export function calendarDeadline(start: DayRef, calendarDays: number): { dueDate: DateString; dueAt: Date } {
  if (!Number.isInteger(calendarDays) || calendarDays < 1) {
    throw new RangeError(`天数必须是正整数（收到 ${calendarDays}）`);
  }
  const dueDate = addCalendarDays(toDate(start), calendarDays);
  return { dueDate, dueAt: shanghaiEndOfDay(dueDate) };
}

/** '2026年10月12日（暂定）' — what the public and staff pages show for a due date. */
export function describeDeadline(d: { dueDate: DateString; provisional: boolean }): string {
  return `${formatDateCn(d.dueDate)}${d.provisional ? "（暂定）" : ""}`;
}
