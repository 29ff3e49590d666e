// Word and Excel attachments lose their document properties (author, last editor, company, manager, custom
// properties) on the way in, through the same addAttachment staff uploads use; the document itself is untouched and
// a workbook still opens. A file that looks like Word but is not a readable ZIP is refused.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { noticeAttachments } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import type { StaffActor } from "../../../src/server/cases/actions.ts";
import { addAttachment } from "../../../src/server/notice-attachments.ts";
import { createNotice } from "../../../src/server/publish/notices.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

const NOW = new Date("2026-12-01T02:00:00Z");
const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const DOCUMENT_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>各盟市爱卫会：现将实施办法印发给你们。</w:t></w:r></w:p></w:body></w:document>';

/** A minimal Word document as an office suite saves it, with a person, a company and a custom property in it. */
async function docxWithProperties(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
  );
  zip.file("word/document.xml", DOCUMENT_XML);
  zip.file(
    "docProps/core.xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>实施办法</dc:title><dc:creator>张三</dc:creator><cp:keywords>内部 草稿</cp:keywords><dc:description>李四审改</dc:description><cp:lastModifiedBy>李四</cp:lastModifiedBy><cp:lastPrinted>2026-11-30T08:00:00Z</cp:lastPrinted><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-28T01:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-30T09:00:00Z</dcterms:modified></cp:coreProperties>',
  );
  zip.file(
    "docProps/app.xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>WPS Office</Application><Company>某某县卫健局</Company><Manager>王五</Manager></Properties>',
  );
  zip.file(
    "docProps/custom.xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="审核人"><vt:lpwstr>赵六</vt:lpwstr></property></Properties>',
  );
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

describe.each(DRIVERS)("Word and Excel attachment properties on %s", (driver) => {
  let database: TestDatabase;
  let officer: StaffActor;
  let root: string;
  let noticeId: number;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    officer = (await staffActors(database.db))("officer");
    root = mkdtempSync(join(tmpdir(), "htp-ooxml-"));
    const created = await createNotice(database.db, officer, { title: "关于印发实施办法的通知", type: "notice", issuer: "内蒙古自治区爱国卫生运动委员会办公室", issuedOn: "2026-12-01", body: "各盟市爱卫会：详见附件。" }, NOW);
    if (!created.ok) throw new Error(created.reason);
    noticeId = created.id;
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  async function storedOf(id: number) {
    const [row] = await database.db.select().from(noticeAttachments).where(eq(noticeAttachments.id, id));
    const bytes = readFileSync(join(root, row!.storageKey));
    expect(bytes.byteLength).toBe(row!.size);
    return { row: row!, bytes, zip: await JSZip.loadAsync(bytes) };
  }

  it("removes the people, company and custom properties of a Word document and leaves its text alone", async () => {
    const added = await addAttachment(database.db, officer, noticeId, { name: "实施办法.docx", bytes: await docxWithProperties() }, {}, NOW, root);
    expect(added).toMatchObject({ ok: true, message: "已添加附件“实施办法.docx”" });
    const { row, zip } = await storedOf((added as { id: number }).id);
    expect([row.filename, row.mimeType]).toEqual(["实施办法.docx", DOCX_MIME]);

    const core = await zip.file("docProps/core.xml")!.async("string");
    expect(core).not.toMatch(/张三|李四|内部 草稿|creator|lastModifiedBy|keywords|description|lastPrinted/);
    expect(core).toContain("<dc:title>实施办法</dc:title>");
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-30T09:00:00Z</dcterms:modified>');
    expect(core).toMatch(/<cp:coreProperties [^>]*>[\s\S]*<\/cp:coreProperties>$/);
    const app = await zip.file("docProps/app.xml")!.async("string");
    expect(app).toContain("<Company></Company><Manager></Manager>");
    expect(app).not.toMatch(/卫健局|王五/);
    expect(app).toContain("<Application>WPS Office</Application>");

    expect(zip.file("docProps/custom.xml")).toBeNull();
    const rels = await zip.file("_rels/.rels")!.async("string");
    expect(rels).not.toContain("custom");
    expect(rels).toContain('Target="docProps/core.xml"');
    const types = await zip.file("[Content_Types].xml")!.async("string");
    expect(types).not.toContain("custom");
    expect(types).toContain('PartName="/word/document.xml"');

    expect(await zip.file("word/document.xml")!.async("string")).toBe(DOCUMENT_XML);
  });

  it("removes the creator and last editor of an Excel workbook, which still opens with its rows", async () => {
    const book = new ExcelJS.Workbook();
    book.creator = "张三";
    book.lastModifiedBy = "李四";
    book.company = "某某县卫健局";
    book.manager = "王五";
    book.addWorksheet("名单").addRows([["盟市", "旗县", "乡镇"], ["锡林郭勒盟", "正蓝旗", "上都镇"]]);
    const xlsx = new Uint8Array(await book.xlsx.writeBuffer());
    const original = await JSZip.loadAsync(xlsx);
    expect(await original.file("docProps/core.xml")!.async("string")).toContain("张三");

    const added = await addAttachment(database.db, officer, noticeId, { name: "名单.xlsx", bytes: xlsx }, {}, NOW, root);
    expect(added).toMatchObject({ ok: true, message: "已添加附件“名单.xlsx”" });
    const { row, bytes, zip } = await storedOf((added as { id: number }).id);
    expect([row.filename, row.mimeType]).toEqual(["名单.xlsx", XLSX_MIME]);
    expect(await zip.file("docProps/core.xml")!.async("string")).not.toMatch(/张三|李四/);
    expect(await zip.file("docProps/app.xml")!.async("string")).not.toMatch(/卫健局|王五/);
    expect(await zip.file("xl/worksheets/sheet1.xml")!.async("string")).toBe(await original.file("xl/worksheets/sheet1.xml")!.async("string"));

    const reopened = new ExcelJS.Workbook();
    await reopened.xlsx.load(new Uint8Array(bytes).buffer);
    expect(reopened.creator ?? "").toBe("");
    expect(reopened.lastModifiedBy ?? "").toBe("");
    expect(reopened.getWorksheet("名单")!.getRow(2).values).toEqual([undefined, "锡林郭勒盟", "正蓝旗", "上都镇"]);
  });

  it("refuses a Word document whose ZIP directory is missing", async () => {
    const whole = await docxWithProperties();
    // Cut at the central directory: the local entries still say Word to file-type, but the container does not open.
    const directory = Buffer.from(whole).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const before = await database.db.select().from(noticeAttachments).where(eq(noticeAttachments.noticeId, noticeId));
    const refused = await addAttachment(database.db, officer, noticeId, { name: "损坏.docx", bytes: whole.slice(0, directory) }, {}, NOW, root);
    expect(refused).toMatchObject({ ok: false, status: 422, errors: { file: "文件“损坏.docx”已损坏或不是有效的 Word/Excel 文件，请重新保存后再上传" } });
    expect(await database.db.select().from(noticeAttachments).where(eq(noticeAttachments.noticeId, noticeId))).toHaveLength(before.length);
  });
});
