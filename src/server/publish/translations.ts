// English and Mongolian versions 外文版本 of notices and publicity lists, entered by staff in the editor (issue 18).
// Each save is a revision of its own with a change note, kept in translation_revisions, so a reader's version can be
// traced like the Chinese original. Reading a version for a page: src/server/translations.ts.
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { notices, publicityLists, staffUsers, translationRevisions, translations } from "../../../db/schema.ts";
import { staffLabel } from "../../domain/cases.ts";
import { appendAudit } from "../audit.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Db, Tx } from "../db.ts";
import { invalidForm } from "../form-errors.ts";
import { enqueueSearch } from "../publishing.ts";
import type { Subject } from "../translations.ts";
import { mayPublish, NOT_ALLOWED, refuse, type PublishResult } from "./common.ts";

export type TranslationLocale = "en" | "mn";
export const TRANSLATION_LOCALES: readonly TranslationLocale[] = ["en", "mn"];
export const TRANSLATION_LOCALE_LABELS: Record<TranslationLocale, string> = { en: "英文", mn: "蒙古文" };

export const translationInput = z.object({
  locale: z.enum(["en", "mn"], { error: "请选择语言" }),
  title: z.string({ error: "请填写题目" }).trim().min(2, "请填写题目（至少 2 个字符）").max(300, "题目不能超过 300 个字符"),
  // Optional: a version with a title only shows the Chinese body, marked as Chinese (shownVersion).
  body: z.string().trim().max(100_000, "正文过长").optional().transform((s) => s ?? ""),
  changeNote: z.string({ error: "请填写修改说明" }).trim().min(2, "请填写修改说明（至少 2 个字）").max(300, "修改说明不能超过 300 个字"),
});

const subjectWhere = (subject: Subject) => ("noticeId" in subject ? eq(translations.noticeId, subject.noticeId) : eq(translations.publicityId, subject.publicityId));
const auditObject = (subject: Subject) => ("noticeId" in subject ? { objectType: "notice", objectId: String(subject.noticeId) } : { objectType: "publicity_list", objectId: String(subject.publicityId) });

/** Whether the notice or list exists; withdrawn notices are not public any more, so their versions are not edited. */
async function subjectState(tx: Tx, subject: Subject): Promise<"ok" | "missing" | "withdrawn"> {
  if ("noticeId" in subject) {
    const [n] = await tx.select({ status: notices.status }).from(notices).where(eq(notices.id, subject.noticeId));
    return !n ? "missing" : n.status === "withdrawn" ? "withdrawn" : "ok";
  }
  const [l] = await tx.select({ id: publicityLists.id }).from(publicityLists).where(eq(publicityLists.id, subject.publicityId));
  return l ? "ok" : "missing";
}

/** The page cache and search follow a change the way they follow any publish: through the outbox. */
const touch = (tx: Tx, subject: Subject, now: Date) =>
  "noticeId" in subject ? enqueueSearch(tx, "notices", [subject.noticeId], now) : enqueueSearch(tx, "publicity", [subject.publicityId], now);

/** Saves the English or Mongolian version: the first save is revision 1, each later save the next revision. */
export async function saveTranslation(db: Db, actor: StaffActor, subject: Subject, form: Record<string, unknown>, now: Date): Promise<PublishResult<{ revision: number }>> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const parsed = translationInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const { locale, title, body, changeNote } = parsed.data;
  return db.transaction(async (tx): Promise<PublishResult<{ revision: number }>> => {
    const state = await subjectState(tx, subject);
    if (state === "missing") return refuse("内容不存在", 404);
    if (state === "withdrawn") return refuse("已撤回的通知不能再编辑外文版本");
    const [current] = await tx.select({ id: translations.id, revision: translations.revision }).from(translations).where(and(subjectWhere(subject), eq(translations.locale, locale))).for("update");
    let translationId: number;
    let revision = 1;
    if (current) {
      revision = current.revision + 1;
      translationId = current.id;
      await tx.update(translations).set({ title, body, revision, updatedAt: now, updatedBy: actor.userId }).where(eq(translations.id, current.id));
    } else {
      // A version removed earlier left its revisions behind only through the cascade; numbering starts again at 1.
      const [row] = await tx
        .insert(translations)
        .values({ ...("noticeId" in subject ? { noticeId: subject.noticeId } : { publicityId: subject.publicityId }), locale, title, body, revision, updatedAt: now, updatedBy: actor.userId })
        .returning({ id: translations.id });
      translationId = row!.id;
    }
    await tx.insert(translationRevisions).values({ translationId, revision, title, body, changeNote, revisedAt: now, revisedBy: actor.userId });
    await touch(tx, subject, now);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "translation.save", ...auditObject(subject), reason: changeNote, details: { locale, revision, title } });
    return { ok: true, message: `${TRANSLATION_LOCALE_LABELS[locale]}版本已保存（第 ${revision} 版）`, revision };
  });
}

