// Notice 通知公告 queries for public pages.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { noticeAttachments, noticeRevisions, notices } from "../../db/schema.ts";
import { prepared, type Tx } from "./db.ts";

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
 * short village name cannot claim another province's document. The names are read once per statement and tried as
 * prefixes, rather than the regions table scanned again for every notice (a quarter of the cost on PGlite).
 */
const isReference = sql<boolean>`not (exists (select 1 from notice_regions nr where nr.notice_id = ${notices.id})
  or exists (select 1 from unnest(array(select r.name from regions r where r.level <> 'township')) as own(name) where starts_with(${notices.issuer}, own.name)))`;

const summaryColumns = {
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
};

function latestQuery(tx: Tx, reference: boolean | undefined, limit: ReturnType<typeof sql.placeholder>) {
  const where = [eq(notices.status, "published")];
  if (reference !== undefined) where.push(reference ? isReference : sql`not ${isReference}`);
  return tx
    .select(summaryColumns)
    .from(notices)
    .where(and(...where))
    .orderBy(desc(notices.issuedOn), desc(notices.id))
    .limit(limit);
}

/** The latest published notices: the province's own, or with reference: true, those of other provinces and regions. */
export async function latestNotices(tx: Tx, limit = 10, opts: { reference?: boolean } = {}) {
  const name = `latest-notices-${opts.reference ?? "all"}`;
  return prepared(tx, name, (h) => latestQuery(h, opts.reference, sql.placeholder("limit")).prepare(name)).execute({ limit });
}

/** The home page's two lists, the province's own notices and the reference documents, in one round trip. */
export async function homeNotices(tx: Tx, own: number, references: number) {
  const rows = await prepared(tx, "home-notices", (h) =>
    unionAll(latestQuery(h, false, sql.placeholder("own")), latestQuery(h, true, sql.placeholder("references"))).prepare("home-notices"),
  ).execute({ own, references });
  // A union keeps no order of its own.
  const newestFirst = (a: (typeof rows)[number], b: (typeof rows)[number]) => (a.issuedOn === b.issuedOn ? b.id - a.id : a.issuedOn < b.issuedOn ? 1 : -1);
  return { notices: rows.filter((r) => !r.isReference).sort(newestFirst), references: rows.filter((r) => r.isReference).sort(newestFirst) };
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

/**
 * One notice page's data in one statement (the subqueries name notices.id in full: an unqualified "id" would be the
 * inner table's): the notice, whether it is a reference document, its regions, and its
 * attachments and revisions as JSON (each a round trip of its own before).
 */
export async function noticeDetail(tx: Tx, slug: string) {
  const [row] = await prepared(tx, "notice-detail", (h) =>
    h
      .select({
        notice: notices,
        isReference,
        regionCodes: sql<string[]>`array(select nr.region_code from notice_regions nr where nr.notice_id = notices.id)`,
        attachments: sql<AttachmentJson[]>`coalesce((select json_agg(json_build_object('id', a.id, 'noticeId', a.notice_id, 'filename', a.filename, 'mimeType', a.mime_type, 'size', a.size, 'sha256', a.sha256, 'storageKey', a.storage_key, 'createdAt', a.created_at) order by a.id) from notice_attachments a where a.notice_id = notices.id), '[]')`,
        revisions: sql<RevisionJson[]>`coalesce((select json_agg(json_build_object('revision', r.revision, 'changeNote', r.change_note, 'revisedAt', r.revised_at, 'title', r.title) order by r.revision desc) from notice_revisions r where r.notice_id = notices.id), '[]')`,
      })
      .from(notices)
      .where(and(eq(notices.slug, sql.placeholder("slug")), eq(notices.status, "published")))
      .limit(1)
      .prepare("notice-detail"),
  ).execute({ slug });
  if (!row) return null;
  return {
    notice: row.notice,
    attachments: row.attachments.map((a) => ({ ...a, createdAt: new Date(a.createdAt) })),
    revisions: row.revisions.map((r) => ({ ...r, revisedAt: new Date(r.revisedAt) })),
    regionCodes: row.regionCodes,
    isReference: row.isReference,
  };
}

type AttachmentJson = Omit<typeof noticeAttachments.$inferSelect, "createdAt"> & { createdAt: string };
type RevisionJson = Pick<typeof noticeRevisions.$inferSelect, "revision" | "changeNote" | "title"> & { revisedAt: string };

export function isNoticeType(value: string): value is NoticeType {
  return value in NOTICE_TYPE_LABELS;
}
