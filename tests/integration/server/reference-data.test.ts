// Reference data kept in memory (src/server/reference.ts, issue 17): read once, not again until a change moves the
// generation every instance polls; a change made by another instance or another process (npm run calendar:load)
// reaches this one through that poll. On PGlite and PostgreSQL.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffUsers, units } from "../../../db/schema.ts";
import { calendarYearFromPublished } from "../../../src/domain/calendar.ts";
import { workingDeadline } from "../../../src/domain/deadlines.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { PageCache } from "../../../src/server/cache.ts";
import { ensureCalendarCoverage, loadPublishedSchedule, workingCalendar } from "../../../src/server/calendar.ts";
import type { StaffActor } from "../../../src/server/cases/actions.ts";
import { openDatabase, type Database, type Db } from "../../../src/server/db.ts";
import { routingContextFor } from "../../../src/server/intake/routing-context.ts";
import { changeGeneration, dropReference } from "../../../src/server/reference.ts";
import { regionTree } from "../../../src/server/regions.ts";
import { createRule, dryRunStamp, listRules, parseDraft } from "../../../src/server/routing-rules.ts";
import { activeUnits, allUnits } from "../../../src/server/units.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const NOW = new Date("2026-11-23T04:00:00Z");

/** The handle, with every statement it starts counted (select, execute), and a switch that makes them fail. */
function counted(db: Db) {
  const seen = { statements: 0, failing: false };
  const handle = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      if (prop !== "select" && prop !== "execute") return value.bind(target);
      return (...args: unknown[]) => {
        seen.statements += 1;
        if (seen.failing) throw new Error("database away");
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: handle, seen };
}

describe.each(DRIVERS)("reference data in memory on %s", (driver) => {
  let database: TestDatabase;
  let admin: StaffActor;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "自治区爱卫办", now: NOW });
    const [p] = (await database.db.select().from(staffUsers)).filter((u) => u.role === "admin");
    admin = { role: "admin", unitId: p!.unitId, userId: p!.id, displayName: p!.displayName };
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it("reads regions, units, the calendar and the routing data once, then from memory", async () => {
    dropReference();
    const { db, seen } = counted(database.db);
    const first = { tree: await regionTree(db), units: await allUnits(db), cal: await workingCalendar(db), ctx: await routingContextFor(db, "150621") };
    expect(seen.statements).toBeGreaterThanOrEqual(5);
    expect(first.tree.path("150621").map((r) => r.name)).toEqual(["鄂尔多斯市", "达拉特旗"]);
    expect(first.ctx.regionName?.("150600")).toBe("鄂尔多斯市");

    seen.statements = 0;
    expect(await regionTree(db)).toBe(first.tree);
    expect(await allUnits(db)).toBe(first.units);
    expect(await workingCalendar(db)).toBe(first.cal);
    expect((await activeUnits(db)).length).toBe(first.units.filter((u) => u.active).length);
    const again = await routingContextFor(db, "150621");
    expect(again.rules).toEqual(first.ctx.rules);
    expect(seen.statements).toBe(0);
    // Shared by every request: nobody can change it by accident.
    expect(Object.isFrozen(first.units) && Object.isFrozen(first.units[0])).toBe(true);
    expect(() => ((first.units as unknown as { name: string }[])[0]!.name = "改名")).toThrow(TypeError);
  });

  it("keeps each database's data apart", async () => {
    const other = await freshDatabase("pglite");
    try {
      await regionTree(database.db);
      expect((await regionTree(other.db)).get("150621")).toBeUndefined(); // an empty database has no regions
      expect((await regionTree(database.db)).get("150621")?.name).toBe("达拉特旗");
    } finally {
      await other.dispose();
    }
  });

  it("does not keep a load that failed", async () => {
    dropReference();
    const { db, seen } = counted(database.db);
    seen.failing = true;
    await expect(workingCalendar(db)).rejects.toThrow("database away");
    seen.failing = false;
    expect((await workingCalendar(db)).hasYear(2027)).toBe(true);
  });

  it("keeps nothing loaded inside a transaction, which may hold its own uncommitted writes", async () => {
    dropReference();
    await database.db
      .transaction(async (tx) => {
        expect((await allUnits(tx)).some((u) => u.id === "unit-new")).toBe(false);
        await tx.insert(units).values({ id: "unit-new", name: "新单位", kind: "member", parentUnitId: "office" });
        expect((await allUnits(tx)).some((u) => u.id === "unit-new")).toBe(true);
        tx.rollback();
      })
      .catch(() => {});
    const { db, seen } = counted(database.db);
    expect((await allUnits(db)).some((u) => u.id === "unit-new")).toBe(false);
    expect(seen.statements).toBe(1);
  });

  it("a rule change moves the generation and is routed by at once on this instance", async () => {
    const before = await changeGeneration(database.db);
    const ctx = await routingContextFor(database.db, "150621");
    const form = { kind: "complaint", category: "water", region: "150621", unitId: "unit-150600", note: "" };
    const checked = await parseDraft(database.db, form);
    if (!checked.ok) throw new Error(JSON.stringify(checked));
    const stamp = dryRunStamp(await listRules(database.db), null, checked.draft);
    const saved = await createRule(database.db, admin, form, stamp, NOW);
    expect(saved.ok).toBe(true);
    expect(await changeGeneration(database.db)).not.toBe(before);
    const after = await routingContextFor(database.db, "150621");
    expect(after.rules.length).toBe(ctx.rules.length + 1);
    expect(after.rules.some((r) => r.category === "water" && r.unitId === "unit-150600")).toBe(true);
  });

  it("the calendar's coverage and a loaded schedule move the generation", async () => {
    const g0 = await changeGeneration(database.db);
    // Nothing to add: the generation stays, so no instance drops its pages for nothing.
    expect(await database.db.transaction((tx) => ensureCalendarCoverage(tx, NOW))).toEqual([]);
    expect(await changeGeneration(database.db)).toBe(g0);
    const added = await database.db.transaction((tx) => ensureCalendarCoverage(tx, new Date("2031-06-01T00:00:00Z")));
    expect(added.length).toBeGreaterThan(0);
    const g1 = await changeGeneration(database.db);
    expect(g1).not.toBe(g0);
    const year = calendarYearFromPublished(2028, [{ date: "2028-01-03", kind: "holiday", name: "元旦" }]);
    await database.db.transaction((tx) => loadPublishedSchedule(tx, year, NOW));
    expect(await changeGeneration(database.db)).not.toBe(g1);
    expect((await workingCalendar(database.db)).isWorkingDay("2028-01-03")).toBe(false);
  });
});

