// The register of designations 已命名城镇名录 and a region's page with its honours' history.
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { designationEvents, designations, noticeRegions, notices, regions } from "../../db/schema.ts";
import { HOLDING_STATUSES, type DesignationStatus } from "../domain/designations.ts";
import { HONOURS, isHonour, type Honour } from "../domain/honours.ts";
import { reReviewDue } from "../domain/review-cycle.ts";
import { prepared, type Tx } from "./db.ts";
import { prefecturesCached, regionTree } from "./regions.ts";

export const PAGE_SIZE = 20;

export interface RegisterFilters {
  honour?: Honour | undefined;
  prefecture?: string | undefined;
  status?: DesignationStatus | "all" | undefined;
  year?: number | undefined;
  page: number;
}

export async function prefectures(tx: Tx, provinceCode: string) {
  return prefecturesCached(tx, provinceCode);
}

export async function listRegister(tx: Tx, f: RegisterFilters) {
  const where: SQL[] = [];
  if (f.honour) where.push(eq(designations.honour, f.honour));
  if (f.prefecture) where.push(eq(regions.prefectureCode, f.prefecture));
  if (!f.status) where.push(inArray(designations.status, [...HOLDING_STATUSES]));
  else if (f.status !== "all") where.push(eq(designations.status, f.status));
  if (f.year) where.push(sql`extract(year from ${designations.namedOn}) = ${f.year}`);
  const prefecture = sql<string | null>`(select p.name from regions p where p.code = ${regions.prefectureCode})`;
  const base = tx
    .select({
      id: designations.id,
      regionCode: designations.regionCode,
      name: regions.name,
      prefectureName: prefecture,
      honour: designations.honour,
      status: designations.status,
      namedOn: designations.namedOn,
      nextReviewDue: designations.nextReviewDue,
      isDemo: designations.isDemo,
    })
    .from(designations)
    .innerJoin(regions, eq(regions.code, designations.regionCode))
    .where(and(...where));
  const [{ n } = { n: 0 }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(designations)
    .innerJoin(regions, eq(regions.code, designations.regionCode))
    .where(and(...where));
  const rows = await base.orderBy(asc(regions.prefectureCode), asc(regions.code), asc(designations.honour)).limit(PAGE_SIZE).offset((f.page - 1) * PAGE_SIZE);
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)) };
}

export async function namedCountsByHonour(tx: Tx): Promise<{ honour: Honour; label: string; count: number }[]> {
  const rows = await prepared(tx, "named-counts", (h) =>
    h
      .select({ honour: designations.honour, n: sql<number>`count(*)::int` })
      .from(designations)
      .where(inArray(designations.status, [...HOLDING_STATUSES]))
      .groupBy(designations.honour)
      .prepare("named-counts"),
  ).execute();
  const counts = new Map(rows.map((r) => [r.honour, r.n]));
  return (Object.keys(HONOURS) as Honour[]).map((h) => ({ honour: h, label: HONOURS[h].label, count: counts.get(h) ?? 0 }));
}

export async function townPage(tx: Tx, regionCode: string) {
  // The region and its breadcrumb from the tree in memory: the 1,346 region pages need no query for them.
  const tree = await regionTree(tx);
  const region = tree.get(regionCode);
  if (!region || region.level === "province") return null;
  const path = tree.path(regionCode).slice(0, -1).map((p) => ({ code: p.code, name: p.name }));
  const honours = await tx.select().from(designations).where(eq(designations.regionCode, regionCode)).orderBy(asc(designations.honour));
  const events = honours.length
    ? await tx
        .select({ designationId: designationEvents.designationId, kind: designationEvents.kind, occurredOn: designationEvents.occurredOn, title: designationEvents.title, description: designationEvents.description, noticeSlug: notices.slug, noticeTitle: notices.title })
        .from(designationEvents)
        .leftJoin(notices, eq(notices.id, designationEvents.noticeId))
        .where(inArray(designationEvents.designationId, honours.map((h) => h.id)))
        .orderBy(asc(designationEvents.occurredOn), asc(designationEvents.id))
    : [];
  const codes = [regionCode, region.prefectureCode, region.parentCode].filter((c): c is string => !!c);
  const eventNoticeIds = events.map((e) => e.noticeSlug).filter(Boolean);
  const related = await tx
    .selectDistinct({ slug: notices.slug, title: notices.title, docNumber: notices.docNumber, issuedOn: notices.issuedOn })
    .from(notices)
    .leftJoin(noticeRegions, eq(noticeRegions.noticeId, notices.id))
    .where(and(eq(notices.status, "published"), or(inArray(noticeRegions.regionCode, codes), eventNoticeIds.length ? inArray(notices.slug, eventNoticeIds as string[]) : sql`false`)))
    .orderBy(desc(notices.issuedOn))
    .limit(10);
  return {
    region,
    path,
    honours: honours.map((d) => ({
      ...d,
      label: isHonour(d.honour) ? HONOURS[d.honour].label : d.honour,
      reReviewDue: d.nextReviewDue ?? (d.namedOn ? reReviewDue(d.lastReviewedOn ?? d.namedOn) : null),
      events: events.filter((e) => e.designationId === d.id),
    })),
    related,
  };
}
