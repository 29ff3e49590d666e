// Back-office queues 工作台: mine, unassigned, due within one working day, overdue, by unit — with filters and
// keyset pagination on (received_at, id), scoped to the handler's unit in the query itself.
import { isRowId } from "../../domain/ids.ts";
import { and, desc, eq, gte, inArray, lt, lte, notInArray, or, sql, type SQL } from "drizzle-orm";
import { cases, units } from "../../../db/schema.ts";
import type { Actor } from "../../domain/cases.ts";
import { clockWindows } from "../../domain/clock.ts";
import { loadCalendar } from "../calendar.ts";
import type { Tx } from "../db.ts";
import { OFFICE_UNIT_ID } from "../regions.ts";
import { clockStateOf } from "./clock-store.ts";

export const QUEUES = { mine: "我的待办", unassigned: "待受理/待交办", due_soon: "一个工作日内到期", overdue: "已超期", unit: "按单位", all: "全部" } as const;
export type Queue = keyof typeof QUEUES;

export interface QueueQuery {
  queue: Queue;
  unitId?: string | undefined;
  state?: string | undefined;
  kind?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit?: number;
}

export function encodeCursor(receivedAt: Date, id: number): string {
  return Buffer.from(`${receivedAt.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { receivedAt: Date; id: number } | null {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const receivedAt = new Date(iso ?? "");
  // A forged cursor must not name what PostgreSQL cannot compare (a year past 9999, an id past int4): it names nothing.
  const year = receivedAt.getUTCFullYear();
  return Number.isNaN(year) || year < 1970 || year > 9999 || !/^\d{1,10}$/.test(id ?? "") || !isRowId(Number(id)) ? null : { receivedAt, id: Number(id) };
}

const OFFICE_TODO = ["submitted", "accepted", "findings_submitted", "rectification_submitted"];
const UNIT_TODO = ["assigned", "verifying", "rectifying"];

/** What puts a case in a queue for this actor, with the filters; the handler's unit scoping is part of it. */
async function queueConditions(tx: Tx, actor: Actor, query: QueueQuery, now: Date): Promise<(SQL | undefined)[]> {
  const where: (SQL | undefined)[] = [];
  if (actor.role === "handler") {
    where.push(eq(cases.assignedUnitId, actor.unitId ?? "—"), notInArray(cases.state, ["submitted", "accepted", "not_accepted"]));
  }
  switch (query.queue) {
    case "mine":
      where.push(
        actor.role === "handler"
          ? inArray(cases.state, UNIT_TODO)
          : or(inArray(cases.state, OFFICE_TODO), and(eq(cases.assignedUnitId, OFFICE_UNIT_ID), inArray(cases.state, UNIT_TODO)), sql`${cases.extensionRequest} is not null`, and(sql`${cases.reexamRequestedAt} is not null`, eq(cases.state, "closed"))),
      );
      break;
    case "unassigned":
      where.push(inArray(cases.state, ["submitted", "accepted"]));
      break;
    // The stored deadline column is the running one (null while paused or when no clock runs); the domain says
    // where due soon and overdue begin.
    case "due_soon": {
      const w = clockWindows(now, await loadCalendar(tx));
      where.push(gte(cases.deadlineAt, w.overdueBefore), lte(cases.deadlineAt, w.dueSoonUntil));
      break;
    }
    case "overdue":
      where.push(lt(cases.deadlineAt, clockWindows(now, await loadCalendar(tx)).overdueBefore));
      break;
    case "unit":
      if (query.unitId) where.push(eq(cases.assignedUnitId, query.unitId));
      break;
    case "all":
      break;
  }
  if (query.state) where.push(eq(cases.state, query.state));
  if (query.kind) where.push(eq(cases.kind, query.kind as "objection"));
  if (query.q) {
    const like = `%${query.q.replace(/[%_\\]/g, "")}%`;
    where.push(or(sql`${cases.trackingNumber} ilike ${like}`, sql`${cases.title} ilike ${like}`));
  }
  return where;
}

export async function listCases(tx: Tx, actor: Actor, query: QueueQuery, now: Date) {
  const limit = Math.min(query.limit ?? 25, 100);
  const where = await queueConditions(tx, actor, query, now);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  if (after) where.push(or(lt(cases.receivedAt, after.receivedAt), and(eq(cases.receivedAt, after.receivedAt), lt(cases.id, after.id))));

  const rows = await tx
    .select({
      id: cases.id,
      trackingNumber: cases.trackingNumber,
      kind: cases.kind,
      title: cases.title,
      state: cases.state,
      unitName: units.name,
      receivedAt: cases.receivedAt,
      clock: cases.clock,
      isDemo: cases.isDemo,
    })
    .from(cases)
    .leftJoin(units, eq(units.id, cases.assignedUnitId))
    .where(and(...where))
    .orderBy(desc(cases.receivedAt), desc(cases.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const cal = await loadCalendar(tx);
  return {
    rows: page.map(({ clock, ...r }) => ({ ...r, clock: clockStateOf({ clock }, now, cal) })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
  };
}

/** Queue sizes for the dashboard, counted with the same conditions as the lists. */
export async function countQueues(tx: Tx, actor: Actor, now: Date): Promise<Partial<Record<Queue, number>>> {
  const shown: Queue[] = actor.role === "handler" ? ["mine", "due_soon", "overdue"] : ["mine", "unassigned", "due_soon", "overdue"];
  const out: Partial<Record<Queue, number>> = {};
  for (const queue of shown) {
    const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(cases).where(and(...(await queueConditions(tx, actor, { queue }, now))));
    out[queue] = row?.n ?? 0;
  }
  return out;
}
