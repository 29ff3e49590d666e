// Notice 通知公告 queries for public pages.
import { and, desc, eq } from "drizzle-orm";
import { notices } from "../../db/schema.ts";
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

export async function latestNotices(tx: Tx, limit = 10) {
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
    })
    .from(notices)
    .where(eq(notices.status, "published"))
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
