// Abuse control without third parties (DESIGN.md §5): a self-hosted ALTCHA proof-of-work, a honeypot field and
// per-IP limits. Browsers without JavaScript cannot solve the challenge, so they get a stricter limit instead of a
// refusal: the form must keep working for them.
import { createChallenge, randomInt, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { verify } from "altcha-lib/frameworks/shared";
import { lt } from "drizzle-orm";
import { usedProofs } from "../../../db/schema.ts";
import type { Tx } from "../db.ts";
import { serverSecret } from "../secrets.ts";
import { describeWait, throttleHit, type ThrottlePolicy } from "../throttle.ts";

/** The honeypot: visually hidden, labelled so that people leave it empty and bots fill it in. */
export const HONEYPOT_FIELD = "website";
export const CHALLENGE_FIELD = "altcha";

const CHALLENGE_TTL_MS = 20 * 60_000;
/** PBKDF2 rounds per attempt and the counter range: about a second on a phone. */
const COST = 1000;
const COUNTER_MIN = 500;
const COUNTER_MAX = 2500;

/** Submissions per IP and hour with a solved challenge; without one, a third of that. */
export const DEFAULT_HOURLY_LIMIT = 10;

export function hourlyPolicies(limit = DEFAULT_HOURLY_LIMIT): { withProof: ThrottlePolicy; withoutProof: ThrottlePolicy } {
  const policy = (n: number) => ({ limit: n, windowMs: 3600_000, blockMs: 3600_000 });
  return { withProof: policy(limit), withoutProof: policy(Math.max(1, Math.floor(limit / 3))) };
}

/**
 * A solved challenge is good for one submission on any instance: spent ids live in the database, and the insert
 * that records one is the check, so two instances given the same proof at the same moment cannot both accept it.
 */
function spentProofs(tx: Tx, now: Date) {
  return {
    async setIfAbsent(id: string): Promise<boolean> {
      const rows = await tx
        .insert(usedProofs)
        .values({ id, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) })
        .onConflictDoNothing()
        .returning({ id: usedProofs.id });
      return rows.length === 1;
    },
    // altcha-lib prefers setIfAbsent; these only satisfy its store type.
    async get(): Promise<boolean> {
      return false;
    },
    async set(): Promise<void> {},
  };
}

/** Spent ids outlive their challenge by nothing: an expired challenge is refused on its own. */
export async function pruneSpentProofs(tx: Tx, now: Date): Promise<number> {
  const gone = await tx.delete(usedProofs).where(lt(usedProofs.expiresAt, now)).returning({ id: usedProofs.id });
  return gone.length;
}

async function secrets(tx: Tx) {
  const secret = (await serverSecret(tx, "altcha")).toString("hex");
  return { hmacSignatureSecret: secret, hmacKeySignatureSecret: `${secret}:key` };
}

export async function newChallenge(tx: Tx, now: Date): Promise<Challenge> {
  return createChallenge({
    algorithm: "PBKDF2/SHA-256",
    cost: COST,
    counter: randomInt(COUNTER_MIN, COUNTER_MAX),
    deriveKey,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    ...(await secrets(tx)),
  });
}

export type ProofResult = "verified" | "absent" | "invalid";

export async function checkProof(tx: Tx, payload: string | null | undefined, now = new Date()): Promise<ProofResult> {
  if (!payload) return "absent";
  const s = await secrets(tx);
  const result = await verify(payload, deriveKey, s.hmacSignatureSecret, s.hmacKeySignatureSecret, spentProofs(tx, now));
  return result.error ? "invalid" : "verified";
}

export type Gate = { ok: true; limit: number } | { ok: false; status: 400 | 429; message: string; retryAfterMs?: number };

/**
 * Everything a submission must pass before it is even validated. With `countAttempt: false` the hourly limit is
 * left to the submission itself (submitReport's `hourlyLimit`, counted only for an accepted report); the answer
 * then carries which limit applies. Otherwise every attempt counts here (Open311).
 */
export async function gateSubmission(
  tx: Tx,
  input: { ip: string; honeypot: string | null | undefined; proof: string | null | undefined },
  now: Date,
  hourlyLimit = DEFAULT_HOURLY_LIMIT,
  opts: { countAttempt?: boolean } = {},
): Promise<Gate> {
  // A filled honeypot is answered like any refusal, without saying why.
  if (input.honeypot && input.honeypot.trim() !== "") return { ok: false, status: 400, message: "提交未能通过校验，请刷新页面后重试" };
  const proof = await checkProof(tx, input.proof, now);
  if (proof === "invalid") return { ok: false, status: 400, message: "人机验证已失效，请刷新页面后重新提交" };
  const policies = hourlyPolicies(hourlyLimit);
  const policy = proof === "verified" ? policies.withProof : policies.withoutProof;
  if (opts.countAttempt === false) return { ok: true, limit: policy.limit };
  const state = await throttleHit(tx, `report:ip:${input.ip}`, policy, now);
  if (!state.allowed) {
    return { ok: false, status: 429, message: `提交过于频繁，请在${describeWait(state.retryAfterMs)}后再试；紧急情况请拨打公示所列电话`, retryAfterMs: state.retryAfterMs };
  }
  return { ok: true, limit: policy.limit };
}
