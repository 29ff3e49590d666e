import { describe, expect, it } from "vitest";
import { attachmentSizeProblem, attachmentUrl, contentDisposition, describeAttachment, formatSize, isAttachmentMime, MAX_ATTACHMENT_BYTES } from "../../../src/domain/attachments.ts";

describe("notice attachments", () => {
  it("accepts PDF, DOCX, XLSX and images, and nothing else", () => {
    for (const m of ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "image/jpeg", "image/png", "image/webp"]) expect(isAttachmentMime(m)).toBe(true);
    for (const m of ["application/zip", "text/html", "image/svg+xml", "application/x-msdownload", undefined, "constructor"]) expect(isAttachmentMime(m)).toBe(false);
  });

  it("refuses empty files and files over 20 MB, naming the file", () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(20 * 1024 * 1024);
    expect(attachmentSizeProblem("a.pdf", 0)).toBe("请选择要上传的文件");
    expect(attachmentSizeProblem("a.pdf", MAX_ATTACHMENT_BYTES)).toBeNull();
    expect(attachmentSizeProblem("扫描件.pdf", MAX_ATTACHMENT_BYTES + 1)).toBe("文件“扫描件.pdf”超过 20 MB，请压缩或拆分后再上传");
  });

  it("describes type and size as the notice page shows them", () => {
    expect(formatSize(10)).toBe("1 KB");
    expect(formatSize(35 * 1024)).toBe("35 KB");
    expect(formatSize(1.2 * 1024 * 1024)).toBe("1.2 MB");
    expect(formatSize(2 * 1024 * 1024)).toBe("2 MB");
    expect(describeAttachment({ mimeType: "application/pdf", size: 1.2 * 1024 * 1024 })).toBe("PDF，1.2 MB");
    expect(describeAttachment({ mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: 2048 })).toBe("Excel 表格，2 KB");
  });

  it("names a download in UTF-8 with an ASCII stand-in, and gives it a stable address", () => {
    expect(contentDisposition("实施办法 (2026).pdf")).toBe(`attachment; filename="____ (2026).pdf"; filename*=UTF-8''%E5%AE%9E%E6%96%BD%E5%8A%9E%E6%B3%95%20%282026%29.pdf`);
    expect(contentDisposition('a"b\\c.pdf')).toContain('filename="a_b_c.pdf"');
    expect(attachmentUrl("nmg-2026-health-towns-rules", 3)).toBe("/notices/nmg-2026-health-towns-rules/attachments/3");
  });
});
