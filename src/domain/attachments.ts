// Notice attachments 附件: which types are accepted (decided from the bytes, never from the name), how large, and how
// they are described to residents ("PDF，1.2 MB") and named in a download.

/** Large enough for a scanned rules document; the upload form's body limit follows from it. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export const ATTACHMENT_TYPES = {
  "application/pdf": { ext: "pdf", label: "PDF" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { ext: "docx", label: "Word 文档" },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { ext: "xlsx", label: "Excel 表格" },
  "image/jpeg": { ext: "jpg", label: "JPEG 图片" },
  "image/png": { ext: "png", label: "PNG 图片" },
  "image/webp": { ext: "webp", label: "WebP 图片" },
} as const;
export type AttachmentMime = keyof typeof ATTACHMENT_TYPES;

export function isAttachmentMime(mime: string | undefined): mime is AttachmentMime {
  return mime !== undefined && Object.hasOwn(ATTACHMENT_TYPES, mime);
}

export const isImageMime = (mime: AttachmentMime): boolean => mime.startsWith("image/");

export const ACCEPTED_TYPES_TEXT = "PDF、Word（DOCX）、Excel（XLSX）文件或 JPEG、PNG、WebP 图片";

/** Why an upload is refused before its bytes are looked at closely, or null. */
export function attachmentSizeProblem(name: string, size: number, max = MAX_ATTACHMENT_BYTES): string | null {
  if (size === 0) return "请选择要上传的文件";
  if (size > max) return `文件“${name}”超过 ${formatSize(max)}，请压缩或拆分后再上传`;
  return null;
}

/** The type as a reader knows it; an unknown type shows as itself. */
export function attachmentTypeLabel(mime: string): string {
  return isAttachmentMime(mime) ? ATTACHMENT_TYPES[mime].label : mime;
}

/** Sizes as Chinese readers see them on government sites: "35 KB", "1.2 MB"; never "0 KB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
  const mb = bytes / 1024 / 1024;
  return `${mb >= 100 ? Math.round(mb) : mb.toFixed(1).replace(/\.0$/, "")} MB`;
}

/** "PDF，1.2 MB" — what the notice page shows beside an attachment's name. */
export function describeAttachment(a: { mimeType: string; size: number }): string {
  return `${attachmentTypeLabel(a.mimeType)}，${formatSize(a.size)}`;
}

/**
 * A download's Content-Disposition (RFC 6266): the UTF-8 name in filename*, and an ASCII stand-in in filename for the
 * few clients that ignore it (non-ASCII, quotes and backslashes become underscores).
 */
export function contentDisposition(filename: string, disposition: "attachment" | "inline" = "attachment"): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The stable public address of a published notice's attachment, relative to the site. */
export const attachmentUrl = (slug: string, id: number): string => `/notices/${encodeURIComponent(slug)}/attachments/${id}`;