/** Removes a version and its history: the public page shows the Chinese original again, saying so. */
export async function removeTranslation(db: Db, actor: StaffActor, subject: Subject, locale: string, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  if (locale !== "en" && locale !== "mn") return refuse("请选择语言", 422, "locale");
  return db.transaction(async (tx): Promise<PublishResult> => {
    const [gone] = await tx.delete(translations).where(and(subjectWhere(subject), eq(translations.locale, locale))).returning({ revision: translations.revision });
    if (!gone) return refuse(`没有${TRANSLATION_LOCALE_LABELS[locale]}版本`, 404);
    await touch(tx, subject, now);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "translation.remove", ...auditObject(subject), details: { locale, revision: gone.revision } });
    return { ok: true, message: `${TRANSLATION_LOCALE_LABELS[locale]}版本已删除` };
  });
}

/** The current versions of a notice or list, by language, for the editor's forms. */
export async function translationsForStaff(tx: Tx, subject: Subject) {
  const rows = await tx.select({ locale: translations.locale, title: translations.title, body: translations.body, revision: translations.revision, updatedAt: translations.updatedAt }).from(translations).where(subjectWhere(subject));
  return Object.fromEntries(rows.map((r) => [r.locale, r])) as Partial<Record<TranslationLocale, (typeof rows)[number]>>;
}

/** Every revision of a subject's versions, oldest first within each language, with who made it. */
export async function translationRevisionsOf(tx: Tx, subject: Subject) {
  return tx
    .select({ locale: translations.locale, revision: translationRevisions.revision, title: translationRevisions.title, changeNote: translationRevisions.changeNote, revisedAt: translationRevisions.revisedAt, revisedBy: sql<string | null>`${staffUsers.displayName}` })
    .from(translationRevisions)
    .innerJoin(translations, eq(translations.id, translationRevisions.translationId))
    .leftJoin(staffUsers, eq(staffUsers.id, translationRevisions.revisedBy))
    .where(subjectWhere(subject))
    .orderBy(asc(translations.locale), asc(translationRevisions.revision));
}

export type TranslatedFields = { en?: { title: string; body: string }; mn?: { title: string; body: string } };

/**
 * The versions of many notices or lists at once, for the JSON API: id → { en?, mn? } and when the newest was saved
 * (a version saved after the original changes what the API answers, so it counts for Last-Modified).
 */
export async function translationsByIds(tx: Tx, kind: "notice" | "publicity", ids: number[]): Promise<Map<number, { versions: TranslatedFields; updatedAt: Date }>> {
  const out = new Map<number, { versions: TranslatedFields; updatedAt: Date }>();
  if (ids.length === 0) return out;
  const col = kind === "notice" ? translations.noticeId : translations.publicityId;
  const rows = await tx.select({ id: col, locale: translations.locale, title: translations.title, body: translations.body, updatedAt: translations.updatedAt }).from(translations).where(and(isNotNull(col), inArray(col, ids)));
  for (const r of rows) {
    const entry = out.get(r.id!) ?? { versions: {}, updatedAt: r.updatedAt };
    entry.versions[r.locale] = { title: r.title, body: r.body };
    if (r.updatedAt > entry.updatedAt) entry.updatedAt = r.updatedAt;
    out.set(r.id!, entry);
  }
  return out;
}
