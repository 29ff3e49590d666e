// The office's queue on PGlite and PostgreSQL: most urgent first, a count for every tab that matches its list, keyset
// pages that neither skip nor repeat, saved filters, bulk accept and assign with a per-case result (one refused
// because its version moved), and exports in CSV and XLSX with masked identities and an audit row.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, caseEvents, cases, savedFilters, staffUsers } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { performAction, type StaffActor } from "../../../src/server/cases/actions.ts";
import { bulkAct } from "../../../src/server/cases/bulk.ts";
import { EXPORT_HEADER, exportQueue } from "../../../src/server/cases/export.ts";
import { countQueues, listCases, queuesFor } from "../../../src/server/cases/queues.ts";
import { deleteFilter, listSavedFilters, saveFilter } from "../../../src/server/cases/saved-filters.ts";
import { verifyAuditChain } from "../../../src/server/audit.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

const NOW = new Date("2026-11-25T02:00:00Z"); // Wednesday 10:00 Shanghai
const day = (d: number) => new Date(Date.UTC(2026, 10, d, 2, 0, 0));

describe.each(DRIVERS)("the office's queue on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  let officer: StaffActor;
  let handler: StaffActor;
  const ids: number[] = [];

  async function newCase(n: number, receivedOn: Date, who?: { name: string; phone: string; email?: string }) {
    const out = await submitReport(
      { fields: { kind: "complaint", regionCode: "150621", category: "sanitation", description: `队列测试 ${n}：镇区主街两侧垃圾堆放多日无人清运，影响居民出行。`, ...(who ?? {}) }, files: [] },
      { db: database.db, evidenceDir, now: receivedOn },
    );
    if (out.status !== "created") throw new Error(JSON.stringify(out));
    return out.receipt;
  }
  const rows = (actor: StaffActor, query: Parameters<typeof listCases>[2]) => listCases(database.db, actor, query, NOW);

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-evidence-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: day(2) });
    const as = await staffActors(database.db);
    officer = as("officer");
    handler = as("handler");
    // Received on different days, so their acceptance deadlines differ: the oldest ones are overdue by NOW.
    for (const [i, d] of [12, 3, 24, 9, 18, 5, 20, 16].entries()) {
      const r = await newCase(i, day(d), i === 0 ? { name: "欧阳明", phone: "13912345678", email: "ouyang.ming@example.cn" } : undefined);
      ids.push(r.caseId);
    }
  }, 180_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it("lists the most urgent first: overdue cases, then the fewest working days left, cases without a running deadline last", async () => {
    // One case paused (no running deadline) goes last whatever its date.
    const [paused] = await database.db.select().from(cases).where(eq(cases.id, ids[1]!));
    await database.db.update(cases).set({ deadlineAt: null, pausedAt: day(4) }).where(eq(cases.id, paused!.id));
    const { rows: listed } = await rows(officer, { queue: "all", limit: 100 });
    const mine = listed.filter((r) => ids.includes(r.id));
    expect(mine.at(-1)!.id).toBe(paused!.id);
    const running = mine.filter((r) => r.deadlineAt);
    const times = running.map((r) => r.deadlineAt!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(running[0]!.clock.status).toBe("overdue");
    const left = running.map((r) => r.clock.workingDaysLeft!);
    expect(left).toEqual([...left].sort((a, b) => a - b));
    expect(left[0]).toBeLessThan(0);
    await database.db.update(cases).set({ deadlineAt: paused!.deadlineAt, pausedAt: null }).where(eq(cases.id, paused!.id));
  });

  it("pages by a keyset cursor without skipping or repeating, even when a case arrives between pages", async () => {
    const all = (await rows(officer, { queue: "all", limit: 100 })).rows.map((r) => r.id);
    const seen: number[] = [];
    let cursor: string | undefined;
    let arrived: number | null = null;
    for (let page = 0; page < 20; page++) {
      const p = await rows(officer, { queue: "all", limit: 3, cursor });
      seen.push(...p.rows.map((r) => r.id));
      if (page === 0) arrived = (await newCase(99, day(25))).caseId; // due later than everything listed so far
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id !== arrived)).toEqual(all);
    expect(seen).toContain(arrived);
  });

  it("counts every tab exactly as its list, under the current filters", async () => {
    for (const [actor, filters] of [[officer, {}], [officer, { q: "队列测试 1" }], [officer, { state: "submitted" }], [handler, {}]] as const) {
      const counts = await countQueues(database.db, actor, NOW, filters, queuesFor(actor));
      expect(Object.keys(counts)).toEqual(queuesFor(actor));
      for (const [queue, n] of Object.entries(counts)) {
        const listed = await rows(actor, { queue: queue as "all", limit: 100, ...filters });
        expect(n, `${actor.role} ${queue} ${JSON.stringify(filters)}`).toBe(listed.rows.length);
      }
    }
    const counts = await countQueues(database.db, officer, NOW, {}, queuesFor(officer));
    expect(counts.overdue).toBeGreaterThan(0);
    expect(counts.all).toBeGreaterThan(counts.overdue!);
  });

  it("keeps filters per person: saved, listed, refused twice under one name, deleted only by their owner, all audited", async () => {
    expect(await saveFilter(database.db, officer, { name: "超期未受理", query: "queue=overdue&state=submitted&cursor=xyz" }, NOW)).toMatchObject({ ok: true });
    expect(await saveFilter(database.db, officer, { name: "超期未受理", query: "queue=all" }, NOW)).toMatchObject({ ok: false, status: 409 });
    expect(await saveFilter(database.db, officer, { name: " ", query: "queue=all" }, NOW)).toMatchObject({ ok: false, status: 422 });
    const [saved] = await listSavedFilters(database.db, officer.userId);
    expect(saved).toMatchObject({ name: "超期未受理", query: "queue=overdue&state=submitted" });
    expect(await listSavedFilters(database.db, handler.userId)).toEqual([]);
    expect(await deleteFilter(database.db, handler, { filterId: String(saved!.id) }, NOW)).toMatchObject({ ok: false, status: 404 });
    expect(await deleteFilter(database.db, officer, { filterId: String(saved!.id) }, NOW)).toMatchObject({ ok: true });
    expect(await database.db.select().from(savedFilters)).toEqual([]);
    const audited = await database.db.select().from(auditLog).where(inArray(auditLog.action, ["saved_filter.create", "saved_filter.delete"]));
    expect(audited.map((a) => [a.action, a.actorUserId, a.details.name])).toEqual([
      ["saved_filter.create", officer.userId, "超期未受理"],
      ["saved_filter.delete", officer.userId, "超期未受理"],
    ]);
  });

  it("accepts several cases at once, each checked against its own version and audited, and reports each result", async () => {
    const [a, b, c] = ids.slice(2, 5) as [number, number, number];
    const version = async (id: number) => (await database.db.select({ v: cases.version }).from(cases).where(eq(cases.id, id)))[0]!.v;
    const form = new URLSearchParams([["action", "accept"], ["pick", `${a}:${await version(a)}`], ["pick", `${b}:${await version(b)}`], ["pick", `${c}:${await version(c)}`]]);
    // Someone else accepted b after the queue was rendered: its version moved.
    expect(await performAction(database.db, { caseId: b, version: await version(b), actor: officer, action: { type: "accept" }, now: NOW })).toMatchObject({ ok: true });
    const out = await bulkAct(database.db, officer, form, NOW);
    if (!out.ok) throw new Error(out.reason);
    expect(out.items.map((i) => [i.caseId, i.ok])).toEqual([[a, true], [b, false], [c, true]]);
    expect(out.items[0]!.message).toBe("已受理");
    expect(out.items[1]!.message).toMatch(/已被他人更新/);
    expect(out.items[1]!.trackingNumber).toMatch(/^[A-Z0-9-]+$/);
    const states = await database.db.select({ id: cases.id, state: cases.state, version: cases.version }).from(cases).where(inArray(cases.id, [a, b, c]));
    expect(states.every((s) => s.state === "accepted")).toBe(true);
    const accepts = await database.db.select().from(caseEvents).where(and(inArray(caseEvents.caseId, [a, b, c]), eq(caseEvents.action, "accept")));
    expect(accepts).toHaveLength(3); // b once, by the other hand; a and c once each by the bulk action
    const audited = await database.db.select().from(auditLog).where(eq(auditLog.action, "case.accept"));
    const numbers = (await database.db.select({ n: cases.trackingNumber }).from(cases).where(inArray(cases.id, [a, c]))).map((r) => r.n);
    for (const n of numbers) expect(audited.filter((r) => r.objectId === n)).toHaveLength(1);

    // Then assign two of them to a unit at once; a unit's handler may not bulk-act at all.
    const assign = new URLSearchParams([["action", "assign"], ["unitId", "unit-150600"], ["pick", `${a}:${await version(a)}`], ["pick", `${c}:${await version(c)}`]]);
    expect(await bulkAct(database.db, handler, assign, NOW)).toMatchObject({ ok: false, status: 403 });
    expect(await bulkAct(database.db, officer, new URLSearchParams([["action", "assign"], ["pick", `${a}:1`]]), NOW)).toMatchObject({ ok: false, status: 422 });
    expect(await bulkAct(database.db, officer, new URLSearchParams([["action", "accept"]]), NOW)).toMatchObject({ ok: false, status: 422 });
    const assigned = await bulkAct(database.db, officer, assign, NOW);
    expect(assigned.ok && assigned.items.map((i) => i.message)).toEqual(["已交办", "已交办"]);
    expect((await rows(handler, { queue: "mine", limit: 100 })).rows.map((r) => r.id)).toEqual(expect.arrayContaining([a, c]));
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it("exports the current filter as CSV and XLSX with identities masked as on screen, and audits each export", async () => {
    const csv = await exportQueue(database.db, officer, { queue: "all" }, "csv", NOW);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(csv.body);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const table = parse(text.slice(1)) as string[][];
    expect(table[0]).toEqual(EXPORT_HEADER);
    expect(table.length - 1).toBe(csv.rows);
    expect(csv.rows).toBe((await rows(officer, { queue: "all", limit: 100 })).rows.length);
    const [first] = await database.db.select({ n: cases.trackingNumber }).from(cases).where(eq(cases.id, ids[0]!));
    const named = table.find((r) => r[0] === first!.n)!;
    expect(named.slice(9, 12)).toEqual(["欧阳*", "139****5678", expect.stringContaining("*")]);
    expect(text).not.toContain("欧阳明");
    expect(text).not.toContain("13912345678");
    expect(text).not.toContain("ouyang.ming");
    // In the queue's order: the first row is the most urgent.
    expect(table[1]![0]).toBe((await rows(officer, { queue: "all", limit: 1 })).rows[0]!.trackingNumber);

    const xlsx = await exportQueue(database.db, officer, { queue: "all", q: "队列测试 0" }, "xlsx", NOW);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    const sheet = book.getWorksheet("受理件")!;
    const values = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1).map(String));
    expect(values[0]).toEqual(EXPORT_HEADER);
    expect(values).toHaveLength(2);
    expect(values[1]!.slice(9, 11)).toEqual(["欧阳*", "139****5678"]);

    // A unit's export holds only the unit's cases.
    const unit = await exportQueue(database.db, handler, { queue: "all" }, "csv", NOW);
    expect(unit.rows).toBe((await rows(handler, { queue: "all", limit: 100 })).rows.length);

    const audited = await database.db.select().from(auditLog).where(eq(auditLog.action, "cases.export"));
    expect(audited.map((a) => [a.actorUserId, a.details])).toEqual([
      [officer.userId, { format: "csv", filter: "queue=all", rows: csv.rows }],
      [officer.userId, { format: "xlsx", filter: `queue=all&q=${encodeURIComponent("队列测试 0").replace(/%20/g, "+")}`, rows: 1 }],
      [handler.userId, { format: "csv", filter: "queue=all", rows: unit.rows }],
    ]);
    expect(await database.db.select().from(staffUsers).where(eq(staffUsers.id, officer.userId))).toHaveLength(1);
  });
});
