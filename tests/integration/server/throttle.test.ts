// Throttles on PGlite and PostgreSQL: checking and counting is one statement, so a burst of parallel attempts on one
// key gets exactly `limit` through; a block runs out, a new window starts afresh, a released slot counts no more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { throttles } from "../../../db/schema.ts";
import { parseConfig } from "../../../src/server/config.ts";
import { limitMessage, limitsFrom, throttlePurge, throttleRelease, throttleTake, throttleTakeAll } from "../../../src/server/throttle.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const T0 = new Date("2026-12-01T02:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const POLICY = { limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };

describe.each(DRIVERS)("throttles on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(driver);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("lets exactly `limit` of 50 parallel attempts on one key through, then blocks until the block runs out", async () => {
    const db = database.db;
    const states = await Promise.all(Array.from({ length: 50 }, () => throttleTake(db, "t:burst", POLICY, T0)));
    expect(states.filter((s) => s.allowed)).toHaveLength(5);
    expect(states.filter((s) => !s.allowed).every((s) => !s.allowed && s.retryAfterMs === 15 * 60_000)).toBe(true);
    const [row] = await db.select().from(throttles).where(eq(throttles.key, "t:burst"));
    expect(row!.blockedUntil?.toISOString()).toBe(later(15 * 60_000).toISOString());
    expect(await throttleTake(db, "t:burst", POLICY, later(10 * 60_000))).toEqual({ allowed: false, retryAfterMs: 5 * 60_000 });
    expect(await throttleTake(db, "t:burst", POLICY, later(15 * 60_000))).toEqual({ allowed: true, count: 1 });
  });

  it("also holds for a second handle on the same PostgreSQL database (another instance)", async () => {
    if (!database.url) return;
    const { openDatabase } = await import("../../../src/server/db.ts");
    const other = await openDatabase({ databaseUrl: database.url, dataDir: "/tmp" });
    try {
      const states = await Promise.all(Array.from({ length: 50 }, (_, i) => throttleTake(i % 2 ? database.db : other.db, "t:two", POLICY, T0)));
      expect(states.filter((s) => s.allowed)).toHaveLength(5);
    } finally {
      await other.close();
    }
  });

  it("starts a new window once the old one has passed, and a released slot is counted no more", async () => {
    const db = database.db;
    for (let i = 1; i <= 4; i++) expect(await throttleTake(db, "t:window", POLICY, T0)).toEqual({ allowed: true, count: i });
    await throttleRelease(db, "t:window");
    await throttleRelease(db, "t:window");
    expect(await throttleTake(db, "t:window", POLICY, T0)).toEqual({ allowed: true, count: 3 });
    // A row that holds nothing any more is gone.
    await throttleTake(db, "t:once", POLICY, T0);
    await throttleRelease(db, "t:once");
    expect(await db.select().from(throttles).where(eq(throttles.key, "t:once"))).toEqual([]);
    expect(await throttleTake(db, "t:window", POLICY, later(15 * 60_000))).toEqual({ allowed: true, count: 1 });
  });

  it("takes slots of several keys all or nothing, in parallel too", async () => {
    const db = database.db;
    const narrow = { ...POLICY, limit: 3 };
    // 30 attempts on 30 pairs at once, all from one address whose limit is 3: 3 pass, and the 27 refused pairs keep no slot.
    const states = await Promise.all(Array.from({ length: 30 }, (_, i) => throttleTakeAll(db, [{ key: `t:pair:${i}`, policy: POLICY }, { key: "t:address", policy: narrow }], T0)));
    expect(states.filter((s) => s.allowed)).toHaveLength(3);
    const pairs = await db.select().from(throttles);
    // The refused attempts leave no rows behind: an address over its limit cannot fill the table with keys.
    expect(pairs.filter((r) => r.key.startsWith("t:pair:")).map((r) => r.count)).toEqual([1, 1, 1]);
  });

  it("purges rows whose window passed more than a day ago and that are not blocked", async () => {
    const db = database.db;
    await throttleTake(db, "t:old", POLICY, later(-25 * 60 * 60_000));
    await throttleTake(db, "t:blocked", { limit: 0, windowMs: 60_000, blockMs: 48 * 60 * 60_000 }, later(-25 * 60 * 60_000));
    await throttleTake(db, "t:recent", POLICY, T0);
    await throttlePurge(db, T0);
    const keys = (await db.select({ key: throttles.key }).from(throttles)).map((r) => r.key);
    expect(keys).not.toContain("t:old");
    expect(keys).toContain("t:blocked");
    expect(keys).toContain("t:recent");
  });

  it("reads every limit from the environment, with Chinese messages for bad values, and says whom to call", () => {
    const defaults = limitsFrom(parseConfig({}));
    expect(defaults.loginAccount).toEqual({ limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 });
    expect(defaults.loginAddress.limit).toBe(30);
    expect(defaults.twoFactor.limit).toBe(5);
    expect(defaults.trackNumber).toEqual({ limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 });
    expect(defaults.trackAddress).toEqual({ limit: 20, windowMs: 60 * 60_000, blockMs: 60 * 60_000 });
    expect(defaults.alertsAddress.limit).toBe(10);
    expect(defaults.alertsEmail.limit).toBe(3);
    const set = limitsFrom(parseConfig({ LOGIN_ACCOUNT_LIMIT: "8", TRACK_ADDRESS_WINDOW_MINUTES: "30", ALERTS_EMAIL_HOURLY_LIMIT: "1" }));
    expect(set.loginAccount.limit).toBe(8);
    expect(set.trackAddress.windowMs).toBe(30 * 60_000);
    expect(set.alertsEmail.limit).toBe(1);
    expect(() => parseConfig({ LOGIN_ACCOUNT_LIMIT: "0" })).toThrow("LOGIN_ACCOUNT_LIMIT 至少为 1");
    expect(() => parseConfig({ TRACK_NUMBER_LIMIT: "many" })).toThrow("TRACK_NUMBER_LIMIT 须为正整数");
    expect(() => parseConfig({ OFFICE_PHONE: "call us" })).toThrow("OFFICE_PHONE 须为电话号码");
    expect(limitMessage("登录失败次数过多", 15 * 60_000, parseConfig({}))).toBe("登录失败次数过多，请在15分钟后再试；如需帮助，请致电自治区爱卫办 0471-6944127");
    expect(limitMessage("登录失败次数过多", 61 * 60_000, parseConfig({ OFFICE_PHONE: "none" }))).toBe("登录失败次数过多，请在2小时后再试");
  });
});
