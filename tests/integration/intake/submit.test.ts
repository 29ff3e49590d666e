// Case intake on PGlite and PostgreSQL: whole cases or nothing, evidence checked and cleaned, idempotent retries.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, count, eq } from "drizzle-orm";
import { caseEvents, caseEvidence, cases, publicityEntries, publicityLists, submissionKeys } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { hashAccessCode } from "../../../src/server/codes.ts";
import { bodyHash, knownKey, STALE_CLAIM_MS, submitReport, type SubmitOutcome } from "../../../src/server/intake/submit.ts";
import type { IncomingFile } from "../../../src/server/intake/evidence.ts";
import { publicityStatus } from "../../../src/domain/publicity.ts";
import { trackCase } from "../../../src/server/intake/track.ts";
import { gateSubmission, newChallenge } from "../../../src/server/intake/abuse.ts";
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const NOW = new Date("2026-11-23T04:00:00Z"); // Monday 12:00 in Shanghai
let counter = 0;
const text = () => `第 ${++counter} 次反映：镇区主街两侧垃圾堆放多日无人清运，气味很大，影响居民生活。`;

async function gpsJpeg(): Promise<Uint8Array> {
  const buf = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a7" } })
    .jpeg()
    .withExif({ IFD0: { Make: "PhoneMaker" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "39/1 36/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "109/1 46/1 0/1" } })
    .toBuffer();
  return new Uint8Array(buf);
}
const pdf = () => new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

function created(o: SubmitOutcome) {
  if (o.status !== "created" && o.status !== "replayed") throw new Error(`expected a case, got ${JSON.stringify(o)}`);
  return o.receipt;
}

describe.each(DRIVERS)("case intake on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  let openEntryId: number;
  let closedEntryId: number;
  const deps = () => ({ db: database.db, evidenceDir, now: NOW });
  const caseCount = async () => (await database.db.select({ n: count() }).from(cases))[0]!.n;
  const storedFiles = () => (existsSync(evidenceDir) ? readdirSync(evidenceDir, { recursive: true }).filter((f) => String(f).includes(".")) : []);

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-evidence-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    const rows = await database.db
      .select({ id: publicityEntries.id, opensAt: publicityLists.opensAt, closesAt: publicityLists.closesAt, cutoffTime: publicityLists.cutoffTime })
      .from(publicityEntries)
      .innerJoin(publicityLists, eq(publicityLists.id, publicityEntries.publicityId))
      .orderBy(asc(publicityEntries.id));
    openEntryId = rows.find((r) => publicityStatus(r, NOW) === "open")!.id;
    closedEntryId = rows.find((r) => publicityStatus(r, NOW) === "closed")!.id;
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it("files a complaint with five files, strips GPS from the photo and routes a 鄂尔多斯 township to its league", async () => {
    const photo = await gpsJpeg();
    const before = await sharp(photo).metadata();
    expect(before.exif?.length).toBeGreaterThan(50); // the test photo really carries EXIF with a GPS block
    const files: IncomingFile[] = [
      { name: "街道.jpg", bytes: photo },
      { name: "a.pdf", bytes: pdf() },
      { name: "b.pdf", bytes: pdf() },
      { name: "c.png", bytes: new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } }).png().toBuffer()) },
      { name: "d.webp", bytes: new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } }).webp().toBuffer()) },
    ];
    const receipt = created(
      await submitReport({ fields: { kind: "complaint", regionCode: "150621100", category: "sanitation", description: text() }, files }, deps()),
    );
    expect(receipt.trackingNumber).toMatch(/^GS20261123\d{6}$/);
    expect(receipt.evidenceCount).toBe(5);
    // Accepted on Monday: 2 working days → Wednesday 23:59:59 Shanghai.
    expect(receipt.deadline.dueDate).toBe("2026-11-25");

    const [c] = await database.db.select().from(cases).where(eq(cases.id, receipt.caseId));
    expect(c).toMatchObject({ state: "submitted", source: "web", assignedUnitId: null, stage: "accept" });
    expect(c!.routing?.unitId).toBe("unit-150600");
    expect(c!.routing?.decidedBy).toEqual({ type: "region", regionCode: "150600" });
    expect(c!.accessCodeHash).toBe(hashAccessCode(receipt.accessCode));
    const events = await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, receipt.caseId));
    expect(events.map((e) => e.toState)).toEqual(["submitted"]);

    const evidence = await database.db.select().from(caseEvidence).where(eq(caseEvidence.caseId, receipt.caseId)).orderBy(asc(caseEvidence.id));
    expect(evidence.map((e) => e.mimeType)).toEqual(["image/jpeg", "application/pdf", "application/pdf", "image/png", "image/webp"]);
    const stored = readFileSync(join(evidenceDir, evidence[0]!.storageKey));
    const after = await sharp(stored).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.width).toBe(64);
  });

  it("stores a PDF with its document information and XMP blanked, at the same length", async () => {
    const original = new TextEncoder().encode(
      "%PDF-1.4\n1 0 obj<< /Author (Zhang San) /Producer (Scanner App 2.0) >>endobj\n2 0 obj<< /Length 60 >>stream\n<?xpacket begin=\"\"?><x:xmpmeta>Zhang San</x:xmpmeta><?xpacket end=\"w\"?>\nendstream endobj\ntrailer<< /Info 1 0 R >>\n%%EOF\n",
    );
    const receipt = created(await submitReport({ fields: { kind: "suggestion", category: "other", description: text() }, files: [{ name: "扫描件.pdf", bytes: original }] }, deps()));
    const [row] = await database.db.select().from(caseEvidence).where(eq(caseEvidence.caseId, receipt.caseId));
    const stored = readFileSync(join(evidenceDir, row!.storageKey));
    expect(stored.byteLength).toBe(original.byteLength);
    expect(stored.toString("latin1")).not.toMatch(/Zhang|Scanner|xmpmeta/);
    expect(stored.toString("latin1")).toContain("/Author (");
  });

  it("routes 满洲里市 to its own unit", async () => {
    const receipt = created(await submitReport({ fields: { kind: "lead", regionCode: "150781", category: "food", leadUrl: "https://example.com/news/1", description: text() }, files: [] }, deps()));
    const [c] = await database.db.select().from(cases).where(eq(cases.id, receipt.caseId));
    expect(c!.routing?.unitId).toBe("unit-150781");
  });

  it("refuses a sixth file, an .exe named .jpg and an oversize file, storing nothing", async () => {
    const n = await caseCount();
    const files = storedFiles().length;
    const fields = { kind: "complaint", regionCode: "150600", category: "sanitation", description: text() };
    const six = await submitReport({ fields, files: Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, bytes: pdf() })) }, deps());
    expect(six).toEqual({ status: "invalid", errors: { evidence: "最多上传 5 个文件（收到 6 个）" } });
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, ...new Array(200).fill(0)]);
    const renamed = await submitReport({ fields, files: [{ name: "photo.jpg", bytes: exe }] }, deps());
    expect(renamed.status === "invalid" && renamed.errors.evidence).toContain("不是 JPEG、PNG、WebP 图片或 PDF 文件");
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pdf());
    const oversize = await submitReport({ fields, files: [{ name: "big.pdf", bytes: big }] }, deps());
    expect(oversize.status === "invalid" && oversize.errors.evidence).toContain("超过 10 MB");
    expect(await caseCount()).toBe(n);
    expect(storedFiles().length).toBe(files);
  });

  it("returns the same case and access code for a retried key, and refuses the key with another body", async () => {
    const fields = { kind: "suggestion", category: "education", description: text() };
    const first = created(await submitReport({ fields, files: [], idempotencyKey: "key-retry-1" }, deps()));
    const again = await submitReport({ fields, files: [], idempotencyKey: "key-retry-1" }, deps());
    expect(again.status).toBe("replayed");
    expect(created(again)).toMatchObject({ caseId: first.caseId, trackingNumber: first.trackingNumber, accessCode: first.accessCode });
    const other = await submitReport({ fields: { ...fields, description: text() }, files: [], idempotencyKey: "key-retry-1" }, deps());
    expect(other.status).toBe("key_reused");
    expect((await database.db.select({ n: count() }).from(cases).where(eq(cases.trackingNumber, first.trackingNumber)))[0]!.n).toBe(1);
  });

  it("answers a known key with its receipt before anything else, and 422 for another body under it", async () => {
    const fields = { kind: "suggestion", category: "education", description: text() };
    expect(await knownKey(database.db, "key-known-1", bodyHash(fields, []))).toBeUndefined();
    const first = created(await submitReport({ fields, files: [], idempotencyKey: "key-known-1" }, deps()));
    const known = await knownKey(database.db, "key-known-1", bodyHash(fields, []));
    expect(known?.status).toBe("replayed");
    expect(created(known!)).toMatchObject({ caseId: first.caseId, accessCode: first.accessCode });
    expect((await knownKey(database.db, "key-known-1", bodyHash({ ...fields, description: text() }, [])))?.status).toBe("key_reused");
  });

  it("takes over a claim whose attempt died, and stores the report once", async () => {
    const fields = { kind: "complaint", regionCode: "150600", category: "food", description: text() };
    // What kill -9 between claim and commit leaves: a running claim, no case.
    await database.db.insert(submissionKeys).values({ key: "key-stale-1", bodyHash: bodyHash(fields, []), status: "running", createdAt: new Date(NOW.getTime() - STALE_CLAIM_MS - 1000) });
    const retried = created(await submitReport({ fields, files: [], idempotencyKey: "key-stale-1" }, deps()));
    const again = await submitReport({ fields, files: [], idempotencyKey: "key-stale-1" }, deps());
    expect(created(again)).toMatchObject({ caseId: retried.caseId, accessCode: retried.accessCode });
    expect((await database.db.select({ n: count() }).from(cases).where(eq(cases.description, fields.description)))[0]!.n).toBe(1);
    const [row] = await database.db.select().from(submissionKeys).where(eq(submissionKeys.key, "key-stale-1"));
    expect(row).toMatchObject({ status: "done", caseId: retried.caseId });
  });

  it("answers 409 while a recent claim is still running, without taking it over", async () => {
    const fields = { kind: "complaint", regionCode: "150600", category: "food", description: text() };
    await database.db.insert(submissionKeys).values({ key: "key-running-1", bodyHash: bodyHash(fields, []), status: "running", createdAt: new Date(NOW.getTime() - 10_000) });
    const n = await caseCount();
    const waited = await submitReport({ fields, files: [], idempotencyKey: "key-running-1" }, deps());
    expect(waited).toMatchObject({ status: "in_progress", message: expect.not.stringContaining("不要重复提交") });
    expect(await caseCount()).toBe(n);
  });

  it("makes one case of identical text sent at the same moment under ten keys", async () => {
    const fields = { kind: "complaint", regionCode: "150621", category: "sanitation", description: text() };
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => submitReport({ fields, files: [], idempotencyKey: `key-same-text-${i}` }, deps())));
    expect(outcomes.filter((o) => o.status === "created")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "duplicate")).toHaveLength(9);
    expect((await database.db.select({ n: count() }).from(cases).where(eq(cases.description, fields.description)))[0]!.n).toBe(1);
  });

  it("counts only accepted reports against the hourly limit of an address", async () => {
    const hourlyLimit = { ip: `10.9.${driver.length}.1`, limit: 2 };
    const limited = () => ({ ...deps(), hourlyLimit });
    const fields = () => ({ kind: "suggestion", category: "other", description: text() });
    for (let i = 0; i < 3; i++) {
      // Refused attempts: invalid fields, a file that is not evidence, a repeat of earlier text.
      expect((await submitReport({ fields: { kind: "suggestion" }, files: [] }, limited())).status).toBe("invalid");
      expect((await submitReport({ fields: fields(), files: [{ name: "x.jpg", bytes: new Uint8Array(300) }] }, limited())).status).toBe("invalid");
    }
    const a = created(await submitReport({ fields: fields(), files: [], idempotencyKey: `limit-a-${driver}` }, limited()));
    const repeat = await database.db.select({ description: cases.description }).from(cases).where(eq(cases.id, a.caseId));
    expect((await submitReport({ fields: { kind: "suggestion", category: "other", description: repeat[0]!.description }, files: [] }, limited())).status).toBe("duplicate");
    created(await submitReport({ fields: fields(), files: [] }, limited()));
    const n = await caseCount();
    const third = await submitReport({ fields: fields(), files: [{ name: "a.pdf", bytes: pdf() }], idempotencyKey: `limit-c-${driver}` }, limited());
    expect(third).toMatchObject({ status: "throttled", message: expect.stringContaining("提交过于频繁") });
    expect(await caseCount()).toBe(n);
    // The refused attempt gave its key back, and a retry of an accepted one is still answered.
    expect(await database.db.select().from(submissionKeys).where(eq(submissionKeys.key, `limit-c-${driver}`))).toHaveLength(0);
  });

  it("answers a repeat of the same content with the earlier number", async () => {
    const description = text();
    const first = created(await submitReport({ fields: { kind: "complaint", regionCode: "150600", category: "food", description }, files: [] }, deps()));
    const repeat = await submitReport({ fields: { kind: "complaint", regionCode: "150600", category: "food", description: ` ${description} ` }, files: [] }, deps());
    expect(repeat).toMatchObject({ status: "duplicate", trackingNumber: first.trackingNumber });
  });

  it("gives concurrent submissions unique, consecutive numbers", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => submitReport({ fields: { kind: "suggestion", category: "other", description: text() }, files: [] }, deps())),
    );
    const numbers = outcomes.map((o) => created(o).trackingNumber).sort();
    expect(new Set(numbers).size).toBe(8);
    const seqs = numbers.map((n) => Number(n.slice(-6)));
    expect(seqs.at(-1)! - seqs[0]!).toBe(7);
  });

  it("accepts an objection on the open list and refuses one on the closed list with the window", async () => {
    const identity = { name: "欧阳明", phone: "13800001234" };
    const ok = created(await submitReport({ fields: { kind: "objection", publicityEntryId: openEntryId, description: text(), ...identity }, files: [] }, deps()));
    const [c] = await database.db.select().from(cases).where(eq(cases.id, ok.caseId));
    expect(c).toMatchObject({ kind: "objection", publicityEntryId: openEntryId });
    expect(c!.routing?.unitId).toBe("office");
    expect(ok.deadline.dueDate).toBe("2026-11-24"); // objections: 1 working day to accept

    const n = await caseCount();
    const refused = await submitReport({ fields: { kind: "objection", publicityEntryId: closedEntryId, description: text(), ...identity }, files: [] }, deps());
    expect(refused.status).toBe("objection_refused");
    if (refused.status === "objection_refused") expect(refused.reason).toContain("不再受理异议");
    expect(await caseCount()).toBe(n);
  });

  it("refuses an unknown region and an unknown entry by field", async () => {
    const r = await submitReport({ fields: { kind: "complaint", regionCode: "990000", category: "food", description: text() }, files: [] }, deps());
    expect(r).toEqual({ status: "invalid", errors: { regionCode: "所涉地区不在本省区划内，请从列表中选择" } });
    const e = await submitReport({ fields: { kind: "objection", publicityEntryId: 999999, description: text(), name: "张三", phone: "13800001234" }, files: [] }, deps());
    expect(e).toEqual({ status: "invalid", errors: { publicityEntryId: "找不到该公示对象，请从公示名单中选择" } });
  });

  it("shows the public timeline for the right code, without identity or internal notes", async () => {
    const receipt = created(
      await submitReport({ fields: { kind: "objection", publicityEntryId: openEntryId, description: text(), name: "司马光明", phone: "13912345678", email: "sima@example.com" }, files: [] }, deps()),
    );
    const found = await trackCase(database.db, { trackingNumber: receipt.trackingNumber.toLowerCase(), accessCode: receipt.accessCode.toLowerCase(), ip: "10.0.0.1" }, NOW);
    expect(found.status).toBe("found");
    if (found.status !== "found") return;
    expect(found.case).toMatchObject({ trackingNumber: receipt.trackingNumber, statusLabel: "待受理", kindLabel: "异议", publicReply: null });
    expect(found.case.timeline.map((t) => t.action)).toEqual(["提交"]);
    const shown = JSON.stringify(found);
    for (const secret of ["司马", "13912345678", "sima@", "实施办法第二十条"]) expect(shown).not.toContain(secret);
  });

  it("refuses a malformed tracking number or access code with a Chinese message (limits: track.test.ts)", async () => {
    const bad = await trackCase(database.db, { trackingNumber: "GS123", accessCode: "x", ip: "10.1.1.4" }, NOW);
    expect(bad).toMatchObject({ status: "invalid", errors: { trackingNumber: expect.stringContaining("GS"), accessCode: expect.stringContaining("10 位") } });
  });

  it("gates submissions: honeypot, proof of work once only, stricter limit without proof", async () => {
    const db = database.db;
    expect(await gateSubmission(db, { ip: "10.2.0.1", honeypot: "http://spam", proof: null }, NOW)).toMatchObject({ ok: false, status: 400 });
    const challenge = await newChallenge(db, new Date()); // verified against the real clock by altcha-lib
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution).not.toBeNull();
    const payload = btoa(JSON.stringify({ challenge, solution }));
    expect(await gateSubmission(db, { ip: "10.2.0.2", honeypot: "", proof: payload }, new Date())).toMatchObject({ ok: true });
    expect(await gateSubmission(db, { ip: "10.2.0.2", honeypot: "", proof: payload }, new Date())).toMatchObject({ ok: false, status: 400 });
    const forged = btoa(JSON.stringify({ challenge: { ...challenge, parameters: { ...challenge.parameters, cost: 1 } }, solution }));
    expect(await gateSubmission(db, { ip: "10.2.0.3", honeypot: "", proof: forged }, new Date())).toMatchObject({ ok: false, status: 400 });
    for (let i = 0; i < 3; i++) expect(await gateSubmission(db, { ip: "10.2.0.4", honeypot: "", proof: null }, NOW)).toMatchObject({ ok: true });
    const fourth = await gateSubmission(db, { ip: "10.2.0.4", honeypot: "", proof: null }, NOW);
    expect(fourth).toMatchObject({ ok: false, status: 429, message: expect.stringContaining("请在1小时后再试") });
  });
});
