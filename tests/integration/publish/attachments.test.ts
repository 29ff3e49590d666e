// Notice attachments and publicity entries by name, on PGlite and PostgreSQL: files are typed by their bytes, stripped
// of metadata and stored by hash; attaching to a published notice is a public revision; the API, the Atom feed and
// search carry the attachments; the demo's rules notice has its 实施办法 as a PDF; a place holding an honour is refused
// a new listing for it; a pasted list is matched name by name.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import sharp from "sharp";
import { auditLog, noticeAttachments, noticeRevisions, notices, publicityEntries, searchOutbox } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import type { StaffActor } from "../../../src/server/cases/actions.ts";
import { route } from "../../../src/server/api/endpoints.ts";
import { noticesFeed } from "../../../src/server/feeds.ts";
import { addAttachment, attachmentsDir, publicAttachment, removeAttachment } from "../../../src/server/notice-attachments.ts";
import { addEntries, addEntry, matchPasted, findRegions } from "../../../src/server/publish/entries.ts";
import { createNotice, publishDraft } from "../../../src/server/publish/notices.ts";
import { createList } from "../../../src/server/publish/publicity.ts";
import { searchDatabase } from "../../../src/server/search/database-provider.ts";
import { noticeDocuments } from "../../../src/server/search/documents.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

