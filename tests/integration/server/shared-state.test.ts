// State that two portal instances on one database share: each check below is made by two "instances" (two
// database handles on PostgreSQL) at the same moment, and exactly one of them may win.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { generateHOTP } from "@oslojs/otp";
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { schedulerTicks, sessions, staffUsers } from "../../../db/schema.ts";
import { hashPassword } from "../../../src/server/auth/passwords.ts";
import { createSession, validateSessionToken } from "../../../src/server/auth/sessions.ts";
import { beginEnrolment, confirmEnrolment, passSecondFactor, verifySecondFactor } from "../../../src/server/auth/two-factor.ts";
import { openDatabase, type Database } from "../../../src/server/db.ts";
import { checkProof, newChallenge } from "../../../src/server/intake/abuse.ts";
import { holderIsDeadHere, renewLease, takeLease } from "../../../src/server/leases.ts";
import { claimTick } from "../../../src/server/scheduler.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const T0 = new Date(1_796_000_000_000);
const at = (s: number) => new Date(T0.getTime() + s * 1000);

describe.each(DRIVERS)("shared instance state on %s", (driver) => {
  let database: TestDatabase;
  /** The second instance: its own connection pool on the same PostgreSQL database (PGlite has one process). */
  let other: Database;
  let key: Uint8Array;
  let recovery: string[];

  beforeAll(async () => {
    database = await freshDatabase(driver);
    other = driver === "postgres" ? await openDatabase({ databaseUrl: database.url!, dataDir: "/tmp" }) : database;
    const passwordHash = await hashPassword("correct horse battery");
    await database.db.insert(staffUsers).values({ id: "u-officer", username: "officer", displayName: "工作人员", role: "officer", passwordHash, passwordChangedAt: at(-3600) });
    await beginEnrolment(database.db, { id: "u-officer", username: "officer" });
    const [row] = await database.db.select().from(staffUsers).where(eq(staffUsers.id, "u-officer"));
    key = new Uint8Array(row!.totpPendingKey!);
    recovery = (await confirmEnrolment(database.db, "u-officer", generateHOTP(key, BigInt(Math.floor(T0.getTime() / 30_000)), 6), T0))!;
  });
  afterAll(async () => {
    if (other !== database) await other?.close();
    await database?.dispose();
  });

  it("accepts a TOTP code once when two instances get it at the same moment", async () => {
    const code = generateHOTP(key, BigInt(Math.floor(at(60).getTime() / 30_000)), 6);
    const results = await Promise.all([verifySecondFactor(database.db, "u-officer", code, at(61)), verifySecondFactor(other.db, "u-officer", code, at(61))]);
    expect(results.filter((r) => r === "totp")).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
  });

  it("spends a recovery code once when two instances get it at the same moment", async () => {
    const results = await Promise.all([verifySecondFactor(database.db, "u-officer", recovery[0]!, at(90)), verifySecondFactor(other.db, "u-officer", recovery[0]!, at(90))]);
    expect(results.filter((r) => r === "recovery")).toHaveLength(1);
    const [row] = await database.db.select().from(staffUsers).where(eq(staffUsers.id, "u-officer"));
    expect(row!.recoveryCodes).toHaveLength(recovery.length - 1);
  });

  it("gives the session a new token once the second factor is passed", async () => {
    const half = await createSession(database.db, "u-officer", at(120), false);
    const [user] = await database.db.select().from(staffUsers).where(eq(staffUsers.id, "u-officer"));
    const code = generateHOTP(key, BigInt(Math.floor(at(150).getTime() / 30_000)), 6);
    const result = await passSecondFactor(database.db, { user: user!, session: half.session }, code, "10.0.0.1", at(150));
    if (!result.ok) throw new Error(result.message);
    expect(result.session.token).not.toBe(half.token);
    expect(await validateSessionToken(database.db, half.token, at(151))).toBeNull();
    const fresh = await validateSessionToken(database.db, result.session.token, at(151));
    expect(fresh?.session.twoFactorVerified).toBe(true);
    expect(await database.db.select().from(sessions).where(eq(sessions.id, half.session.id))).toHaveLength(0);
  });

  it("accepts a solved proof of work once across instances", async () => {
    const challenge = await newChallenge(database.db, new Date());
    const solution = await solveChallenge({ challenge, deriveKey });
    const payload = btoa(JSON.stringify({ challenge, solution }));
    const results = await Promise.all([checkProof(database.db, payload), checkProof(other.db, payload)]);
    expect(results.sort()).toEqual(["invalid", "verified"]);
    expect(await checkProof(other.db, payload)).toBe("invalid");
  });

  it("lets one instance run each scheduler tick", async () => {
    const now = at(3600);
    const claims = await Promise.all([claimTick(database.db, now, 60_000, "a:1:x"), claimTick(other.db, new Date(now.getTime() + 20_000), 60_000, "b:2:y")]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimTick(other.db, new Date(now.getTime() + 60_000), 60_000, "b:2:y")).toBe(true);
    const rows = await database.db.select().from(schedulerTicks);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.tick)).size).toBe(2);
  });

  it("holds the bundled search for one instance until its lease expires or its process is gone", async () => {
    const lease = { name: "bundled-search", detail: "/data", ttlMs: 60_000 };
    const first = await Promise.all([takeLease(database.db, { ...lease, holder: "a:1:x" }, T0), takeLease(other.db, { ...lease, holder: "b:2:y" }, T0)]);
    expect(first.filter((r) => r.ok)).toHaveLength(1);
    const winner = first[0]!.ok ? "a:1:x" : "b:2:y";
    expect(await takeLease(database.db, { ...lease, holder: "c:3:z" }, at(30))).toMatchObject({ ok: false, holder: winner });
    expect(await renewLease(database.db, "bundled-search", winner, 60_000, at(50))).toBe(true);
    expect((await takeLease(database.db, { ...lease, holder: "c:3:z" }, at(100))).ok).toBe(false);
    expect((await takeLease(database.db, { ...lease, holder: "c:3:z" }, at(111))).ok).toBe(true);
    // A holder that was killed on this host is replaced at once; a live one is not.
    expect(holderIsDeadHere(`host:${process.pid}:x`, "host")).toBe(false);
    expect(holderIsDeadHere("host:999999999:x", "host")).toBe(true);
    expect(holderIsDeadHere("elsewhere:999999999:x", "host")).toBe(false);
    expect((await takeLease(database.db, { ...lease, holder: "d:4:w", mayReplace: () => true }, at(112))).ok).toBe(true);
  });
});

// PGlite is one process: its `exclusive` just runs the work. The lock matters where instances share a server.
describe.runIf(DRIVERS.includes("postgres"))("the setup lock on postgres", () => {
  it("runs once-only work one instance at a time", async () => {
    const database = await freshDatabase("postgres");
    const other = await openDatabase({ databaseUrl: database.url!, dataDir: "/tmp" });
    try {
      const log: string[] = [];
      const work = (name: string) => async () => {
        log.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 300));
        log.push(`${name} out`);
      };
      await Promise.all([database.exclusive(1234, work("a")), other.exclusive(1234, work("b"))]);
      expect(log[1]).toBe(`${log[0]!.split(" ")[0]} out`);
      expect(log[3]).toBe(`${log[2]!.split(" ")[0]} out`);
    } finally {
      await other.close();
      await database.dispose();
    }
  });
});
