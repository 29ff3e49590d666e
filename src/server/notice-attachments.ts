// Notice attachments 附件: PDF, Word, Excel and images, typed by their bytes, image metadata stripped, PDF
// document information blanked (the evidence intake's rules, src/server/intake/evidence.ts) and Word/Excel document
// properties removed (src/server/publish/ooxml-metadata.ts), stored under
// DATA_DIR/attachments by content hash, public at /notices/{slug}/attachments/{id} once the notice is published.
// Attaching to or removing from a published notice is a public revision, like any other edit.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { and, asc, eq, sql } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { noticeAttachments, noticeRevisions, notices } from "../../db/schema.ts";
import { ACCEPTED_TYPES_TEXT, ATTACHMENT_TYPES, attachmentSizeProblem, isAttachmentMime, isImageMime, type AttachmentMime } from "../domain/attachments.ts";
import { staffLabel } from "../domain/cases.ts";
import { appendAudit } from "./audit.ts";
import type { StaffActor } from "./cases/actions.ts";
import { config } from "./config.ts";
import type { Db, Tx } from "./db.ts";
import { blankPdfMetadata, cleanFileName, removeStored, writeDurably } from "./intake/evidence.ts";
import { enqueueSearch } from "./publishing.ts";
import { mayPublish, NOT_ALLOWED, refuse, type PublishResult } from "./publish/common.ts";
import { OoxmlError, stripOoxmlMetadata } from "./publish/ooxml-metadata.ts";

/** Next to DATA_DIR/evidence, not inside it: the evidence sweep removes every file no case row names. */
export function attachmentsDir(): string {
  return join(config().dataDir, "attachments");
}

export class AttachmentError extends Error {}

export interface CheckedAttachment {
  name: string;
  mime: AttachmentMime;
  bytes: Uint8Array;
  sha256: string;
}

/**
 * Decides the type from the bytes: a "报告.pdf" that is really a PNG is kept as the PNG it is, named 报告.png. Word and
 * Excel files are ZIP containers that file-type looks inside; any other ZIP is refused, and so is one that file-type
 * recognised but that does not open as a ZIP. Their author, company and custom properties are removed.
 */
export async function checkAttachment(file: { name: string; bytes: Uint8Array }): Promise<CheckedAttachment> {
  const tooBig = attachmentSizeProblem(file.name, file.bytes.byteLength);
  if (tooBig) throw new AttachmentError(tooBig);
  const mime = (await fileTypeFromBuffer(file.bytes))?.mime;
  if (!isAttachmentMime(mime)) throw new AttachmentError(`文件“${file.name}”不是${ACCEPTED_TYPES_TEXT}，无法作为附件`);
  const bytes = mime === "application/pdf" ? blankPdfMetadata(file.bytes) : isImageMime(mime) ? await stripImage(file.name, file.bytes, mime) : await stripOffice(file.name, file.bytes);
  return { name: cleanFileName(file.name, ATTACHMENT_TYPES[mime].ext).replace(/^证据\./, "附件."), mime, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/**
 * Re-encodes an image without its metadata (EXIF, GPS, XMP), upright. The evidence intake does the same in a function
 * it does not export (stripImage in src/server/intake/evidence.ts); this is the wrapper for attachments.
 */
async function stripImage(name: string, input: Uint8Array, mime: AttachmentMime): Promise<Uint8Array> {
  try {
    const img = sharp(input, { limitInputPixels: 100_000_000 }).rotate();
    const out = mime === "image/png" ? img.png() : mime === "image/webp" ? img.webp({ quality: 90 }) : img.jpeg({ quality: 90, mozjpeg: true });
    return new Uint8Array(await out.toBuffer());
  } catch {
    throw new AttachmentError(`图片“${name}”已损坏或无法读取，请换一张图片`);
  }
}

async function stripOffice(name: string, input: Uint8Array): Promise<Uint8Array> {
  try {
    return await stripOoxmlMetadata(input);
  } catch (err) {
    if (err instanceof OoxmlError) throw new AttachmentError(`文件“${name}”已损坏或不是有效的 Word/Excel 文件，请重新保存后再上传`);
    throw err;
  }
}

/** Content-addressed: the same file attached twice is stored once, and a re-seeded demo rewrites the same file. */
const storageKeyOf = (a: CheckedAttachment) => `${a.sha256.slice(0, 2)}/${a.sha256}.${ATTACHMENT_TYPES[a.mime].ext}`;

/** A published notice's edit is a revision: the same text under a new number, with the change as its public note. */
async function revise(tx: Tx, n: typeof notices.$inferSelect, changeNote: string, actor: StaffActor, now: Date): Promise<number> {
  const revision = n.revision + 1;
  await tx.update(notices).set({ revision, updatedAt: now }).where(eq(notices.id, n.id));
  await tx.insert(noticeRevisions).values({ noticeId: n.id, revision, title: n.title, docNumber: n.docNumber, body: n.body, changeNote, revisedAt: now, revisedBy: actor.userId });
  return revision;
}

export async function addAttachment(
  db: Db,
  actor: StaffActor,
  noticeId: number,
  file: { name: string; bytes: Uint8Array } | undefined,
  form: { revision?: unknown },
  now: Date,
  root = attachmentsDir(),
): Promise<PublishResult<{ id: number }>> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  if (!file || file.bytes.byteLength === 0) return refuse("请选择要上传的文件", 422, "file");
  let checked: CheckedAttachment;
  try {
    checked = await checkAttachment(file);
  } catch (err) {
    if (err instanceof AttachmentError) return refuse(err.message, 422, "file");
    throw err;
  }
  const key = storageKeyOf(checked);
  // Written before the row, durably: a row never names a missing file. A refused or failed insert leaves the file
  // only when another row names the same bytes.
  await writeDurably(root, key, checked.bytes);
  let committed = false;
  try {
    const result = await db.transaction(async (tx): Promise<PublishResult<{ id: number }>> => {
      const [n] = await tx.select().from(notices).where(eq(notices.id, noticeId)).for("update");
      if (!n) return refuse("通知不存在", 404);
      if (n.status === "withdrawn") return refuse("已撤回的通知不能再添加附件");
      if (form.revision !== undefined && String(form.revision) !== String(n.revision)) return refuse("该通知已被他人修改，请刷新后再添加附件", 409);
      const [row] = await tx.insert(noticeAttachments).values({ noticeId, filename: checked.name, mimeType: checked.mime, size: checked.bytes.byteLength, sha256: checked.sha256, storageKey: key, createdAt: now }).returning({ id: noticeAttachments.id });
      const revision = n.status === "published" ? await revise(tx, n, `增加附件：${checked.name}`, actor, now) : null;
      if (n.status === "published") await enqueueSearch(tx, "notices", [noticeId], now);
      await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "notice.attachment_add", objectType: "notice", objectId: String(noticeId), details: { attachmentId: row!.id, filename: checked.name, mimeType: checked.mime, size: checked.bytes.byteLength, sha256: checked.sha256, revision } });
      return { ok: true, message: revision ? `已添加附件“${checked.name}”，发布第 ${revision} 版` : `已添加附件“${checked.name}”`, id: row!.id };
    });
    committed = result.ok;
    return result;
  } finally {
    if (!committed) await dropUnreferenced(db, root, key);
  }
}

