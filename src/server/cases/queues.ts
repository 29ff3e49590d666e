// Back-office queues 工作台: mine, unassigned, due within one working day, overdue, by unit, all — with filters,
// most urgent first, keyset pages (src/server/cases/queue-cursor.ts), and a count for every tab. The handler's unit
// scoping is part of every query, so a list, a count and an export can never show more than the handler may see.
import { and, eq, gt, gte, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from "drizzle-orm";
import { cases, units } from "../../../db/schema.ts";
import type { Actor } from "../../domain/cases.ts";
import type { WorkingCalendar } from "../../domain/calendar.ts";
import { clockWindows } from "../../domain/clock.ts";
import { workingCalendar } from "../calendar.ts";
import type { Tx } from "../db.ts";
import { OFFICE_UNIT_ID } from "../regions.ts";
import { clockStateOf } from "./clock-store.ts";
import { decodeCursor, encodeCursor } from "./queue-cursor.ts";

export { decodeCursor, encodeCursor } from "./queue-cursor.ts";

export const QUEUES = { mine: "我的待办", unassigned: "待受理/待交办", due_soon: "一个工作日内到期", overdue: "已超期", unit: "按单位", all: "全部" } as const;
export type Queue = keyof typeof QUEUES;

/** The filters of a queue, as kept in the URL (and in a saved filter). */
export interface QueueFilters {
  unitId?: string | undefined;
  state?: string | undefined;
  kind?: string | undefined;
  q?: string | undefined;
}

export interface QueueQuery extends QueueFilters {
  queue: Queue;
  cursor?: string | undefined;
  limit?: number;
}

const OFFICE_TODO = ["submitted", "accepted", "findings_submitted", "rectification_submitted"];
const UNIT_TODO = ["assigned", "verifying", "rectifying"];

/** The queues a role has tabs for. */
export function queuesFor(actor: Actor): Queue[] {
  return (Object.keys(QUEUES) as Queue[]).filter((q) => !(actor.role === "handler" && (q === "unassigned" || q === "unit")));
}

/** What every list for this actor shares: the handler's unit, and the filters. */
function scopeAndFilters(actor: Actor, f: QueueFilters): SQL[] {
  const where: (SQL | undefined)[] = [];
  if (actor.role === "handler") {
    where.push(eq(cases.assignedUnitId, actor.unitId ?? "—"), notInArray(cases.state, ["submitted", "accepted", "not_accepted"]));
  }
  if (f.unitId && actor.role !== "handler") where.push(eq(cases.assignedUnitId, f.unitId));
  if (f.state) where.push(eq(cases.state, f.state));
  if (f.kind) where.push(eq(cases.kind, f.kind as "objection"));
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, "")}%`;
    where.push(or(sql`${cases.trackingNumber} ilike ${like}`, sql`${cases.title} ilike ${like}`));
  }
  return where.filter((w): w is SQL => w !== undefined);
}

/** What puts a case in one queue; undefined when the queue takes every case in scope. */
function queueCondition(queue: Queue, actor: Actor, now: Date, cal: WorkingCalendar): SQL | undefined {
  switch (queue) {
    case "mine":
      return actor.role === "handler"
        ? inArray(cases.state, UNIT_TODO)
        : or(inArray(cases.state, OFFICE_TODO), and(eq(cases.assignedUnitId, OFFICE_UNIT_ID), inArray(cases.state, UNIT_TODO)), sql`${cases.extensionRequest} is not null`, and(sql`${cases.reexamRequestedAt} is not null`, eq(cases.state, "closed")));
    case "unassigned":
      return inArray(cases.state, ["submitted", "accepted"]);
    // The stored deadline column is the running one (null while paused or when no clock runs); the domain says
    // where due soon and overdue begin.
    case "due_soon": {
      const w = clockWindows(now, cal);
      return and(gte(cases.deadlineAt, w.overdueBefore), lte(cases.deadlineAt, w.dueSoonUntil));
    }
    case "overdue":
      return lt(cases.deadlineAt, clockWindows(now, cal).overdueBefore);
    case "unit":
    case "all":
      return undefined;
  }
}

/** Rows after the cursor in the order deadline asc nulls last, id asc. */
export function afterCursor(cursor: string | undefined): SQL | undefined {
  const after = cursor ? decodeCursor(cursor) : null;
  if (!after) return undefined;
  if (!after.deadlineAt) return and(isNull(cases.deadlineAt), gt(cases.id, after.id));
  return or(gt(cases.deadlineAt, after.deadlineAt), and(eq(cases.deadlineAt, after.deadlineAt), gt(cases.id, after.id)), isNull(cases.deadlineAt));
}

/** Most urgent first: overdue, then the fewest working days left; paused and closed cases last. */
export const URGENCY_ORDER = [sql`${cases.deadlineAt} asc nulls last`, sql`${cases.id} asc`];

/** The conditions of one queue for this actor, with its filters (for the list, the export and the bulk form). */
export async function queueWhere(tx: Tx, actor: Actor, query: QueueQuery, now: Date, cal?: WorkingCalendar): Promise<SQL | undefined> {
  const calendar = cal ?? (await workingCalendar(tx));
  return and(...scopeAndFilters(actor, query), queueCondition(query.queue, actor, now, calendar));
}

export async function listCases(tx: Tx, actor: Actor, query: QueueQuery, now: Date) {
  // Fifty to a page: an office triages a unit's open cases from one screen.
  const limit = Math.min(query.limit ?? 50, 100);
  const cal = await workingCalendar(tx);
  const rows = await tx
    .select({
      id: cases.id,
      trackingNumber: cases.trackingNumber,
      kind: cases.kind,
      source: cases.source,
      title: cases.title,
      state: cases.state,
      unitName: units.name,
      receivedAt: cases.receivedAt,
      deadlineAt: cases.deadlineAt,
      version: cases.version,
      clock: cases.clock,
      isDemo: cases.isDemo,
    })
    .from(cases)
    .leftJoin(units, eq(units.id, cases.assignedUnitId))
    .where(and(await queueWhere(tx, actor, query, now, cal), afterCursor(query.cursor)))
    .orderBy(...URGENCY_ORDER)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ clock, ...r }) => ({ ...r, clock: clockStateOf({ clock }, now, cal) })),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

/** The dashboard's queues: the ones that ask for work. */
const dashboardQueues = (actor: Actor): Queue[] => (actor.role === "handler" ? ["mine", "due_soon", "overdue"] : ["mine", "unassigned", "due_soon", "overdue"]);

/** The size of each queue (the dashboard's, or every tab) under the same filters, in one pass over the cases in scope. */
export async function countQueues(tx: Tx, actor: Actor, now: Date, filters: QueueFilters = {}, shown: Queue[] = dashboardQueues(actor)): Promise<Partial<Record<Queue, number>>> {
  const cal = await workingCalendar(tx);
  const columns = Object.fromEntries(
    shown.map((queue) => {
      const cond = queueCondition(queue, actor, now, cal);
      return [queue, cond ? sql<number>`(count(*) filter (where ${cond}))::int` : sql<number>`count(*)::int`];
    }),
  );
  const scope = scopeAndFilters(actor, filters);
  const [row] = await tx.select(columns).from(cases).where(scope.length ? and(...scope) : undefined);
  return Object.fromEntries(shown.map((q) => [q, Number((row as Record<string, unknown> | undefined)?.[q] ?? 0)]));
}
