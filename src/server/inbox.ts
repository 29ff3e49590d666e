// Staff inbox 站内通知: notices to the person or to their unit; the office's are read by all office staff.
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { notifications } from "../../db/schema.ts";
import type { Actor } from "../domain/cases.ts";
import type { Tx } from "./db.ts";

function mine(actor: Actor) {
  // The auditor sits in the office's unit but handles no case: the unit's case notices are not theirs.
  const unit = actor.unitId && actor.role !== "auditor" ? and(isNull(notifications.userId), eq(notifications.unitId, actor.unitId)) : sql`false`;
  return or(eq(notifications.userId, actor.userId), unit);
}

export async function inbox(tx: Tx, actor: Actor, limit = 20) {
  const rows = await tx
    .select({ id: notifications.id, kind: notifications.kind, title: notifications.title, body: notifications.body, caseId: notifications.caseId, createdAt: notifications.createdAt, readAt: notifications.readAt })
    .from(notifications)
    .where(mine(actor))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
  const [unread] = await tx.select({ n: sql<number>`count(*)::int` }).from(notifications).where(and(mine(actor), isNull(notifications.readAt)));
  return { rows, unread: unread?.n ?? 0 };
}

/** Marks the given notices read, only those addressed to this person or their unit. */
export async function markRead(tx: Tx, actor: Actor, ids: number[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const done = await tx.update(notifications).set({ readAt: now }).where(and(mine(actor), inArray(notifications.id, ids), isNull(notifications.readAt))).returning({ id: notifications.id });
  return done.length;
}

