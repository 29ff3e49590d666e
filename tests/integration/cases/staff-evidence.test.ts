// A unit's findings carry evidence (PGlite and PostgreSQL): files are checked by their bytes, stripped of EXIF/GPS,
// stored durably and recorded as uploaded by the handler; a bad file refuses the whole action and leaves nothing.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { caseEvidence, cases } from "../../../db/schema.ts";

// Evidence goes under DATA_DIR: a temp one for this file, set before the config is first read.
const dataDir = mkdtempSync(join(tmpdir(), "htp-staff-evidence-"));
process.env.DATA_DIR = dataDir;

const { bootstrap } = await import("../../../src/server/bootstrap.ts");
const { performAction } = await import("../../../src/server/cases/actions.ts");
const { applyCaseForm } = await import("../../../src/server/cases/forms.ts");
const { submitReport } = await import("../../../src/server/intake/submit.ts");
const { DRIVERS, freshDatabase } = await import("../../support/databases.ts");
const { staffActors } = await import("../../support/staff.ts");
type StaffActor = import("../../../src/server/cases/actions.ts").StaffActor;

const NOW = new Date("2026-12-01T02:00:00Z");
const files = (dir: string): string[] => {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
  } catch {
    return [];
  }
};

describe.each(DRIVERS)("staff evidence on %s", (driver) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let handler: StaffActor;
  let caseId: number;
  const version = async () => (await database.db.select({ v: cases.version }).from(cases).where(eq(cases.id, caseId)))[0]!.v;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    const as = await staffActors(database.db);
    const officer = as("officer");
    handler = as("handler");
    const out = await submitReport({ fields: { kind: "complaint", regionCode: "150621", category: "sanitation", description: `附件测试：达拉特旗镇区垃圾堆放多日。${driver}` }, files: [] }, { db: database.db, evidenceDir: join(dataDir, "evidence"), now: NOW });
    if (out.status !== "created") throw new Error(JSON.stringify(out));
    caseId = out.receipt.caseId;
    await performAction(database.db, { caseId, version: 0, actor: officer, action: { type: "accept" }, now: NOW });
    await performAction(database.db, { caseId, version: 1, actor: officer, action: { type: "assign", unitId: "unit-150600" }, now: NOW });
    await performAction(database.db, { caseId, version: 2, actor: handler, action: { type: "start" }, now: NOW });
  }, 120_000);
  afterAll(() => database?.dispose());

  const findings = async () => ({ action: "submit_findings", version: String(await version()), finding: "substantiated", summary: "经现场核查，问题属实，照片附后。" });

  it("refuses a disguised file or evidence on an action that takes none, changing nothing", async () => {
    const before = files(dataDir).length;
    const exe = { name: "现场.jpg", bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]) };
    const refused = await applyCaseForm(database.db, handler, caseId, await findings(), NOW, [exe]);
    expect(refused).toMatchObject({ ok: false, status: 400, errors: { evidence: expect.stringContaining("不是 JPEG、PNG、WebP 图片或 PDF 文件") } });
    const photo = { name: "a.png", bytes: new Uint8Array(await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).png().toBuffer()) };
    expect(await applyCaseForm(database.db, handler, caseId, { action: "return_to_office", version: String(await version()), reason: "不属于本单位" }, NOW, [photo])).toMatchObject({ ok: false, errors: { evidence: "此操作不能附加材料" } });
    const [c] = await database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c!.state).toBe("verifying");
    expect(files(dataDir).length).toBe(before);
  });

  it("stores a photo without its GPS and records who attached it", async () => {
    const jpeg = await sharp({ create: { width: 60, height: 40, channels: 3, background: "#4a8" } })
      .jpeg()
      .withExif({ IFD0: { Make: "PhoneMaker" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "39/1 36/1 0/1" } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const ok = await applyCaseForm(database.db, handler, caseId, await findings(), NOW, [{ name: "整改前.jpg", bytes: new Uint8Array(jpeg) }]);
    expect(ok).toMatchObject({ ok: true });
    const rows = await database.db.select().from(caseEvidence).where(eq(caseEvidence.caseId, caseId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ filename: "整改前.jpg", mimeType: "image/jpeg", uploadedBy: handler.userId });
    const stored = readFileSync(join(dataDir, "evidence", rows[0]!.storageKey));
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    const [c] = await database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c!.state).toBe("findings_submitted");
  });
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