const NOW = new Date("2026-12-01T02:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

/** A tiny PDF whose document information names a person and software. */
const pdfWithAuthor = () =>
  new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n2 0 obj << /Author (Zhang San) /Producer (Secret Writer 9) >> endobj\ntrailer << /Root 1 0 R /Info 2 0 R >>\n%%EOF\n", "latin1"));

describe.each(DRIVERS)("notice attachments and publicity entries on %s", (driver) => {
  let database: TestDatabase;
  let officer: StaffActor;
  let handler: StaffActor;
  let root: string;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    const as = await staffActors(database.db);
    officer = as("officer");
    handler = as("handler");
    root = mkdtempSync(join(tmpdir(), "htp-attachments-"));
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  async function draft(title: string) {
    const created = await createNotice(database.db, officer, { title, type: "notice", issuer: "内蒙古自治区爱国卫生运动委员会办公室", issuedOn: "2026-12-01", body: "各盟市爱卫会：现将有关事项通知如下，详见附件。" }, NOW);
    if (!created.ok) throw new Error(created.reason);
    return created.id;
  }

  it("types files by their bytes, strips their metadata, and refuses what is not a document or an image", async () => {
    const id = await draft("关于附件类型检查的通知");
    expect(await addAttachment(database.db, handler, id, { name: "a.pdf", bytes: pdfWithAuthor() }, {}, NOW, root)).toMatchObject({ ok: false, status: 403 });

    const pdf = await addAttachment(database.db, officer, id, { name: "C:\\材料\\评估方案.pdf", bytes: pdfWithAuthor() }, {}, NOW, root);
    expect(pdf).toMatchObject({ ok: true, message: "已添加附件“评估方案.pdf”" });
    // A ".pdf" that is really a PNG is kept as the PNG it is, under a name that says so.
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#0a0" } }).png().toBuffer();
    expect(await addAttachment(database.db, officer, id, { name: "扫描件.pdf", bytes: new Uint8Array(png) }, {}, NOW, root)).toMatchObject({ ok: true, message: "已添加附件“扫描件.png”" });
    // A JPEG carrying a camera's EXIF comes out without it.
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#a00" } }).jpeg().withExif({ IFD0: { Make: "SpyCam", Artist: "Zhang San" } }).toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    expect(await addAttachment(database.db, officer, id, { name: "现场照片.jpg", bytes: new Uint8Array(jpeg) }, {}, NOW, root)).toMatchObject({ ok: true });
    // An Excel workbook is a ZIP container that file-type looks inside.
    const book = new ExcelJS.Workbook();
    book.addWorksheet("名单").addRow(["树林召镇"]);
    const xlsx = new Uint8Array(await book.xlsx.writeBuffer());
    expect(await addAttachment(database.db, officer, id, { name: "名单.xlsx", bytes: xlsx }, {}, NOW, root)).toMatchObject({ ok: true, message: "已添加附件“名单.xlsx”" });

    expect(await addAttachment(database.db, officer, id, { name: "page.html", bytes: new TextEncoder().encode("<html><script>alert(1)</script></html>") }, {}, NOW, root)).toMatchObject({ ok: false, status: 422, errors: { file: expect.stringContaining("无法作为附件") } });
    expect(await addAttachment(database.db, officer, id, { name: "big.pdf", bytes: new Uint8Array(20 * 1024 * 1024 + 1) }, {}, NOW, root)).toMatchObject({ ok: false, status: 422, errors: { file: expect.stringContaining("超过 20 MB") } });
    expect(await addAttachment(database.db, officer, id, undefined, {}, NOW, root)).toMatchObject({ ok: false, errors: { file: "请选择要上传的文件" } });

    const rows = await database.db.select().from(noticeAttachments).where(eq(noticeAttachments.noticeId, id)).orderBy(noticeAttachments.id);
    expect(rows.map((r) => [r.filename, r.mimeType])).toEqual([
      ["评估方案.pdf", "application/pdf"],
      ["扫描件.png", "image/png"],
      ["现场照片.jpg", "image/jpeg"],
      ["名单.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ]);
    const stored = (i: number) => readFileSync(join(root, rows[i]!.storageKey));
    expect(stored(0).toString("latin1")).not.toMatch(/Zhang San|Secret Writer/);
    expect(stored(0).byteLength).toBe(rows[0]!.size);
    const meta = await sharp(stored(2)).metadata();
    expect(meta.exif).toBeUndefined();
    expect(stored(2).toString("latin1")).not.toContain("SpyCam");
    // Drafts are not public; nor are their files.
    const [n] = await database.db.select().from(notices).where(eq(notices.id, id));
    expect(await publicAttachment(database.db, n!.slug, rows[0]!.id, root)).toBeNull();
    const audits = await database.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.objectType, "notice"), eq(auditLog.objectId, String(id))));
    expect(audits.filter((a) => a.action === "notice.attachment_add")).toHaveLength(4);
  });

  it("makes attaching to or removing from a published notice a public revision, and carries attachments in the API, the feed and search", async () => {
    const id = await draft("关于开展卫生乡镇暗访评估的通知");
    expect(await publishDraft(database.db, officer, id, NOW)).toMatchObject({ ok: true });
    expect(await addAttachment(database.db, officer, id, { name: "暗访评估细则.pdf", bytes: pdfWithAuthor() }, { revision: "2" }, later(1), root)).toMatchObject({ ok: false, status: 409 });
    const added = await addAttachment(database.db, officer, id, { name: "暗访评估细则.pdf", bytes: pdfWithAuthor() }, { revision: "1" }, later(1), root);
    expect(added).toMatchObject({ ok: true, message: "已添加附件“暗访评估细则.pdf”，发布第 2 版" });
    const revisions = await database.db.select().from(noticeRevisions).where(eq(noticeRevisions.noticeId, id)).orderBy(noticeRevisions.revision);
    expect(revisions.map((r) => [r.revision, r.changeNote])).toEqual([[1, "首次发布"], [2, "增加附件：暗访评估细则.pdf"]]);
    const [n] = await database.db.select().from(notices).where(eq(notices.id, id));
    expect(n!.revision).toBe(2);
    const [{ outbox }] = (await database.db.select({ outbox: sql<number>`count(*)::int` }).from(searchOutbox).where(and(eq(searchOutbox.indexName, "notices"), eq(searchOutbox.docId, String(id))))) as [{ outbox: number }];
    expect(outbox).toBe(2);
    const attachmentId = (added as { id: number }).id;
    expect(await publicAttachment(database.db, n!.slug, attachmentId, root)).toMatchObject({ filename: "暗访评估细则.pdf", mimeType: "application/pdf" });

    // The API: {name, type, size, url}.
    const found = route(`/notices/${n!.slug}`)!;
    const api = await found.endpoint.handler(database.db, {}, found.params, later(2));
    const body = api.body as { attachments: { name: string; type: string; size: number; url: string }[] };
    expect(body.attachments).toEqual([{ name: "暗访评估细则.pdf", type: "application/pdf", size: pdfWithAuthor().byteLength, url: expect.stringMatching(new RegExp(`/notices/${n!.slug}/attachments/${attachmentId}$`)) }]);
    // The Atom feed: an enclosure link with type and length.
    const feed = await noticesFeed(database.db);
    expect(feed.xml).toMatch(new RegExp(`<link rel="enclosure" href="[^"]*/notices/${n!.slug}/attachments/${attachmentId}" type="application/pdf" length="${pdfWithAuthor().byteLength}" title="暗访评估细则.pdf（PDF，1 KB）"/>`));
    // Search: the document carries the names, and the database fallback finds the notice by one.
    const [doc] = await noticeDocuments(database.db, [id]);
    expect(doc!.attachmentNames).toEqual(["暗访评估细则.pdf"]);
    const hits = (await searchDatabase(database.db, { q: "暗访评估细则", page: 1 })).hits;
    expect(hits.map((h) => h.url)).toContain(`/notices/${n!.slug}`);

    expect(await removeAttachment(database.db, officer, id, attachmentId, { revision: "2" }, later(3), root)).toMatchObject({ ok: true, message: "已删除附件“暗访评估细则.pdf”，发布第 3 版" });
    const [last] = await database.db.select().from(noticeRevisions).where(eq(noticeRevisions.noticeId, id)).orderBy(desc(noticeRevisions.revision)).limit(1);
    expect(last!.changeNote).toBe("删除附件：暗访评估细则.pdf");
    const [removedAudit] = await database.db.select().from(auditLog).where(eq(auditLog.action, "notice.attachment_remove")).orderBy(desc(auditLog.id)).limit(1);
    expect(removedAudit!.objectId).toBe(String(id));
  });

  it("gives the demo's 2026 rules notice its 实施办法 as a PDF, added by the staff service, at revision 1", async () => {
    const [n] = await database.db.select().from(notices).where(eq(notices.slug, "nmg-2026-health-towns-rules"));
    expect([n!.status, n!.revision]).toEqual(["published", 1]);
    const files = await database.db.select().from(noticeAttachments).where(eq(noticeAttachments.noticeId, n!.id));
    expect(files.map((f) => [f.filename, f.mimeType])).toEqual([["内蒙古自治区开展全国健康城镇管理工作实施办法.pdf", "application/pdf"]]);
    const bytes = readFileSync(join(attachmentsDir(), files[0]!.storageKey));
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.byteLength).toBe(files[0]!.size);
    // 第一章 as UCS-2 hex in the content stream: the text itself, not a picture of it.
    expect(bytes.toString("latin1")).toContain(Buffer.from("第一章", "utf16le").swap16().toString("hex"));
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, "notice.attachment_add"), eq(auditLog.objectId, String(n!.id))));
    expect(audit).toBeDefined();
  });

  it("refuses 树林召镇 a new 国家卫生乡镇 listing, since it holds that honour, unless the list is its re-review", async () => {
    const list = await createList(database.db, officer, { title: "关于2027年国家卫生乡镇拟命名名单的公示", honours: ["sanitary_township"], opensOn: "2026-12-02", opensTime: "09:00", closesOn: "2026-12-08", closesTime: "23:59" }, NOW);
    if (!list.ok) throw new Error(list.reason);
    expect(await addEntry(database.db, officer, list.id, { regionCode: "150621100", honour: "sanitary_township" }, NOW)).toMatchObject({
      ok: false,
      status: 422,
      reason: "树林召镇已获国家卫生乡镇命名（复审通过），不能列入新的国家卫生乡镇公示；如为复审公示，请在公示标题中注明“复审”",
    });
    const review = await createList(database.db, officer, { title: "关于国家卫生乡镇复审结果的公示", honours: ["sanitary_township"], opensOn: "2026-12-02", opensTime: "09:00", closesOn: "2026-12-08", closesTime: "23:59" }, NOW);
    if (!review.ok) throw new Error(review.reason);
    // A re-review list takes it only once its re-review has been started (复审中).
    expect(await addEntry(database.db, officer, review.id, { regionCode: "150621100", honour: "sanitary_township" }, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining("尚未启动本轮复审") });
    const entries = await database.db.select().from(publicityEntries).where(eq(publicityEntries.publicityId, list.id));
    expect(entries).toHaveLength(0);
  });

  it("matches a pasted list name by name and adds the confirmed places, each checked", async () => {
    const list = await createList(database.db, officer, { title: "关于2027年全国健康乡镇拟推荐名单的公示", honours: ["health_township", "sanitary_township"], opensOn: "2026-12-02", opensTime: "09:00", closesOn: "2026-12-08", closesTime: "23:59" }, NOW);
    if (!list.ok) throw new Error(list.reason);
    const matches = await matchPasted(database.db, "1. 王爱召镇\n2. 金河镇\n3. 不存在镇\n4. 达拉特旗树林召镇", "health_township");
    expect(matches.map((m) => [m.input, m.status, m.preselected])).toEqual([
      ["王爱召镇", "exact", "150621103"],
      ["金河镇", "ambiguous", null],
      ["不存在镇", "unknown", null],
      ["达拉特旗树林召镇", "exact", "150621100"],
    ]);
    expect(matches[1]!.candidates.map((c) => [c.code, c.context])).toEqual([
      ["150105104", "呼和浩特市 赛罕区"],
      ["150785101", "呼伦贝尔市 根河市"],
    ]);
    // The officer picks 根河市's 金河镇, and 树林召镇 for 国家卫生乡镇, which it already holds.
    const health = await addEntries(database.db, officer, list.id, { honour: "health_township", codes: ["150621103", "150785101"] }, NOW);
    expect(health).toMatchObject({ ok: true, added: ["王爱召镇", "金河镇"], refused: [] });
    const sanitary = await addEntries(database.db, officer, list.id, { honour: "sanitary_township", codes: ["150621100", "150621103"] }, NOW);
    expect(sanitary).toMatchObject({ ok: true, added: ["王爱召镇"], refused: [{ name: "树林召镇", reason: expect.stringContaining("已获国家卫生乡镇命名") }] });
    expect(sanitary.ok && sanitary.message).toContain("未添加：树林召镇已获国家卫生乡镇命名");
    const entries = await database.db.select({ code: publicityEntries.regionCode, honour: publicityEntries.honour }).from(publicityEntries).where(eq(publicityEntries.publicityId, list.id)).orderBy(publicityEntries.id);
    expect(entries).toEqual([
      { code: "150621103", honour: "health_township" },
      { code: "150785101", honour: "health_township" },
      { code: "150621103", honour: "sanitary_township" },
    ]);
    // The search box finds places by name, pinyin, initials or code, of the honour's tier first.
    expect((await findRegions(database.db, "树林召", "health_township"))[0]).toMatchObject({ code: "150621100", context: "鄂尔多斯市 达拉特旗" });
    expect((await findRegions(database.db, "shulinzhao", "health_township"))[0]?.code).toBe("150621100");
    expect((await findRegions(database.db, "dltq", "health_county"))[0]?.code).toBe("150621");
  });
});
