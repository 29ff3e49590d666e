// Notices 通知公告 in the back office: drafts are edited freely; once published, every edit is a public revision with
// a stated reason. Publishing, editing and withdrawing write the search outbox in the same transaction.
import { isDateString } from "../../domain/time.ts";
import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { noticeRegions, noticeRevisions, notices, regions } from "../../../db/schema.ts";
import { enqueueAlert } from "../alerts.ts";
import { config } from "../config.ts";
import { appendAudit } from "../audit.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Db, Tx } from "../db.ts";
import { NOTICE_TYPE_LABELS, type NoticeType } from "../notices.ts";
import { enqueueSearch } from "../publishing.ts";
import { staffLabel } from "../../domain/cases.ts";
import { invalidForm } from "../form-errors.ts";
import { mayPublish, NOT_ALLOWED, refuse, type PublishResult } from "./common.ts";

const TYPES = Object.keys(NOTICE_TYPE_LABELS) as [NoticeType, ...NoticeType[]];

export const noticeInput = z.object({
  title: z.string().trim().min(4, "标题至少 4 个字").max(200, "标题不能超过 200 个字"),
  docNumber: z.string().trim().max(60, "文号不能超过 60 个字").optional().transform((s) => s || null),
  type: z.enum(TYPES, { error: "请选择类别" }),
  issuer: z.string().trim().min(2, "请填写发文单位").max(100, "发文单位不能超过 100 个字"),
  // A date that exists (2026-02-30 does not; PostgreSQL would refuse it with a 500) in years the portal can mean.
  issuedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "请填写发文日期（年-月-日）")
    .refine((s) => isDateString(s), "发文日期不存在，请检查月和日")
    .refine((s) => s >= "1949-10-01" && s <= "2999-12-31", "发文日期超出范围"),
  summary: z.string().trim().max(300, "摘要不能超过 300 个字").optional().transform((s) => s ?? ""),
  body: z.string().trim().min(10, "正文至少 10 个字").max(100_000, "正文过长"),
});

export async function noticesForStaff(tx: Tx) {
  return tx
    .select({ id: notices.id, slug: notices.slug, title: notices.title, docNumber: notices.docNumber, type: notices.type, status: notices.status, issuedOn: notices.issuedOn, revision: notices.revision, isDemo: notices.isDemo })
    .from(notices)
    .orderBy(desc(notices.updatedAt), desc(notices.id))
    .limit(200);
}

export async function noticeForStaff(tx: Tx, id: number) {
  const [n] = await tx.select().from(notices).where(eq(notices.id, id));
  return n ?? null;
}

export async function createNotice(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<PublishResult<{ id: number }>> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const parsed = noticeInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const slug = `${parsed.data.issuedOn}-${randomBytes(3).toString("hex")}`;
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(notices).values({ ...parsed.data, slug, status: "draft", updatedAt: now }).returning({ id: notices.id });
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "notice.create", objectType: "notice", objectId: String(row!.id), details: { title: parsed.data.title } });
    return { ok: true as const, message: "草稿已保存", id: row!.id };
  });
}

/** A draft changes in place; a published notice gets a new public revision and needs a reason. */
export async function editNotice(db: Db, actor: StaffActor, id: number, form: Record<string, unknown>, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const parsed = noticeInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const changeNote = String(form.changeNote ?? "").trim().slice(0, 300);
  return db.transaction(async (tx): Promise<PublishResult> => {
    const [n] = await tx.select().from(notices).where(eq(notices.id, id)).for("update");
    if (!n) return refuse("通知不存在", 404);
    if (String(n.revision) !== String(form.revision ?? n.revision)) return refuse("该通知已被他人修改，请刷新后再编辑", 409);
    if (n.status === "withdrawn") return refuse("已撤回的通知不能再编辑");
    if (n.status === "draft") {
      await tx.update(notices).set({ ...parsed.data, updatedAt: now }).where(eq(notices.id, id));
      await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "notice.edit_draft", objectType: "notice", objectId: String(id) });
      return { ok: true, message: "草稿已保存" };
    }
    if (changeNote.length < 2) return refuse("已发布的通知每次修改都会公开留痕，请填写修改说明", 422, "changeNote");
    const revision = n.revision + 1;
    await tx.update(notices).set({ ...parsed.data, revision, updatedAt: now }).where(eq(notices.id, id));
    await tx.insert(noticeRevisions).values({ noticeId: id, revision, title: parsed.data.title, docNumber: parsed.data.docNumber, body: parsed.data.body, changeNote, revisedAt: now, revisedBy: actor.userId });
    await enqueueSearch(tx, "notices", [id], now);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "notice.revise", objectType: "notice", objectId: String(id), reason: changeNote, details: { revision } });
    return { ok: true, message: `已发布第 ${revision} 版` };
  });
}

export async function publishDraft(db: Db, actor: StaffActor, id: number, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  return db.transaction(async (tx): Promise<PublishResult> => {
    const [n] = await tx.update(notices).set({ status: "published", publishedAt: now, updatedAt: now, revision: 1 }).where(and(eq(notices.id, id), eq(notices.status, "draft"))).returning();
    if (!n) return refuse("只有草稿可以发布");
    await tx.insert(noticeRevisions).values({ noticeId: id, revision: 1, title: n.title, docNumber: n.docNumber, body: n.body, changeNote: "首次发布", revisedAt: now, revisedBy: actor.userId }).onConflictDoNothing();
    await enqueueSearch(tx, "notices", [id], now);
    const places = await tx.select({ p: regions.prefectureCode }).from(noticeRegions).innerJoin(regions, eq(regions.code, noticeRegions.regionCode)).where(eq(noticeRegions.noticeId, id));
    await enqueueAlert(tx, { kind: "notice", title: `${NOTICE_TYPE_LABELS[n.type]}：${n.title}`, url: `${config().SITE_URL}/notices/${encodeURIComponent(n.slug)}`, summary: [n.docNumber, n.issuer, n.summary].filter(Boolean).join("　"), prefectureCodes: places.map((r) => r.p).filter((c): c is string => !!c) }, now);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "notice.publish", objectType: "notice", objectId: String(id), details: { title: n.title } });
    return { ok: true, message: "已发布" };
  });
}

export async function withdrawPublished(db: Db, actor: StaffActor, id: number, reason: string, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  if (reason.trim().length < 2) return refuse("请填写撤回理由", 422, "reason");
  return db.transaction(async (tx): Promise<PublishResult> => {
    const [n] = await tx.update(notices).set({ status: "withdrawn", updatedAt: now }).where(and(eq(notices.id, id), eq(notices.status, "published"))).returning({ id: notices.id });
    if (!n) return refuse("只有已发布的通知可以撤回");
    await enqueueSearch(tx, "notices", [id], now, "delete");
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "notice.withdraw", objectType: "notice", objectId: String(id), reason: reason.trim() });
    return { ok: true, message: "已撤回" };
  });
}
