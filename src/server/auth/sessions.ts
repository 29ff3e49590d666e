// Staff sessions as in the Lucia guide (lucia-auth.com, sessions/basic): the token is `<id>.<secret>`, only the
// SHA-256 of the secret is stored and compared in constant time; 30-day sliding expiry plus an idle limit.
import { randomBytes } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import { sessions, staffUsers } from "../../../db/schema.ts";
import type { Tx } from "../db.ts";

/** Over https the cookie is `__Host-` prefixed: the browser then insists on Secure, Path=/ and no Domain. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-htp_session" : "htp_session";
}
export const SESSION_LIFETIME_MS = 30 * 24 * 3600_000;
/** Renew when less than half the lifetime is left, so an active session never expires under a person. */
const RENEW_BELOW_MS = SESSION_LIFETIME_MS / 2;
/** A staff session unused for this long is over: an unattended office computer does not stay signed in. */
export const IDLE_LIMIT_MS = 12 * 3600_000;
/** lastSeenAt is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export type Session = typeof sessions.$inferSelect;
export type StaffUser = typeof staffUsers.$inferSelect;

function randomToken(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export async function createSession(tx: Tx, userId: string, now: Date, twoFactorVerified = false): Promise<{ token: string; session: Session }> {
  const id = randomToken(15);
  const secret = randomToken(20);
  const [session] = await tx
    .insert(sessions)
    .values({ id, userId, secretHash: hashSecret(secret), twoFactorVerified, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) })
    .returning();
  return { token: `${id}.${secret}`, session: session! };
}

export async function validateSessionToken(tx: Tx, token: string, now: Date): Promise<{ session: Session; user: StaffUser } | null> {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  const [row] = await tx.select().from(sessions).innerJoin(staffUsers, eq(staffUsers.id, sessions.userId)).where(eq(sessions.id, id)).limit(1);
  if (!row) return null;
  const { sessions: session, staff_users: user } = row;
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(session.secretHash))) return null;
  const expired = now >= session.expiresAt || now.getTime() - session.lastSeenAt.getTime() > IDLE_LIMIT_MS;
  // Sessions that predate a password change are void even if the bulk invalidation was missed.
  if (expired || user.disabled || session.createdAt < user.passwordChangedAt) {
    await tx.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const renew = session.expiresAt.getTime() - now.getTime() < RENEW_BELOW_MS;
  if (renew || now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const patch = { lastSeenAt: now, ...(renew ? { expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) } : {}) };
    await tx.update(sessions).set(patch).where(eq(sessions.id, id));
    Object.assign(session, patch);
  }
  return { session, user };
}

export async function invalidateSession(tx: Tx, sessionId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.id, sessionId));
}

/** On password change or disabling: every session of the user ends. */
export async function invalidateUserSessions(tx: Tx, userId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const parts = [`${sessionCookieName(secure)}=${token}`, "HttpOnly", "SameSite=Lax", "Path=/", `Expires=${expiresAt.toUTCString()}`];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(secure: boolean): string {
  return [`${sessionCookieName(secure)}=`, "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}
