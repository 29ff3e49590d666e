// Notice 通知公告 queries for public pages.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { noticeAttachments, noticeRegions, noticeRevisions, notices } from "../../db/schema.ts";
import type { Tx } from "./db.ts";

export const NOTICE_TYPE_LABELS = {
  notice: "通知",
  circular: "通报",
  publicity: "公示",
  rules: "办法",
  opinion: "意见",
  result: "结果",
} as const;

export type NoticeType = keyof typeof NOTICE_TYPE_LABELS;

/**
 * A reference document 参考文件（外省区）: one issued outside the province (the seed's Yunnan, Jiaozuo and Xiangshan
 * documents), kept because the rules cite them. The province's own documents are linked to one of its regions or
 * issued by a body named after one (the office's own name, 鄂尔多斯市人民政府); townships are left out so that a
 * short village name cannot claim another province's document.
 */
const isReference = sql<boolean>`not (exists (select 1 from notice_regions nr where nr.notice_id = ${notices.id})
  or exists (select 1 from regions r where r.level <> 'township' and left(${notices.issuer}, char_length(r.name)) = r.name))`;

/** The latest published notices: the province's own, or with reference: true, those of other provinces and regions. */
export async function latestNotices(tx: Tx, limit = 10, opts: { reference?: boolean } = {}) {
  const where = [eq(notices.status, "published")];
  if (opts.reference !== undefined) where.push(opts.reference ? isReference : sql`not ${isReference}`);
  return tx
    .select({
      id: notices.id,
      slug: notices.slug,
      title: notices.title,
      docNumber: notices.docNumber,
      type: notices.type,
      issuer: notices.issuer,
      issuedOn: notices.issuedOn,
      summary: notices.summary,
      isDemo: notices.isDemo,
      isReference,
    })
    .from(notices)
    .where(and(...where))
    .orderBy(desc(notices.issuedOn), desc(notices.id))
    .limit(limit);
}

export async function noticeBySlug(tx: Tx, slug: string) {
  const [row] = await tx
    .select()
    .from(notices)
    .where(and(eq(notices.slug, slug), eq(notices.status, "published")))
    .limit(1);
  return row;
}

export const NOTICE_PAGE_SIZE = 20;

export async function listNotices(tx: Tx, f: { type?: NoticeType | undefined; issuer?: string | undefined; year?: number | undefined; page: number }) {
  const where = [eq(notices.status, "published")];
  if (f.type) where.push(eq(notices.type, f.type));
  if (f.issuer) where.push(eq(notices.issuer, f.issuer));
  if (f.year) where.push(sql`extract(year from ${notices.issuedOn}) = ${f.year}`);
  const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(notices).where(and(...where));
  const rows = await tx
    .select({ id: notices.id, slug: notices.slug, title: notices.title, docNumber: notices.docNumber, type: notices.type, issuer: notices.issuer, issuedOn: notices.issuedOn, summary: notices.summary, isDemo: notices.isDemo, isReference })
    .from(notices)
    .where(and(...where))
    .orderBy(desc(notices.issuedOn), desc(notices.id))
    .limit(NOTICE_PAGE_SIZE)
    .offset((f.page - 1) * NOTICE_PAGE_SIZE);
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / NOTICE_PAGE_SIZE)) };
}

export async function noticeFacets(tx: Tx) {
  const issuers = await tx.selectDistinct({ issuer: notices.issuer }).from(notices).where(eq(notices.status, "published")).orderBy(asc(notices.issuer));
  const years = await tx.selectDistinct({ y: sql<number>`extract(year from ${notices.issuedOn})::int` }).from(notices).where(eq(notices.status, "published"));
  return { issuers: issuers.map((i) => i.issuer), years: years.map((y) => y.y).sort((a, b) => b - a) };
}

export async function noticeDetail(tx: Tx, slug: string) {
  const notice = await noticeBySlug(tx, slug);
  if (!notice) return null;
  const [attachments, revisions, regions, [reference]] = await Promise.all([
    tx.select().from(noticeAttachments).where(eq(noticeAttachments.noticeId, notice.id)).orderBy(asc(noticeAttachments.id)),
    tx.select({ revision: noticeRevisions.revision, changeNote: noticeRevisions.changeNote, revisedAt: noticeRevisions.revisedAt, title: noticeRevisions.title }).from(noticeRevisions).where(eq(noticeRevisions.noticeId, notice.id)).orderBy(desc(noticeRevisions.revision)),
    tx.select({ code: noticeRegions.regionCode }).from(noticeRegions).where(eq(noticeRegions.noticeId, notice.id)),
    tx.select({ isReference }).from(notices).where(eq(notices.id, notice.id)),
  ]);
  return { notice, attachments, revisions, regionCodes: regions.map((r) => r.code), isReference: reference?.isReference ?? false };
}

export function isNoticeType(value: string): value is NoticeType {
  return value in NOTICE_TYPE_LABELS;
}
