// Who may see a case 受理件 in the back office, enforced here for every read and write: a handler sees only cases
// its unit holds or held (once the office has assigned them); anything else is "not found", never "forbidden", so
// a foreign unit learns nothing about other units' cases.
import { and, eq, inArray } from "drizzle-orm";
import { caseEvents, cases } from "../../../db/schema.ts";
import { caseState, type Actor, type CaseSnapshot, type CaseState, type Finding } from "../../domain/cases.ts";
import { returnWindowEnd } from "../../domain/clock.ts";
import { RETURN_WINDOW_WORKING_DAYS } from "../../domain/deadlines.ts";
import type { WorkingCalendar } from "../../domain/calendar.ts";
import type { Tx } from "../db.ts";
import { OFFICE_UNIT_ID } from "../regions.ts";
import { clockPolicy, readClock } from "./clock-store.ts";

export type CaseRow = typeof cases.$inferSelect;

/** States in which a case has been handed to a unit; before that only the office sees it. */
const NOT_YET_ASSIGNED: CaseState[] = ["submitted", "accepted", "not_accepted"];

export function canSee(actor: Actor, c: Pick<CaseRow, "assignedUnitId" | "state">, unitsHeld: readonly string[] = []): boolean {
  if (actor.role !== "handler") return true;
  if (!actor.unitId) return false;
  const holds = c.assignedUnitId === actor.unitId && !NOT_YET_ASSIGNED.includes(c.state as CaseState);
  return holds || unitsHeld.includes(actor.unitId);
}

/** Units that held the case at some point (a unit that returned a case may still read it). */
async function unitsThatHeld(tx: Tx, caseId: number): Promise<string[]> {
  const rows = await tx
    .select({ unitId: caseEvents.unitId })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), inArray(caseEvents.action, ["assign"])));
  return rows.map((r) => r.unitId).filter((u): u is string => !!u);
}

export async function caseForActor(tx: Tx, caseId: number, actor: Actor): Promise<CaseRow | null> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).limit(1);
  if (!row) return null;
  if (actor.role !== "handler") return row;
  return canSee(actor, row, await unitsThatHeld(tx, caseId)) ? row : null;
}

/** The domain's view of a case: what transition() needs to decide. */
export async function snapshotOf(tx: Tx, c: CaseRow, cal: WorkingCalendar): Promise<CaseSnapshot> {
  const [ordered] = await tx
    .select({ id: caseEvents.id })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.action, "order_rectification")))
    .limit(1);
  const state = caseState(c.state);
  const clock = readClock(c.clock);
  return {
    id: c.id,
    state,
    kind: c.kind,
    assignedUnitId: c.assignedUnitId,
    handledByOffice: c.assignedUnitId === OFFICE_UNIT_ID && !NOT_YET_ASSIGNED.includes(state),
    finding: c.finding as Finding | null,
    rectificationOrdered: ordered !== undefined,
    returnDeadline: returnWindowEnd(clock, cal, RETURN_WINDOW_WORKING_DAYS),
    clock,
    clockPolicy: clockPolicy(),
  };
}
