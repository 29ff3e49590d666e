// The official working-day calendar 法定节假日与调休, stored in the database (DESIGN.md §4).
import { createRequire } from "node:module";
import chineseDays from "chinese-days";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { calendarDays, calendarYears, caseEvents, cases } from "../../db/schema.ts";
import { OPEN_STATES } from "../domain/cases.ts";
import { describeDeadline } from "../domain/deadlines.ts";
import {
  calendarYearsFromChineseDays,
  provisionalYear,
  validateCalendarYear,
  WorkingCalendar,
  yearsToCover,
  type CalendarYear,
  type ChineseDaysData,
} from "../domain/calendar.ts";
import { addCalendarDays, shanghaiDate } from "../domain/time.ts";
import { clockChanges, readClock } from "./cases/clock-store.ts";
import type { Tx } from "./db.ts";
import { referenceChanged, referenceOf } from "./reference.ts";

const require = createRequire(import.meta.url);
// chinese-days parses 'YYYY-MM-DD' strings as UTC midnight but reads and formats them with local getters, so in a
// time zone west of UTC every answer is one day early. A Date at local noon reads back the same day everywhere.
const localNoon = (year: number, month: number, day: number) => new Date(year, month - 1, day, 12);

/** The solar date of a lunar date in the non-leap month (正月初一, 五月初五, 八月十五 are all we need). */
export const lunarToSolar = (year: number, month: number, day: number): string =>
  chineseDays.getSolarDateFromLunar(localNoon(year, month, day)).date;

/** 清明 is the solar term 'pure_brightness'; the package's UTC round trip lands a day early west of UTC. */
export const qingmingDate = (year: number): string => {
  const raw = chineseDays.getSolarTermDate(year, 4, "pure_brightness");
  const westOfUtc = new Date(`${raw}T00:00:00Z`).getTimezoneOffset() > 0;
  return westOfUtc ? addCalendarDays(raw, 1) : raw;
};

export function publishedYearsFromPackage(): CalendarYear[] {
  return calendarYearsFromChineseDays(require("chinese-days/dist/chinese-days.json") as ChineseDaysData);
}

export function computedYear(year: number): CalendarYear {
  return provisionalYear(year, lunarToSolar, qingmingDate);
}

async function writeYear(tx: Tx, y: CalendarYear, source: "chinese-days" | "computed" | "staff", now: Date) {
  await tx.delete(calendarYears).where(eq(calendarYears.year, y.year)); // cascades to its days
  await tx.insert(calendarYears).values({ year: y.year, provisional: y.provisional, source, loadedAt: now });
  if (y.exceptions.length) {
    await tx.insert(calendarDays).values(y.exceptions.map((e) => ({ date: e.date, year: y.year, kind: e.kind, name: e.name })));
  }
}

/**
 * Seed published years from chinese-days and compute provisional ones for the years after them, so that the calendar
 * covers this year and the next three (Asia/Shanghai): any deadline set today lands on a known, if provisional, day.
 */
export async function seedCalendar(tx: Tx, now: Date): Promise<{ published: number[]; provisional: number[] }> {
  const published = publishedYearsFromPackage();
  for (const y of published) await writeYear(tx, y, "chinese-days", now);
  const known = new Set(published.map((y) => y.year));
  const provisional: number[] = [];
  for (const year of yearsToCover(shanghaiDate(now))) {
    if (known.has(year)) continue;
    await writeYear(tx, computedYear(year), "computed", now);
    provisional.push(year);
  }
  await referenceChanged(tx);
  return { published: published.map((y) => y.year), provisional };
}

/** Adds the provisional years that time has brought within reach (run by the scheduler); returns the years added. */
export async function ensureCalendarCoverage(tx: Tx, now: Date): Promise<number[]> {
  const have = new Set((await tx.select({ year: calendarYears.year }).from(calendarYears)).map((r) => r.year));
  const added: number[] = [];
  for (const year of yearsToCover(shanghaiDate(now))) {
    if (have.has(year)) continue;
    await tx.insert(calendarYears).values({ year, provisional: true, source: "computed", loadedAt: now }).onConflictDoNothing();
    const y = computedYear(year);
    if (y.exceptions.length) await tx.insert(calendarDays).values(y.exceptions.map((e) => ({ date: e.date, year, kind: e.kind, name: e.name }))).onConflictDoNothing();
    added.push(year);
  }
  if (added.length) await referenceChanged(tx);
  return added;
}

