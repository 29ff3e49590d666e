// TOTP second factor (RFC 6238, @oslojs/otp) for admin and officer, with enrolment by QR code and recovery codes.
import { createHash, randomBytes } from "node:crypto";
import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { renderSVG } from "uqr";
import { eq } from "drizzle-orm";
import { staffUsers } from "../../../db/schema.ts";
import type { Role } from "../../domain/cases.ts";
import type { Tx } from "../db.ts";

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
export const RECOVERY_CODE_COUNT = 8;
const ISSUER = "健康城镇监督平台";

export function requiresTwoFactor(role: Role): boolean {
  return role === "admin" || role === "officer";
}

/** One step of clock drift either way: phones are often a few seconds off. */
export function verifyCode(key: Uint8Array, code: string): boolean {
  const digits = code.replace(/\s/g, "");
  return /^\d{6}$/.test(digits) && verifyTOTPWithGracePeriod(key, TOTP_PERIOD, TOTP_DIGITS, digits, TOTP_PERIOD);
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
export async function confirmEnrolment(tx: Tx, userId: string, code: string): Promise<string[] | null> {
  const [user] = await tx.select({ pending: staffUsers.totpPendingKey }).from(staffUsers).where(eq(staffUsers.id, userId)).limit(1);
  if (!user?.pending || !verifyCode(new Uint8Array(user.pending), code)) return null;
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = encodeBase32UpperCaseNoPadding(randomBytes(6)).slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await tx
    .update(staffUsers)
    .set({ totpKey: user.pending, totpPendingKey: null, recoveryCodes: codes.map(hashRecovery) })
    .where(eq(staffUsers.id, userId));
  return codes;
}

/** A code from the app, or one unused recovery code (which is then used up). */
export async function verifySecondFactor(tx: Tx, userId: string, code: string): Promise<"totp" | "recovery" | null> {
  const [user] = await tx.select({ key: staffUsers.totpKey, recovery: staffUsers.recoveryCodes }).from(staffUsers).where(eq(staffUsers.id, userId)).limit(1);
  if (!user?.key) return null;
  if (verifyCode(new Uint8Array(user.key), code)) return "totp";
  const hash = hashRecovery(code);
  if (user.recovery.includes(hash)) {
    await tx.update(staffUsers).set({ recoveryCodes: user.recovery.filter((h) => h !== hash) }).where(eq(staffUsers.id, userId));
    return "recovery";
  }
  return null;
}
