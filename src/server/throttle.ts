// Fixed-window throttles kept in the database (table `throttles`), so limits hold across processes and restarts.
// Every attempt is checked and counted by one statement (an upsert whose RETURNING says allowed or blocked): the
// database serialises concurrent upserts on one key, so a burst of parallel attempts cannot all be checked against
// the same old count.
import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import { throttles } from "../../db/schema.ts";
import { config, type Config } from "./config.ts";
import type { Tx } from "./db.ts";

export interface ThrottlePolicy {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
  /** How long the key stays blocked once the limit is passed. */
  blockMs: number;
}

export type ThrottleState = { allowed: true; count: number } | { allowed: false; retryAfterMs: number };

/**
 * Takes one slot of the key's window, atomically: a new window starts when the old one has passed (or its block has
 * run out); the attempt that goes over the limit blocks the key for `blockMs`; while blocked nothing is counted.
 * Exactly `limit` attempts per window are allowed however many arrive at once.
 */
export async function throttleTake(tx: Tx, key: string, policy: ThrottlePolicy, now: Date): Promise<ThrottleState> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const edge = sql`${new Date(now.getTime() - policy.windowMs).toISOString()}::timestamptz`;
  const until = sql`${new Date(now.getTime() + policy.blockMs).toISOString()}::timestamptz`;
  // All SET expressions see the row as it was before this statement (under the row lock the upsert takes).
  const blocked = sql`(${throttles.blockedUntil} is not null and ${throttles.blockedUntil} > ${at})`;
  const fresh = sql`(${throttles.windowStart} <= ${edge} or (${throttles.blockedUntil} is not null and ${throttles.blockedUntil} <= ${at}))`;
  const nextCount = sql`(case when ${fresh} then 1 else ${throttles.count} + 1 end)`;
  const [row] = await tx
    .insert(throttles)
    .values({ key, count: 1, windowStart: now, blockedUntil: policy.limit < 1 ? new Date(now.getTime() + policy.blockMs) : null })
    .onConflictDoUpdate({
      target: throttles.key,
      set: {
        count: sql`case when ${blocked} then ${throttles.count} else ${nextCount} end`,
        windowStart: sql`case when ${blocked} then ${throttles.windowStart} when ${fresh} then ${at} else ${throttles.windowStart} end`,
        blockedUntil: sql`case when ${blocked} then ${throttles.blockedUntil} when ${nextCount} > ${policy.limit} then ${until} else null end`,
      },
    })
    .returning({ count: throttles.count, blockedUntil: throttles.blockedUntil });
  if (row?.blockedUntil && row.blockedUntil > now) return { allowed: false, retryAfterMs: row.blockedUntil.getTime() - now.getTime() };
  return { allowed: true, count: row?.count ?? 1 };
}

/** Kept for callers that count every attempt (report intake): the same single-statement check-and-count. */
export const throttleHit = throttleTake;

/**
 * Gives back a slot taken by an attempt that turned out not to count (a right password, a right access code, a
 * refusal by another limit), so that only failures use up a limit. A row left holding nothing is deleted, so that
 * an address refused by its own limit leaves no rows behind for the accounts or numbers it tried; otherwise the
 * count goes down by one (never below zero) and a block already set stays. Each step is one statement.
 */
export async function throttleRelease(tx: Tx, key: string): Promise<void> {
  const gone = await tx
    .delete(throttles)
    .where(and(eq(throttles.key, key), lte(throttles.count, 1), isNull(throttles.blockedUntil)))
    .returning({ key: throttles.key });
  if (gone.length > 0) return;
  await tx
    .update(throttles)
    .set({ count: sql`greatest(${throttles.count} - 1, 0)` })
    .where(eq(throttles.key, key));
}

/**
 * Takes a slot of each key in order, all or nothing: when a later key refuses, the slots already taken are given
 * back (that attempt was never made), so one limit being full does not use up another.
 */
export async function throttleTakeAll(tx: Tx, keys: { key: string; policy: ThrottlePolicy }[], now: Date): Promise<{ allowed: true; counts: number[] } | { allowed: false; retryAfterMs: number }> {
  const counts: number[] = [];
  for (const [i, { key, policy }] of keys.entries()) {
    const state = await throttleTake(tx, key, policy, now);
    if (!state.allowed) {
      for (const taken of keys.slice(0, i)) await throttleRelease(tx, taken.key);
      return state;
    }
    counts.push(state.count);
  }
  return { allowed: true, counts };
}

