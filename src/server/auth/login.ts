// Staff sign-in: argon2id password, every attempt audited (DESIGN.md §5). Wrong passwords are limited per
// (account, client address) — so a stranger's guesses lock out only the stranger, never the account's owner at their
// own address — and per client address across accounts. Each attempt takes a slot of both limits in one statement
// each before the password is checked, and a right password gives its slots back: only failures count, and a
// burst of parallel guesses cannot get more than the limit checked.
import { eq } from "drizzle-orm";
import { staffUsers } from "../../../db/schema.ts";
import { staffLabel, type Role } from "../../domain/cases.ts";
import { appendAudit } from "../audit.ts";
import type { Db } from "../db.ts";
import { limitMessage, limits as configuredLimits, throttleRelease, throttleReset, throttleTakeAll, type Limits } from "../throttle.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { createSession, type Session, type StaffUser } from "./sessions.ts";
import { requiresTwoFactor } from "./two-factor.ts";

// Unknown usernames are checked against this so that a miss takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export type SignInResult =
  | { status: "ok"; token: string; session: Session; user: StaffUser; next: "home" | "two_factor" | "enrol" }
  | { status: "invalid"; message: string }
  | { status: "throttled"; message: string; retryAfterMs: number };

export const loginKeys = (username: string, ip: string) => ({ account: `login:ip:${ip}:user:${username}`, address: `login:ip:${ip}` });

export async function signIn(db: Db, input: { username: string; password: string; ip: string }, now: Date, limits: Limits = configuredLimits()): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  const keys = loginKeys(username, input.ip);
  const taken = await throttleTakeAll(db, [{ key: keys.account, policy: limits.loginAccount }, { key: keys.address, policy: limits.loginAddress }], now);
  if (!taken.allowed) return { status: "throttled", message: limitMessage("登录失败次数过多", taken.retryAfterMs), retryAfterMs: taken.retryAfterMs };
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.username, username)).limit(1);
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
  if (!user || !ok || user.disabled) {
    // Slows down: from the slowAfter-th failure of this (account, address) on, each answer waits a little longer.
    const beyond = taken.counts[0]! - limits.loginSlowAfter;
    if (beyond > 0 && limits.loginDelayMs > 0) await new Promise((r) => setTimeout(r, Math.min(beyond * limits.loginDelayMs, 10_000)));
    await db.transaction((tx) =>
      appendAudit(tx, {
        at: now,
        actorUserId: user?.id ?? null,
        actorLabel: username.slice(0, 60) || "（空）",
        action: "login_failed",
        objectType: "staff_user",
        objectId: user?.id ?? username.slice(0, 60),
        details: { ip: input.ip, reason: !user ? "unknown_user" : user.disabled ? "disabled" : "wrong_password" },
      }),
    );
    return { status: "invalid", message: user?.disabled && ok ? "该账号已停用，请联系系统管理员" : "用户名或密码不正确" };
  }
  // A right password: this pair starts afresh, and the address gets back the slot this attempt took.
  await throttleReset(db, keys.account);
  await throttleRelease(db, keys.address);
  const role = user.role as Role;
  const twoFactor = requiresTwoFactor(role) || user.totpKey !== null;
  return db.transaction(async (tx) => {
    const { token, session } = await createSession(tx, user.id, now, !twoFactor);
    await tx.update(staffUsers).set({ lastLoginAt: now }).where(eq(staffUsers.id, user.id));
    await appendAudit(tx, {
      at: now,
      actorUserId: user.id,
      actorLabel: staffLabel(user),
      action: "login",
      objectType: "staff_user",
      objectId: user.id,
      details: { ip: input.ip, twoFactorPending: twoFactor },
    });
    return { status: "ok" as const, token, session, user, next: !twoFactor ? ("home" as const) : user.totpKey ? ("two_factor" as const) : ("enrol" as const) };
  });
}
