// The official working-day calendar 法定节假日与调休, stored in the database (DESIGN.md §4).
import { createRequire } from "node:module";
import chineseDays from "chinese-days";
import { and, asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { calendarDays, calendarYears, caseEvents, cases } from "../../db/schema.ts";
import { OPEN_STATES } from "../domain/cases.ts";
import { workingDaysBetween, workingDeadline } from "../domain/deadlines.ts";
import {
  calendarYearsFromChineseDays,
  provisionalYear,
  validateCalendarYear,
  WorkingCalendar,
  type CalendarYear,
  type ChineseDaysData,
} from "../domain/calendar.ts";
import { addCalendarDays, formatDateCn, shanghaiDate } from "../domain/time.ts";
import type { Tx } from "./db.ts";

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
 * Seed published years from chinese-days and compute provisional ones up to two years after `now`, so that any
 * deadline set today lands on a known (if provisional) calendar.
 */
export async function seedCalendar(tx: Tx, now: Date): Promise<{ published: number[]; provisional: number[] }> {
  const published = publishedYearsFromPackage();
  for (const y of published) await writeYear(tx, y, "chinese-days", now);
  const last = Math.max(...published.map((y) => y.year));
  const thisYear = now.getUTCFullYear();
  const provisional: number[] = [];
  for (let year = last + 1; year <= Math.max(last, thisYear) + 2; year++) {
    await writeYear(tx, computedYear(year), "computed", now);
    provisional.push(year);
  }
  return { published: published.map((y) => y.year), provisional };
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
  const before = await loadCalendar(tx);
  await writeYear(tx, year, "staff", now);
  const after = await loadCalendar(tx);

  const running = await tx
    .select()
    .from(cases)
    .where(and(eq(cases.deadlineProvisional, true), isNotNull(cases.deadlineAt), inArray(cases.state, [...OPEN_STATES])));
  const changes: RecomputedDeadline[] = [];
  for (const c of running) {
    const [clock] = await tx
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, c.id), isNotNull(caseEvents.deadlineAt)))
      .orderBy(desc(caseEvents.at), desc(caseEvents.id))
      .limit(1);
    if (!clock || !c.deadlineAt) continue;
    const oldDue = shanghaiDate(c.deadlineAt);
    const length = workingDaysBetween(clock.at, oldDue, before);
    if (length < 1) continue;
    const next = workingDeadline(clock.at, length, after);
    await tx.update(cases).set({ deadlineAt: next.dueAt, deadlineProvisional: next.provisional, updatedAt: now }).where(eq(cases.id, c.id));
    if (next.dueDate !== oldDue || next.provisional !== c.deadlineProvisional) {
      await tx.insert(caseEvents).values({
        caseId: c.id,
        action: "deadline_recomputed",
        fromState: c.state,
        toState: c.state,
        at: now,
        actorLabel: "系统",
        publicNote: `国务院公布 ${year.year} 年放假安排后，办理期限由 ${formatDateCn(oldDue)}（暂定）调整为 ${formatDateCn(next.dueDate)}${next.provisional ? "（暂定）" : ""}`,
        deadlineAt: next.dueAt,
      });
    }
    changes.push({ caseId: c.id, trackingNumber: c.trackingNumber, from: oldDue, to: next.dueDate, provisional: next.provisional });
  }
  return changes;
}

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