export async function throttleReset(tx: Tx, key: string): Promise<void> {
  await tx.delete(throttles).where(eq(throttles.key, key));
}

/**
 * Deletes rows that no longer hold anything back: their window (at most a day, see config.ts) has passed and they
 * are not blocked. For a periodic job; a deleted key simply starts afresh.
 */
export async function throttlePurge(tx: Tx, now: Date): Promise<number> {
  const edge = new Date(now.getTime() - 24 * 60 * 60_000);
  const gone = await tx
    .delete(throttles)
    .where(and(lt(throttles.windowStart, edge), or(isNull(throttles.blockedUntil), lt(throttles.blockedUntil, now))))
    .returning({ key: throttles.key });
  return gone.length;
}

/** "15分钟" — for messages that tell a person when to try again. */
export function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes >= 60 ? `${Math.ceil(minutes / 60)}小时` : `${minutes}分钟`;
}

/**
 * The message of every limit: what happened, when to retry, and — when the office's phone is configured — whom to
 * call meanwhile. "登录失败次数过多，请在15分钟后再试；如需帮助，请致电自治区爱卫办 0471-6944127".
 */
export function limitMessage(what: string, retryAfterMs: number, cfg: Pick<Config, "OFFICE_PHONE" | "OFFICE_SHORT_NAME"> = config()): string {
  const call = cfg.OFFICE_PHONE ? `；如需帮助，请致电${cfg.OFFICE_SHORT_NAME} ${cfg.OFFICE_PHONE}` : "";
  return `${what}，请在${describeWait(retryAfterMs)}后再试${call}`;
}

/** Every limit of sign-in, /track and /alerts, from the configuration (README "Configuration"). */
export interface Limits {
  /** Wrong passwords per (account, client address). */
  loginAccount: ThrottlePolicy;
  /** Wrong passwords per client address, whatever the account. */
  loginAddress: ThrottlePolicy;
  /** From this many failures of one (account, address) on, each further answer waits `loginDelayMs` more. */
  loginSlowAfter: number;
  loginDelayMs: number;
  /** Wrong second-factor codes per (account, client address). */
  twoFactor: ThrottlePolicy;
  /** Wrong access codes per (client address, tracking number). */
  trackNumber: ThrottlePolicy;
  /** Wrong access codes per client address. */
  trackAddress: ThrottlePolicy;
  /** Subscription requests (each sends a confirmation mail) per client address and per e-mail address. */
  alertsAddress: ThrottlePolicy;
  alertsEmail: ThrottlePolicy;
}

const minutes = (n: number) => n * 60_000;

export function limitsFrom(cfg: Config): Limits {
  const login = minutes(cfg.LOGIN_WINDOW_MINUTES);
  const track = minutes(cfg.TRACK_NUMBER_WINDOW_MINUTES);
  const trackIp = minutes(cfg.TRACK_ADDRESS_WINDOW_MINUTES);
  return {
    loginAccount: { limit: cfg.LOGIN_ACCOUNT_LIMIT, windowMs: login, blockMs: login },
    loginAddress: { limit: cfg.LOGIN_ADDRESS_LIMIT, windowMs: login, blockMs: login },
    loginSlowAfter: cfg.LOGIN_SLOW_AFTER,
    loginDelayMs: cfg.LOGIN_DELAY_MS,
    twoFactor: { limit: cfg.TWO_FACTOR_LIMIT, windowMs: login, blockMs: login },
    trackNumber: { limit: cfg.TRACK_NUMBER_LIMIT, windowMs: track, blockMs: track },
    trackAddress: { limit: cfg.TRACK_ADDRESS_LIMIT, windowMs: trackIp, blockMs: trackIp },
    alertsAddress: { limit: cfg.ALERTS_ADDRESS_HOURLY_LIMIT, windowMs: minutes(60), blockMs: minutes(60) },
    alertsEmail: { limit: cfg.ALERTS_EMAIL_HOURLY_LIMIT, windowMs: minutes(60), blockMs: minutes(60) },
  };
}

export function limits(): Limits {
  return limitsFrom(config());
}
