// TOTP second factor (RFC 6238, @oslojs/otp) for admin and officer, with enrolment by QR code and recovery codes.
import { createHash, randomBytes } from "node:crypto";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { renderSVG } from "uqr";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { staffUsers } from "../../../db/schema.ts";
import { staffLabel, type Role } from "../../domain/cases.ts";
import { appendAudit } from "../audit.ts";
import type { Db, Tx } from "../db.ts";
import { limitMessage, limits as configuredLimits, throttleReset, throttleTake, type Limits } from "../throttle.ts";
import { createSession, invalidateSession, type Session, type StaffUser } from "./sessions.ts";

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
export const RECOVERY_CODE_COUNT = 8;
const ISSUER = "健康城镇监督平台";

export function requiresTwoFactor(role: Role): boolean {
  return role === "admin" || role === "officer";
}

/**
 * The time step a code belongs to, allowing one step of clock drift either way (phones are often a few seconds
 * off), or null. The caller refuses steps not later than the last one accepted, so a code works once.
 */
export function matchStep(key: Uint8Array, code: string, now: Date): number | null {
  const digits = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(digits)) return null;
  const step = Math.floor(now.getTime() / 1000 / TOTP_PERIOD);
  for (const s of [step, step - 1, step + 1]) {
    const want = new TextEncoder().encode(generateHOTP(key, BigInt(s), TOTP_DIGITS));
    if (constantTimeEqual(want, new TextEncoder().encode(digits))) return s;
  }
  return null;
}

export interface Enrolment {
  /** For typing into an app by hand. */
  secret: string;
  uri: string;
  qrSvg: string;
}

/** Starts (or restarts) enrolment: a new pending key; the active one stays until the new one is confirmed. */
export async function beginEnrolment(tx: Tx, user: { id: string; username: string }): Promise<Enrolment> {
  const key = new Uint8Array(randomBytes(20));
  await tx.update(staffUsers).set({ totpPendingKey: key }).where(eq(staffUsers.id, user.id));
  return enrolmentFor(key, user.username);
}

export function enrolmentFor(key: Uint8Array, username: string): Enrolment {
  const uri = createTOTPKeyURI(ISSUER, username, key, TOTP_PERIOD, TOTP_DIGITS);
  return { secret: encodeBase32UpperCaseNoPadding(key), uri, qrSvg: renderSVG(uri, { border: 2 }) };
}

function hashRecovery(code: string): string {
  return createHash("sha256").update(code.replace(/[\s-]/g, "").toUpperCase()).digest("hex");
}

/** Confirms the pending key with a code from it; returns the recovery codes, shown once. */
export async function confirmEnrolment(tx: Tx, userId: string, code: string, now = new Date()): Promise<string[] | null> {
  const [user] = await tx.select({ pending: staffUsers.totpPendingKey }).from(staffUsers).where(eq(staffUsers.id, userId)).limit(1);
  const step = user?.pending ? matchStep(new Uint8Array(user.pending), code, now) : null;
  if (step === null) return null;
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = encodeBase32UpperCaseNoPadding(randomBytes(6)).slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await tx
    .update(staffUsers)
    .set({ totpKey: user!.pending, totpPendingKey: null, totpLastStep: step, recoveryCodes: codes.map(hashRecovery) })
    .where(eq(staffUsers.id, userId));
  return codes;
}

/** A code from the app, or one unused recovery code (which is then used up). */
export async function verifySecondFactor(tx: Tx, userId: string, code: string, now = new Date()): Promise<"totp" | "recovery" | null> {
  const [user] = await tx.select({ key: staffUsers.totpKey, recovery: staffUsers.recoveryCodes, last: staffUsers.totpLastStep }).from(staffUsers).where(eq(staffUsers.id, userId)).limit(1);
  if (!user?.key) return null;
  const step = matchStep(new Uint8Array(user.key), code, now);
  if (step !== null) {
    // A code seen before (or an older one) is a replay: someone may have watched it being typed. The update is
    // conditional, so when two instances get the same code at the same moment only one of them moves the step.
    const moved = await tx
      .update(staffUsers)
      .set({ totpLastStep: step })
      .where(and(eq(staffUsers.id, userId), or(isNull(staffUsers.totpLastStep), lt(staffUsers.totpLastStep, step))))
      .returning({ id: staffUsers.id });
    return moved.length === 1 ? "totp" : null;
  }
  const hash = hashRecovery(code);
  if (!user.recovery.includes(hash)) return null;
  // Conditional on the code still being there, so one recovery code cannot be spent twice at the same moment.
  const spent = await tx
    .update(staffUsers)
    .set({ recoveryCodes: sql`${staffUsers.recoveryCodes} - ${hash}::text` })
    .where(and(eq(staffUsers.id, userId), sql`${staffUsers.recoveryCodes} ? ${hash}::text`))
    .returning({ id: staffUsers.id });
  return spent.length === 1 ? "recovery" : null;
}