export class CalendarInputError extends Error {}

export interface RecomputedDeadline {
  caseId: number;
  trackingNumber: string;
  from: string;
  to: string;
  provisional: boolean;
}

/**
 * Staff load a year's schedule once the State Council publishes it: it replaces the provisional year, and every
 * running provisional deadline is recomputed from the start of its clock, keeping its length in working days
 * (extensions included) and recorded on the case's timeline (DESIGN.md §4). Run inside a transaction.
 */
export async function loadPublishedSchedule(tx: Tx, year: CalendarYear, now: Date): Promise<RecomputedDeadline[]> {
  if (year.provisional) throw new CalendarInputError("只能载入国务院已公布的放假安排");
  const problems = validateCalendarYear(year);
  if (problems.length) throw new CalendarInputError(`${year.year} 年放假安排有误：${problems.join("；")}`);
  await writeYear(tx, year, "staff", now);
  await referenceChanged(tx);
  // As this transaction sees it, the new year included: never the one kept in memory.
  const after = await loadCalendar(tx);

  // Every open case whose running deadline the new schedule moves: recomputed from its clock, on the timeline.
  const open = await tx
    .select({ id: cases.id, trackingNumber: cases.trackingNumber, state: cases.state, clock: cases.clock, deadlineAt: cases.deadlineAt, deadlineProvisional: cases.deadlineProvisional })
    .from(cases)
    .where(and(isNotNull(cases.deadlineAt), inArray(cases.state, [...OPEN_STATES])));
  const changes: RecomputedDeadline[] = [];
  for (const c of open) {
    const next = clockChanges(c, readClock(c.clock), after);
    if (!next.deadlineAt || !c.deadlineAt) continue;
    const oldDue = shanghaiDate(c.deadlineAt);
    const newDue = shanghaiDate(next.deadlineAt);
    if (oldDue === newDue && next.deadlineProvisional === c.deadlineProvisional) continue;
    await tx.update(cases).set({ ...next, updatedAt: now }).where(eq(cases.id, c.id));
    await tx.insert(caseEvents).values({
      caseId: c.id,
      action: "deadline_recomputed",
      fromState: c.state,
      toState: c.state,
      at: now,
      actorLabel: "系统",
      publicNote: `国务院公布 ${year.year} 年放假安排后，办理期限由 ${describeDeadline({ dueDate: oldDue, provisional: c.deadlineProvisional })}调整为 ${describeDeadline({ dueDate: newDue, provisional: next.deadlineProvisional ?? false })}`,
      deadlineAt: next.deadlineAt,
      deadlineProvisional: next.deadlineProvisional ?? false,
    });
    changes.push({ caseId: c.id, trackingNumber: c.trackingNumber, from: oldDue, to: newDue, provisional: next.deadlineProvisional ?? false });
  }
  return changes;
}

/**
 * The calendar as last loaded, for reading: case pages, queues, statistics, the tracking page. A write that sets a
 * deadline calls loadCalendar in its transaction instead, so that a schedule loaded a moment ago by another process
 * (before this instance's poll has seen it) can never give a case a wrong deadline.
 */
export function workingCalendar(tx: Tx): Promise<WorkingCalendar> {
  return referenceOf(tx, "calendar", async () => {
    const cal = await loadCalendar(tx);
    Object.freeze(cal);
    return cal;
  });
}

/** The calendar as the database holds it now, in `tx`. */
export async function loadCalendar(tx: Tx): Promise<WorkingCalendar> {
  const years = await tx.select().from(calendarYears).orderBy(asc(calendarYears.year));
  const days = await tx.select().from(calendarDays).orderBy(asc(calendarDays.date));
  return new WorkingCalendar(
    years.map((y) => ({
      year: y.year,
      provisional: y.provisional,
      exceptions: days.filter((d) => d.year === y.year).map((d) => ({ date: d.date, kind: d.kind, name: d.name })),
    })),
  );
}