export async function removeAttachment(db: Db, actor: StaffActor, noticeId: number, attachmentId: number, form: { revision?: unknown }, now: Date, root = attachmentsDir()): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const result = await db.transaction(async (tx): Promise<PublishResult & { key?: string }> => {
    const [n] = await tx.select().from(notices).where(eq(notices.id, noticeId)).for("update");
    if (!n) return refuse("通知不存在", 404);
    if (n.status === "withdrawn") return refuse("已撤回的通知不能再修改附件");
    if (form.revision !== undefined && String(form.revision) !== String(n.revision)) return refuse("该通知已被他人修改，请刷新后再操作", 409);
    const [gone] = await tx.delete(noticeAttachments).where(and(eq(noticeAttachments.id, attachmentId), eq(noticeAttachments.noticeId, noticeId))).returning();
    if (!gone) return refuse("附件不存在", 404);
    const revision = n.status === "published" ? await revise(tx, n, `删除附件：${gone.filename}`, actor, now) : null;
    if (n.status === "published") await enqueueSearch(tx, "notices", [noticeId], now);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "notice.attachment_remove", objectType: "notice", objectId: String(noticeId), details: { attachmentId, filename: gone.filename, sha256: gone.sha256, revision } });
    return { ok: true, message: revision ? `已删除附件“${gone.filename}”，发布第 ${revision} 版` : `已删除附件“${gone.filename}”`, key: gone.storageKey };
  });
  if (result.ok && result.key) await dropUnreferenced(db, root, result.key);
  const { key: _key, ...answer } = result as PublishResult & { key?: string };
  return answer as PublishResult;
}

async function dropUnreferenced(db: Db, root: string, key: string): Promise<void> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(noticeAttachments).where(eq(noticeAttachments.storageKey, key));
  if (n === 0) await removeStored(root, [key]);
}

export async function attachmentsOf(tx: Tx, noticeId: number) {
  return tx.select().from(noticeAttachments).where(eq(noticeAttachments.noticeId, noticeId)).orderBy(asc(noticeAttachments.id));
}

/** The file behind a public download: only of a published notice, found by the notice's slug and the row's id. */
export async function publicAttachment(tx: Tx, slug: string, attachmentId: number, root = attachmentsDir()) {
  const [row] = await tx
    .select({ filename: noticeAttachments.filename, mimeType: noticeAttachments.mimeType, storageKey: noticeAttachments.storageKey, sha256: noticeAttachments.sha256, updatedAt: notices.updatedAt })
    .from(noticeAttachments)
    .innerJoin(notices, eq(notices.id, noticeAttachments.noticeId))
    .where(and(eq(noticeAttachments.id, attachmentId), eq(notices.slug, slug), eq(notices.status, "published")));
  return row ? { ...row, path: join(root, row.storageKey) } : null;
}

/** The same for staff, whatever the notice's state (a draft's preview links its files here). */
export async function staffAttachment(tx: Tx, noticeId: number, attachmentId: number, root = attachmentsDir()) {
  const [row] = await tx.select().from(noticeAttachments).where(and(eq(noticeAttachments.id, attachmentId), eq(noticeAttachments.noticeId, noticeId)));
  return row ? { ...row, path: join(root, row.storageKey) } : null;
}
