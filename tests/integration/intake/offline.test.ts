// Cases the office records from offline channels (PGlite and PostgreSQL): the web's intake with the received time —
// the publicity window judged at that time (or a letter's postmark), deadlines counted from it — the recording
// audited, and objections and statistics counted by channel.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { auditLog, caseEvents, cases, publicityEntries, publicityLists } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { monthlyCircular, publicStats } from "../../../src/server/case-stats.ts";
import type { StaffActor } from "../../../src/server/cases/actions.ts";
import { recordOffline, recentEntries, type OfflineOutcome } from "../../../src/server/intake/offline.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { publicityDetail } from "../../../src/server/publicity.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

/** Shanghai wall clock → instant. */
const sh = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
const NOW = sh("2026-11-23", "12:00"); // Monday
let n = 0;
const text = () => `来件测试第 ${++n} 件：公示对象镇区主街垃圾堆放多日无人清运，与申报材料不符。`;

describe.each(DRIVERS)("offline channels on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  let officer: StaffActor;
  let handler: StaffActor;
  let listId: number;
  let entryId: number;

  const record = (fields: Record<string, string>, now = NOW) => recordOffline(database.db, { actor: officer, fields, files: [], now, evidenceDir });
  const objection = (channel: string, day: string, time: string, extra: Record<string, string> = {}) =>
    record({ channel, receivedDate: day, receivedTime: time, kind: "objection", publicityEntryId: String(entryId), description: text(), name: "王某", phone: "13800000001", ...extra });
  const made = (o: OfflineOutcome) => {
    if (o.status !== "created") throw new Error(`expected a case, got ${JSON.stringify(o)}`);
    return o.receipt;
  };

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-offline-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: sh("2026-11-01", "10:00") });
    await database.db.delete(cases).where(eq(cases.isDemo, true));
    const as = await staffActors(database.db);
    officer = as("officer");
    handler = as("handler");
    // Open Monday 16th 09:00 to Friday 20th 23:59:59; dated by the dispatch postmark, as the seeded lists are.
    const [list] = await database.db
      .insert(publicityLists)
      .values({ title: "来件测试公示", honours: ["health_county"], opensAt: sh("2026-11-16", "09:00"), closesAt: new Date(sh("2026-11-21", "00:00").getTime() - 1000), letterDating: "postmark_dispatch", publishedAt: sh("2026-11-16", "09:00") })
      .returning({ id: publicityLists.id });
    listId = list!.id;
    const [entry] = await database.db.insert(publicityEntries).values({ publicityId: listId, regionCode: "150621", honour: "health_county", prefectureCode: "150600" }).returning({ id: publicityEntries.id });
    entryId = entry!.id;
  }, 180_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it("accepts an objection by letter received inside the window though recorded after it, and audits the recording", async () => {
    const receipt = made(await objection("letter", "2026-11-20", "16:30"));
    expect(receipt.trackingNumber).toMatch(/^GS20261123\d{6}$/); // numbered when recorded
    expect(receipt.accessCode).toMatch(/^[A-Z0-9]{10}$/);
    const [c] = await database.db.select().from(cases).where(eq(cases.id, receipt.caseId));
    expect(c).toMatchObject({ source: "letter", kind: "objection", publicityEntryId: entryId, regionCode: "150621", state: "submitted", submitterName: "王某" });
    expect(c!.receivedAt).toEqual(sh("2026-11-20", "16:30"));
    const [submitted] = await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, receipt.caseId));
    expect(submitted!.at).toEqual(sh("2026-11-20", "16:30"));
    expect(submitted!.actorLabel).toBe("提交人（信函）");
    expect(submitted!.internalNote).toContain("信函来件");
    const audits = await database.db.select().from(auditLog).where(and(eq(auditLog.action, "case.record_offline"), eq(auditLog.objectId, receipt.trackingNumber)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: officer.userId, objectType: "case", details: { channel: "letter", channelLabel: "信函", receivedAt: sh("2026-11-20", "16:30").toISOString() } });
  });

  it("refuses an objection phoned in after the window, offering a complaint about the entry's place, and stores nothing", async () => {
    const before = (await database.db.select({ id: cases.id }).from(cases)).length;
    // The demo's calls and letters were recorded (and audited) the same way: only a new row would be this one's.
    const recordings = async () => (await database.db.select().from(auditLog).where(eq(auditLog.action, "case.record_offline"))).length;
    const recordedBefore = await recordings();
    const out = await objection("hotline", "2026-11-21", "09:00");
    expect(out).toMatchObject({ status: "refused_objection", regionCode: "150621" });
    expect(out.status === "refused_objection" && out.message).toContain("公示已于2026年11月20日");
    expect((await database.db.select({ id: cases.id }).from(cases)).length).toBe(before);
    expect(await recordings()).toBe(recordedBefore);
    // The same text as a complaint, as the form offers it, is recorded.
    const complaint = made(await record({ channel: "hotline", receivedDate: "2026-11-21", receivedTime: "09:00", kind: "complaint", regionCode: "150621", category: "sanitation", description: text(), name: "王某", phone: "13800000001" }));
    expect((await database.db.select({ source: cases.source }).from(cases).where(eq(cases.id, complaint.caseId)))[0]!.source).toBe("hotline");
  });

  it("judges a letter by its dispatch postmark when one is given", async () => {
    const inTime = await objection("letter", "2026-11-23", "09:00", { postmarkedOn: "2026-11-20" });
    expect(inTime.status).toBe("created");
    const late = await objection("letter", "2026-11-23", "09:00", { postmarkedOn: "2026-11-21" });
    expect(late).toMatchObject({ status: "refused_objection" });
    expect(late.status === "refused_objection" && late.message).toContain("以寄出邮戳日期为准");
    const afterArrival = await objection("letter", "2026-11-23", "09:00", { postmarkedOn: "2026-11-24" });
    expect(afterArrival).toMatchObject({ status: "invalid", errors: { postmarkedOn: "邮戳日期不能晚于收到日期" } });
  });

  it("counts the deadline from the received time, not from the recording", async () => {
    // Phoned on Friday 17:00, recorded on Monday: 2 working days → Tuesday, where a Monday web report gets Wednesday.
    const phoned = made(await record({ channel: "hotline", receivedDate: "2026-11-20", receivedTime: "17:00", kind: "complaint", regionCode: "150621", category: "sanitation", description: text() }));
    expect(phoned.deadline.dueDate).toBe("2026-11-24");
    expect(phoned.receivedAt).toEqual(sh("2026-11-20", "17:00"));
    const [c] = await database.db.select({ deadlineAt: cases.deadlineAt, stage: cases.stage }).from(cases).where(eq(cases.id, phoned.caseId));
    expect(c).toEqual({ deadlineAt: phoned.deadline.dueAt, stage: "accept" });
    const web = await submitReport({ fields: { kind: "complaint", regionCode: "150621", category: "sanitation", description: text() }, files: [] }, { db: database.db, evidenceDir, now: NOW });
    expect(web.status === "created" && web.receipt.deadline.dueDate).toBe("2026-11-25");
  });

  it("shows every field's problem at once and refuses a time in the future", async () => {
    const out = await record({ channel: "fax", receivedDate: "2026-11-23", receivedTime: "12:01", kind: "objection", publicityEntryId: String(entryId), description: "太短" });
    expect(out.status).toBe("invalid");
    const errors = out.status === "invalid" ? out.errors : {};
    expect(errors.channel).toContain("请选择来件渠道");
    expect(errors.receivedAt).toBe("收到时间不能晚于现在");
    expect(errors.name).toBe("提出异议须实名，请填写真实姓名");
    expect(errors.phone).toBe("提出异议须实名，请填写联系电话");
    expect(errors.description).toContain("至少 10 个字");
  });

  it("lets only the office record", async () => {
    const out = await recordOffline(database.db, { actor: handler, fields: { channel: "visit", receivedDate: "2026-11-23", receivedTime: "09:00", kind: "suggestion", description: text() }, files: [], now: NOW, evidenceDir });
    expect(out.status).toBe("forbidden");
  });

  it("offers entries of lists closed within the last 30 days, so late letters can be recorded", async () => {
    expect((await recentEntries(database.db, NOW)).map((e) => e.id)).toContain(entryId);
    expect((await recentEntries(database.db, sh("2026-12-22", "12:00"))).map((e) => e.id)).not.toContain(entryId);
  });

  it("counts objections on the publicity list and cases in the statistics by channel", async () => {
    const web = await submitReport({ fields: { kind: "objection", publicityEntryId: String(entryId), description: text(), name: "李某", phone: "13800000002" }, files: [] }, { db: database.db, evidenceDir, now: sh("2026-11-18", "10:00") });
    expect(web.status).toBe("created");
    const detail = (await publicityDetail(database.db, listId, NOW))!;
    expect(detail.objectionCount).toBe(3); // the letter, the postmarked letter, the web's
    expect(detail.objectionsByChannel).toEqual([
      { source: "web", label: "网上", count: 1 },
      { source: "letter", label: "信函", count: 2 },
    ]);

    const rows = await database.db.select({ source: cases.source }).from(cases).orderBy(asc(cases.id));
    const bySource = (s: string) => rows.filter((r) => r.source === s).length;
    const stats = await publicStats(database.db, 2026, NOW);
    expect(stats.channels.map((c) => [c.label, c.tally.received])).toEqual([
      ["网上", bySource("web")],
      ["电话", 2],
      ["信函", 2],
    ]);
    expect(stats.total.received).toBe(rows.length);
    expect(stats.objections.find((o) => o.id === listId)?.count).toBe(3);
    const november = await monthlyCircular(database.db, "2026-11", NOW);
    expect(november.channels.find((c) => c.source === "hotline")?.tally.received).toBe(2);
  });
});
