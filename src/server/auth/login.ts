// Staff sign-in: argon2id password, throttled per account and per IP, every attempt audited (DESIGN.md §5).
import { eq } from "drizzle-orm";
import { staffUsers } from "../../../db/schema.ts";
import { staffLabel, type Role } from "../../domain/cases.ts";
import { appendAudit } from "../audit.ts";
import type { Db } from "../db.ts";
import { describeWait, throttleCheck, throttleHit, throttleReset, type ThrottlePolicy } from "../throttle.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { createSession, type Session, type StaffUser } from "./sessions.ts";
import { requiresTwoFactor } from "./two-factor.ts";

export const FAILURES_PER_ACCOUNT: ThrottlePolicy = { limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };
export const FAILURES_PER_IP: ThrottlePolicy = { limit: 30, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };

// Unknown usernames are checked against this so that a miss takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export type SignInResult =
  | { status: "ok"; token: string; session: Session; user: StaffUser; next: "home" | "two_factor" | "enrol" }
  | { status: "invalid"; message: string }
  | { status: "throttled"; message: string; retryAfterMs: number };

export async function signIn(db: Db, input: { username: string; password: string; ip: string }, now: Date): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  const accountKey = `login:user:${username}`;
  const ipKey = `login:ip:${input.ip}`;
  for (const key of [accountKey, ipKey]) {
    const state = await throttleCheck(db, key, now);
    if (!state.allowed) return { status: "throttled", message: `登录失败次数过多，请在${describeWait(state.retryAfterMs)}后再试`, retryAfterMs: state.retryAfterMs };
  }
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.username, username)).limit(1);
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
  if (!user || !ok || user.disabled) {
    await throttleHit(db, accountKey, FAILURES_PER_ACCOUNT, now);
    await throttleHit(db, ipKey, FAILURES_PER_IP, now);
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
  await throttleReset(db, accountKey);
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
