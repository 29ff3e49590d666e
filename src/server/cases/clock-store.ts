// The case clock as stored: the domain's fold (src/domain/clock.ts) kept as JSON on the case, plus the columns that
// queues and the scheduler select by. Both are always written together from the domain, never computed here.
import { asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { caseEvents, cases } from "../../../db/schema.ts";
import type { WorkingCalendar } from "../../domain/calendar.ts";
import { clockColumns, clockFromEvents, clockState, STAGES, type CaseClock, type ClockPolicy, type ClockState } from "../../domain/clock.ts";
import { config } from "../config.ts";
import type { Tx } from "../db.ts";
import type { CaseRow } from "./access.ts";

const storedClock = z.object({
  runs: z.array(
    z.object({
      stage: z.enum(STAGES),
      startedAt: z.coerce.date(),
      workingDays: z.number().int().positive(),
      extendedDays: z.number().int().min(0),
      pauses: z.array(z.object({ from: z.coerce.date(), to: z.coerce.date().nullable() })),
      endedAt: z.coerce.date().nullable(),
    }),
  ),
  current: z.number().int().min(0).nullable(),
});

/** The JSON form (dates as ISO strings) of a CaseClock. */
export type StoredClock = z.input<typeof storedClock>;

export function readClock(json: unknown): CaseClock {
  if (json === null || json === undefined) throw new Error("受理件缺少办理时限记录（请先运行数据库迁移）");
  return storedClock.parse(json);
}

export function storeClock(clock: CaseClock): StoredClock {
  return JSON.parse(JSON.stringify(clock)) as StoredClock;
}

/** DESIGN.md's periods, or the ones configured (DEADLINE_* settings). */
export function clockPolicy(): ClockPolicy {
  return config().clockPolicy;
}

/**
 * The columns to write with a new clock. The reminder and overdue marks belong to one deadline: when it moves they
 * are cleared, so the scheduler reminds and flags again against the new date.
 */
export function clockChanges(c: Pick<CaseRow, "deadlineAt"> | null, clock: CaseClock, cal: WorkingCalendar): Partial<CaseRow> {
  const columns = clockColumns(clock, cal);
  const moved = (c?.deadlineAt?.getTime() ?? null) !== (columns.deadlineAt?.getTime() ?? null);
  return { clock: storeClock(clock), ...columns, ...(moved ? { remindedDeadlineAt: null, overdueAt: null } : {}) };
}

/** The clock of a case from its events: for rows written before clocks were stored, and to check a stored one. */
export async function clockFromHistory(tx: Tx, c: Pick<CaseRow, "id" | "kind">): Promise<CaseClock> {
  const events = await tx
    .select({ action: caseEvents.action, at: caseEvents.at, workingDays: caseEvents.workingDays })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, c.id))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
  return clockFromEvents(events, { objection: c.kind === "objection", policy: clockPolicy() });
}

/** Stores a clock on every case that has none yet (run after migrations; idempotent). */
export async function backfillCaseClocks(tx: Tx, cal: () => Promise<WorkingCalendar>): Promise<number> {
  const missing = await tx.select({ id: cases.id, kind: cases.kind, deadlineAt: cases.deadlineAt }).from(cases).where(isNull(cases.clock));
  if (missing.length === 0) return 0;
  const calendar = await cal();
  for (const c of missing) {
    const clock = await clockFromHistory(tx, c);
    await tx.update(cases).set(clockChanges(c, clock, calendar)).where(eq(cases.id, c.id));
  }
  return missing.length;
}

/** The domain's answer for a stored case: running / due soon / paused / overdue, its deadline and days left. */
export function clockStateOf(row: { clock: unknown }, now: Date, cal: WorkingCalendar): ClockState {
  return clockState(readClock(row.clock), now, cal);
}
