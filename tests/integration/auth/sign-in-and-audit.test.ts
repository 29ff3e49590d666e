// Staff sign-in, sessions, second factor and the audit chain on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { auditLog, sessions, staffUsers } from "../../../db/schema.ts";
import { signIn } from "../../../src/server/auth/login.ts";
import { hashPassword } from "../../../src/server/auth/passwords.ts";
import { invalidateUserSessions, validateSessionToken } from "../../../src/server/auth/sessions.ts";
import { beginEnrolment, confirmEnrolment, passSecondFactor, verifySecondFactor } from "../../../src/server/auth/two-factor.ts";
import { parseConfig } from "../../../src/server/config.ts";
import { limitsFrom } from "../../../src/server/throttle.ts";
import { verifyAuditChain } from "../../../src/server/audit.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const T0 = new Date("2026-11-23T01:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);
const CALL = "；如需帮助，请致电自治区爱卫办 0471-6944127";
/** The configured limits without the slowing down, so that bursts are quick to test. */
const QUICK = limitsFrom(parseConfig({ LOGIN_DELAY_MS: "0" }));

describe.each(DRIVERS)("sign-in and audit on %s", (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    const passwordHash = await hashPassword("correct horse battery");
    await database.db.insert(staffUsers).values([
      { id: "u-handler", username: "handler", displayName: "经办人", role: "handler", passwordHash, passwordChangedAt: at(-1) },
      { id: "u-officer", username: "officer", displayName: "工作人员", role: "officer", passwordHash, passwordChangedAt: at(-1) },
      { id: "u-locked", username: "locked", displayName: "被锁", role: "handler", passwordHash, passwordChangedAt: at(-1) },
      { id: "u-burst", username: "burst", displayName: "并发", role: "handler", passwordHash, passwordChangedAt: at(-1) },
      ...Array.from({ length: 50 }, (_, i) => ({ id: `u-many-${i}`, username: `many${i}`, displayName: `多账号${i}`, role: "handler" as const, passwordHash, passwordChangedAt: at(-1) })),
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

  it("blocks a stranger's address after five wrong passwords for an account, never the account's owner at their own address", async () => {
    const db = database.db;
    for (let i = 0; i < 5; i++) {
      expect(await signIn(db, { username: "locked", password: "guess", ip: "10.1.0.66" }, T0, QUICK)).toEqual({ status: "invalid", message: "用户名或密码不正确" });
    }
    const blocked = await signIn(db, { username: "locked", password: "guess", ip: "10.1.0.66" }, T0, QUICK);
    expect(blocked).toEqual({ status: "throttled", message: `登录失败次数过多，请在15分钟后再试${CALL}`, retryAfterMs: 15 * 60_000 });
    // Even the right password is refused from that address while it is blocked …
    expect((await signIn(db, { username: "locked", password: "correct horse battery", ip: "10.1.0.66" }, at(0.1), QUICK)).status).toBe("throttled");
    // … while the owner, at their own address, signs in at once,
    expect((await signIn(db, { username: "locked", password: "correct horse battery", ip: "10.1.1.1" }, T0, QUICK)).status).toBe("ok");
    // and the stranger's address is free again after 15 minutes.
    expect((await signIn(db, { username: "locked", password: "correct horse battery", ip: "10.1.0.66" }, at(0.26), QUICK)).status).toBe("ok");
  });

  it("checks no more than the limit of 50 parallel wrong passwords, for one account or across accounts", async () => {
    const db = database.db;
    const one = await Promise.all(Array.from({ length: 50 }, () => signIn(db, { username: "burst", password: "guess", ip: "10.3.0.1" }, T0, QUICK)));
    expect(one.filter((r) => r.status === "invalid")).toHaveLength(5);
    expect(one.filter((r) => r.status === "throttled")).toHaveLength(45);
    const failed = await db.select().from(auditLog).where(eq(auditLog.action, "login_failed"));
    expect(failed.filter((r) => (r.details as { ip?: string }).ip === "10.3.0.1")).toHaveLength(5);
    // One address trying 50 accounts at once: its limit across accounts (30) holds.
    const many = await Promise.all(Array.from({ length: 50 }, (_, i) => signIn(db, { username: `many${i}`, password: "guess", ip: "10.3.0.2" }, T0, QUICK)));
    expect(many.filter((r) => r.status === "invalid")).toHaveLength(30);
    expect(many.filter((r) => r.status === "throttled")).toHaveLength(20);
    // A right password does not use up the address's limit: only failures count.
    const tight = limitsFrom(parseConfig({ LOGIN_DELAY_MS: "0", LOGIN_ADDRESS_LIMIT: "2" }));
    expect((await signIn(db, { username: "many1", password: "guess", ip: "10.3.0.3" }, T0, tight)).status).toBe("invalid");
    for (let i = 0; i < 3; i++) expect((await signIn(db, { username: "many2", password: "correct horse battery", ip: "10.3.0.3" }, T0, tight)).status).toBe("ok");
    expect((await signIn(db, { username: "many3", password: "guess", ip: "10.3.0.3" }, T0, tight)).status).toBe("invalid");
    expect((await signIn(db, { username: "many4", password: "guess", ip: "10.3.0.3" }, T0, tight)).status).toBe("throttled");
  });

  it("slows down wrong passwords of one account and address before it blocks them", async () => {
    const slow = limitsFrom(parseConfig({ LOGIN_SLOW_AFTER: "1", LOGIN_DELAY_MS: "400" }));
    const timed = async () => {
      const start = performance.now();
      expect((await signIn(database.db, { username: "many5", password: "guess", ip: "10.4.0.1" }, T0, slow)).status).toBe("invalid");
      return performance.now() - start;
    };
    await timed();
    expect(await timed()).toBeGreaterThanOrEqual(400);
    expect(await timed()).toBeGreaterThanOrEqual(800);
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

  it("limits wrong second-factor codes per account and address: parallel guesses get five checked, the owner elsewhere gets in", async () => {
    const db = database.db;
    const half = async () => {
      const r = await signIn(db, { username: "officer", password: "correct horse battery", ip: "10.5.0.1" }, T0, QUICK);
      if (r.status !== "ok") throw new Error("sign-in failed");
      return { user: r.user, session: r.session };
    };
    const staff = await half();
    const now = new Date(1_796_000_000_000 + 600_000);
    const guesses = await Promise.all(Array.from({ length: 50 }, (_, i) => passSecondFactor(db, staff, String(100000 + i), "10.5.0.66", now, QUICK)));
    expect(guesses.filter((g) => !g.ok && g.retryAfterMs === undefined)).toHaveLength(5);
    const refused = guesses.filter((g) => !g.ok && g.retryAfterMs !== undefined);
    expect(refused).toHaveLength(45);
    expect(refused[0]).toEqual({ ok: false, message: `验证码错误次数过多，请在15分钟后再试${CALL}`, retryAfterMs: 15 * 60_000 });
    const [row] = await db.select({ key: staffUsers.totpKey }).from(staffUsers).where(eq(staffUsers.id, "u-officer"));
    const right = generateHOTP(new Uint8Array(row!.key!), BigInt(Math.floor(now.getTime() / 30_000)), 6);
    // The right code from the guessing address is refused while it is blocked; from the owner's address it passes.
    expect(await passSecondFactor(db, staff, right, "10.5.0.66", now, QUICK)).toMatchObject({ ok: false, retryAfterMs: 15 * 60_000 });
    expect(await passSecondFactor(db, staff, right, "10.5.0.1", now, QUICK)).toMatchObject({ ok: true });
  });

  it("chains every sign-in in the audit log and finds a tampered or deleted row", async () => {
    const db = database.db;
    const rows = await db.select().from(auditLog).orderBy(auditLog.id);
    expect(rows.map((r) => r.action)).toContain("login_failed");
    expect(rows.map((r) => r.action)).toContain("login");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: rows.length });
    const victim = rows[2]!;
    // The database refuses both (migration 0011); the chain must still see them when someone gets around that.
    await db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await db.update(auditLog).set({ details: { ip: "10.9.9.9" } }).where(eq(auditLog.id, victim.id));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenId: victim.id, reason: expect.stringContaining("被修改") });
    await db.update(auditLog).set({ details: victim.details }).where(eq(auditLog.id, victim.id));
    expect((await verifyAuditChain(db)).ok).toBe(true);
    await db.delete(auditLog).where(eq(auditLog.id, victim.id));
    await db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenId: rows[3]!.id, reason: expect.stringContaining("不衔接") });
  });
});