// --- The sign-in steps after the password -------------------------------------------------------------------

/** The session that replaces the half-signed-in one: its token goes into the cookie. */
export interface RotatedSession {
  token: string;
  expiresAt: Date;
}

export type StepResult =
  | { ok: true; session: RotatedSession; recoveryCodes?: string[]; recoveryLeft?: number }
  | { ok: false; message: string; retryAfterMs?: number };

/**
 * Passing the second factor raises what a session may do, so it gets a new token: a token seen before this moment
 * (on a shared computer, in a proxy log) is worth nothing afterwards (session fixation).
 */
async function elevate(tx: Tx, staff: { user: StaffUser; session: Session }, now: Date): Promise<RotatedSession> {
  const { token, session } = await createSession(tx, staff.user.id, now, true);
  await invalidateSession(tx, staff.session.id);
  return { token, expiresAt: session.expiresAt };
}

/**
 * A code from the app or a recovery code completes the sign-in; failures are audited and limited per (account,
 * client address), like passwords: each attempt takes a slot in one statement before the code is checked, and a
 * right code clears the pair, so only failures count and parallel guesses get no more than the limit checked.
 */
export async function passSecondFactor(db: Db, staff: { user: StaffUser; session: Session }, code: string, ip: string, now: Date, limits: Limits = configuredLimits()): Promise<StepResult> {
  const key = `login:2fa:${staff.user.id}:ip:${ip}`;
  const state = await throttleTake(db, key, limits.twoFactor, now);
  if (!state.allowed) return { ok: false, message: limitMessage("验证码错误次数过多", state.retryAfterMs), retryAfterMs: state.retryAfterMs };
  return db.transaction(async (tx) => {
    const used = await verifySecondFactor(tx, staff.user.id, code, now);
    const base = { at: now, actorUserId: staff.user.id, actorLabel: staffLabel(staff.user), objectType: "staff_user", objectId: staff.user.id };
    if (!used) {
      await appendAudit(tx, { ...base, action: "login_2fa_failed", details: { ip } });
      return { ok: false as const, message: "验证码不正确，请输入验证器应用中当前显示的 6 位数字，或一个未用过的恢复码" };
    }
    await throttleReset(tx, key);
    const session = await elevate(tx, staff, now);
    await appendAudit(tx, { ...base, action: "login_2fa", details: { ip, method: used } });
    if (used === "recovery") {
      const [row] = await tx.select({ recovery: staffUsers.recoveryCodes }).from(staffUsers).where(eq(staffUsers.id, staff.user.id));
      return { ok: true as const, session, recoveryLeft: row?.recovery.length ?? 0 };
    }
    return { ok: true as const, session };
  });
}

/** Confirms enrolment with a first code; the session counts as verified and the recovery codes are shown once. */
export async function finishEnrolment(db: Db, staff: { user: StaffUser; session: Session }, code: string, now: Date): Promise<StepResult> {
  return db.transaction(async (tx) => {
    const codes = await confirmEnrolment(tx, staff.user.id, code, now);
    if (!codes) return { ok: false as const, message: "验证码不正确：请用验证器应用扫描二维码后，输入它当前显示的 6 位数字" };
    const session = await elevate(tx, staff, now);
    await appendAudit(tx, { at: now, actorUserId: staff.user.id, actorLabel: staffLabel(staff.user), action: "totp_enrolled", objectType: "staff_user", objectId: staff.user.id });
    return { ok: true as const, session, recoveryCodes: codes };
  });
}
