// Staff sign-in, sessions, second factor and the audit chain on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { auditLog, sessions, staffUsers } from "../../../db/schema.ts";
import { signIn } from "../../../src/server/auth/login.ts";
import { hashPassword } from "../../../src/server/auth/passwords.ts";
import { invalidateUserSessions, validateSessionToken } from "../../../src/server/auth/sessions.ts";
import { beginEnrolment, confirmEnrolment, verifySecondFactor } from "../../../src/server/auth/two-factor.ts";
import { verifyAuditChain } from "../../../src/server/audit.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const T0 = new Date("2026-11-23T01:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);

describe.each(DRIVERS)("sign-in and audit on %s", (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    const passwordHash = await hashPassword("correct horse battery");
    await database.db.insert(staffUsers).values([
      { id: "u-handler", username: "handler", displayName: "经办人", role: "handler", passwordHash, passwordChangedAt: at(-1) },
      { id: "u-officer", username: "officer", displayName: "工作人员", role: "officer", passwordHash, passwordChangedAt: at(-1) },
      { id: "u-locked", username: "locked", displayName: "被锁", role: "handler", passwordHash, passwordChangedAt: at(-1) },
    ]);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("signs a handler in with a session that slides, idles out, and ends on a password change", async () => {
    const db = database.db;
    const r = await signIn(db, { username: " Handler ", password: "correct horse battery", ip: "10.0.0.1" }, T0);
    expect(r).toMatchObject({ status: "ok", next: "home" });
    if (r.status !== "ok") return;
    expect(r.token).toMatch(/^[a-z2-7]+\.[a-z2-7]+$/);
    const [stored] = await db.select().from(sessions).where(eq(sessions.userId, "u-handler"));
    expect(Buffer.from(stored!.secretHash).toString("hex")).not.toContain(r.token.split(".")[1]);

    expect((await validateSessionToken(db, r.token, at(1)))?.user.username).toBe("handler");
    expect(await validateSessionToken(db, `${r.token.split(".")[0]}.wrongsecret`, at(1))).toBeNull();
    // Active every few hours for 20 days: the 30-day expiry slides forward.
    for (let h = 4; h <= 20 * 24; h += 10) expect(await validateSessionToken(db, r.token, at(h))).not.toBeNull();
    const [slid] = await db.select().from(sessions).where(eq(sessions.userId, "u-handler"));
    expect(slid!.expiresAt.getTime()).toBeGreaterThan(at(30 * 24).getTime());
    // Idle for more than 12 hours: over, and the row is gone.
    expect(await validateSessionToken(db, r.token, at(20 * 24 + 13))).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.userId, "u-handler"))).toHaveLength(0);

    const again = await signIn(db, { username: "handler", password: "correct horse battery", ip: "10.0.0.1" }, at(600));
    if (again.status !== "ok") throw new Error("sign-in failed");
    await db.update(staffUsers).set({ passwordChangedAt: at(601) }).where(eq(staffUsers.id, "u-handler"));
    await invalidateUserSessions(db, "u-handler");
    expect(await validateSessionToken(db, again.token, at(601.1))).toBeNull();
  });

  it("throttles an account after five wrong passwords, even for the right one, and says when to retry", async () => {
    const db = database.db;
    for (let i = 0; i < 5; i++) {
      expect(await signIn(db, { username: "locked", password: "guess", ip: `10.1.0.${i}` }, T0)).toEqual({ status: "invalid", message: "用户名或密码不正确" });
    }
    expect((await signIn(db, { username: "locked", password: "guess", ip: "10.1.1.1" }, T0)).status).toBe("invalid");
    const blocked = await signIn(db, { username: "locked", password: "correct horse battery", ip: "10.1.1.2" }, T0);
    expect(blocked).toEqual({ status: "throttled", message: "登录失败次数过多，请在15分钟后再试", retryAfterMs: 15 * 60_000 });
    expect((await signIn(db, { username: "locked", password: "correct horse battery", ip: "10.1.1.3" }, at(0.3))).status).toBe("ok");
  });

  it("makes an officer enrol a TOTP key, then accepts app codes and each recovery code once", async () => {
    const db = database.db;
    const r = await signIn(db, { username: "officer", password: "correct horse battery", ip: "10.2.0.1" }, T0);
    expect(r).toMatchObject({ status: "ok", next: "enrol" });
    if (r.status !== "ok") return;
    expect(r.session.twoFactorVerified).toBe(false);
    const enrolment = await beginEnrolment(db, r.user);
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(enrolment.qrSvg).toContain("<svg");
    const [pending] = await db.select().from(staffUsers).where(eq(staffUsers.id, "u-officer"));
    const key = new Uint8Array(pending!.totpPendingKey!);
    // Codes are computed for fixed instants so that the time steps are known.
    const at = (s: number) => new Date(1_796_000_000_000 + s * 1000);
    const codeAt = (s: number) => generateHOTP(key, BigInt(Math.floor(at(s).getTime() / 30_000)), 6);
    expect(await confirmEnrolment(db, "u-officer", "000000", at(0))).toBeNull();
    const codes = await confirmEnrolment(db, "u-officer", codeAt(0), at(0));
    expect(codes).toHaveLength(8);
    // The code used to enrol cannot sign in again (a replay), nor can an older one; the next one can, once.
    expect(await verifySecondFactor(db, "u-officer", codeAt(0), at(5))).toBeNull();
    expect(await verifySecondFactor(db, "u-officer", codeAt(-30), at(5))).toBeNull();
    expect(await verifySecondFactor(db, "u-officer", codeAt(30), at(31))).toBe("totp");
    expect(await verifySecondFactor(db, "u-officer", codeAt(30), at(40))).toBeNull();
    // One step of clock drift is tolerated: the phone is 30 s ahead.
    expect(await verifySecondFactor(db, "u-officer", codeAt(90), at(61))).toBe("totp");
    expect(await verifySecondFactor(db, "u-officer", codes![0]!.toLowerCase())).toBe("recovery");
    expect(await verifySecondFactor(db, "u-officer", codes![0]!)).toBeNull();
    const next = await signIn(db, { username: "officer", password: "correct horse battery", ip: "10.2.0.1" }, T0);
    expect(next).toMatchObject({ status: "ok", next: "two_factor" });
  });

  it("chains every sign-in in the audit log and finds a tampered or deleted row", async () => {
    const db = database.db;
    const rows = await db.select().from(auditLog).orderBy(auditLog.id);
    expect(rows.map((r) => r.action)).toContain("login_failed");
    expect(rows.map((r) => r.action)).toContain("login");
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: rows.length });
    const victim = rows[2]!;
    await db.update(auditLog).set({ details: { ip: "10.9.9.9" } }).where(eq(auditLog.id, victim.id));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenId: victim.id, reason: expect.stringContaining("被修改") });
    await db.update(auditLog).set({ details: victim.details }).where(eq(auditLog.id, victim.id));
    expect((await verifyAuditChain(db)).ok).toBe(true);
    await db.delete(auditLog).where(eq(auditLog.id, victim.id));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenId: rows[3]!.id, reason: expect.stringContaining("不衔接") });
  });
});