describe.runIf(DRIVERS.includes("postgres"))("a calendar loaded by another process on PostgreSQL", () => {
  let database: TestDatabase;
  let instance: Database;
  let dir: string;

  beforeAll(async () => {
    database = await freshDatabase("postgres");
    await bootstrap(database, { provinceCode: "150000", officeName: "自治区爱卫办", now: NOW });
    instance = await openDatabase({ databaseUrl: database.url, dataDir: tmpdir() });
    dir = mkdtempSync(join(tmpdir(), "htp-calendar-"));
  }, 120_000);
  afterAll(async () => {
    await instance?.close();
    await database?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reaches a running instance through its poll, and its deadlines count with the new schedule", async () => {
    dropReference();
    const pages = new PageCache();
    pages.observeGeneration(await changeGeneration(instance.db));
    const held = await workingCalendar(instance.db);
    expect(held.isWorkingDay("2027-01-04")).toBe(true); // a Monday, under the computed 2027
    // Two working days from Wednesday 30 December: Thursday 31, then (元旦 on the Friday) Monday 4 January.
    expect(workingDeadline("2026-12-30", 2, held)).toMatchObject({ dueDate: "2027-01-04", provisional: true });

    const file = join(dir, "2027.json");
    writeFileSync(file, JSON.stringify({ year: 2027, days: [1, 2, 3, 4].map((d) => ({ date: `2027-01-0${d}`, kind: "holiday", name: "元旦" })) }));
    const run = spawnSync(process.execPath, ["scripts/calendar-load.ts", file], { env: { ...process.env, CI: "", DATABASE_URL: database.url!, MEILI_URL: "", DATA_DIR: dir }, encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);

    // Until the poll sees the change, this instance answers from memory; after it, from the new schedule.
    expect(await workingCalendar(instance.db)).toBe(held);
    expect(pages.observeGeneration(await changeGeneration(instance.db))).toBe(true);
    const fresh = await workingCalendar(instance.db);
    expect(fresh).not.toBe(held);
    expect(fresh.isWorkingDay("2027-01-04")).toBe(false);
    expect(workingDeadline("2026-12-30", 2, fresh)).toMatchObject({ dueDate: "2027-01-05", provisional: false });
  });
});
