// Fixed-window throttles kept in the database (table `throttles`), so limits hold across processes and restarts.
import { eq, sql } from "drizzle-orm";
import { throttles } from "../../db/schema.ts";
import type { Tx } from "./db.ts";

export interface ThrottlePolicy {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
  /** How long the key stays blocked once the limit is passed. */
  blockMs: number;
}

export type ThrottleState = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Whether the key may try now, without counting an attempt. */
export async function throttleCheck(tx: Tx, key: string, now: Date): Promise<ThrottleState> {
  const [row] = await tx.select().from(throttles).where(eq(throttles.key, key)).limit(1);
  if (row?.blockedUntil && row.blockedUntil > now) return { allowed: false, retryAfterMs: row.blockedUntil.getTime() - now.getTime() };
  return { allowed: true };
}

/**
 * Counts one attempt. The upsert is a single statement, so concurrent hits on one key all count: a new window
 * starts when the old one has passed, and the key is blocked when the count goes over the limit.
 */
export async function throttleHit(tx: Tx, key: string, policy: ThrottlePolicy, now: Date): Promise<ThrottleState> {
  const windowStartedBefore = new Date(now.getTime() - policy.windowMs);
  const [row] = await tx
    .insert(throttles)
    .values({ key, count: 1, windowStart: now })
    .onConflictDoUpdate({
      target: throttles.key,
      set: {
        count: sql`case when ${throttles.windowStart} <= ${windowStartedBefore.toISOString()}::timestamptz then 1 else ${throttles.count} + 1 end`,
        windowStart: sql`case when ${throttles.windowStart} <= ${windowStartedBefore.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${throttles.windowStart} end`,
      },
    })
    .returning();
  if (row && row.count > policy.limit) {
    const blockedUntil = new Date(now.getTime() + policy.blockMs);
    await tx.update(throttles).set({ blockedUntil }).where(eq(throttles.key, key));
    return { allowed: false, retryAfterMs: policy.blockMs };
  }
  return { allowed: true };
}

export async function throttleReset(tx: Tx, key: string): Promise<void> {
  await tx.delete(throttles).where(eq(throttles.key, key));
}

/** "15分钟" — for messages that tell a person when to try again. */
export function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes >= 60 ? `${Math.ceil(minutes / 60)}小时` : `${minutes}分钟`;
}
