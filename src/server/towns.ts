// The register of designations 已命名城镇名录 and a region's page with its honours' history.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { designationEvents, designations, regions } from "../../db/schema.ts";
import { DESIGNATION_STATUSES, HOLDING_STATUSES, type DesignationStatus } from "../domain/designations.ts";
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

/**
 * One page of the register and the total in one prepared statement (a crawler or a journalist's script asks for many
 * filter combinations, none of them cached): absent filters are NULL placeholders, the total a window count.
 */
export async function listRegister(tx: Tx, f: RegisterFilters) {
  const statuses = !f.status ? [...HOLDING_STATUSES] : f.status === "all" ? [...DESIGNATION_STATUSES] : [f.status];
  const page = (offset: number) =>
    prepared(tx, "register-page", (h) =>
      h
        .select({
          id: designations.id,
          regionCode: designations.regionCode,
          name: regions.name,
          prefectureName: sql<string | null>`(select p.name from regions p where p.code = ${regions.prefectureCode})`,
          honour: designations.honour,
          status: designations.status,
          namedOn: designations.namedOn,
          nextReviewDue: designations.nextReviewDue,
          isDemo: designations.isDemo,
          total: sql<number>`(count(*) over ())::int`,
        })
        .from(designations)
        .innerJoin(regions, eq(regions.code, designations.regionCode))
        .where(
          and(
            sql`(${sql.placeholder("honour")}::text is null or ${designations.honour} = ${sql.placeholder("honour")}::text)`,
            sql`(${sql.placeholder("prefecture")}::text is null or ${regions.prefectureCode} = ${sql.placeholder("prefecture")}::text)`,
            sql`${designations.status} = any(${sql.placeholder("statuses")}::text[])`,
            sql`(${sql.placeholder("year")}::int is null or extract(year from ${designations.namedOn}) = ${sql.placeholder("year")}::int)`,
          ),
        )
        .orderBy(asc(regions.prefectureCode), asc(regions.code), asc(designations.honour))
        .limit(sql.placeholder("limit"))
        .offset(sql.placeholder("offset"))
        .prepare("register-page"),
    ).execute({ honour: f.honour ?? null, prefecture: f.prefecture ?? null, statuses, year: f.year ?? null, limit: PAGE_SIZE, offset });
  const rows = await page((f.page - 1) * PAGE_SIZE);
  // Past the last page there is no row to carry the total: the first page has it.
  const n = rows[0]?.total ?? (f.page > 1 ? ((await page(0))[0]?.total ?? 0) : 0);
  return { rows: rows.map(({ total: _t, ...r }) => r), total: n, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)) };
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

/**
 * A region page's data in one prepared statement (it was three round trips): its honours with their history as JSON,
 * and the published notices that name the region, its league or its county, or that an event of its history cites.
 */
export async function townPage(tx: Tx, regionCode: string) {
  // The region and its breadcrumb from the tree in memory: the 1,346 region pages need no query for them.
  const tree = await regionTree(tx);
  const region = tree.get(regionCode);
  if (!region || region.level === "province") return null;
  const path = tree.path(regionCode).slice(0, -1).map((p) => ({ code: p.code, name: p.name }));
  const codes = [regionCode, region.prefectureCode, region.parentCode].filter((c): c is string => !!c);
  const [row] = await prepared(tx, "town-page", (h) =>
    h
      .select({
        honours: sql<HonourJson[]>`coalesce((select json_agg(json_build_object(
          'id', d.id, 'regionCode', d.region_code, 'honour', d.honour, 'status', d.status, 'namedOn', d.named_on,
          'lastReviewedOn', d.last_reviewed_on, 'nextReviewDue', d.next_review_due, 'updatedAt', d.updated_at, 'isDemo', d.is_demo,
          'events', coalesce((select json_agg(json_build_object('kind', e.kind, 'occurredOn', e.occurred_on, 'title', e.title,
              'description', e.description, 'noticeSlug', n.slug, 'noticeTitle', n.title) order by e.occurred_on, e.id)
            from designation_events e left join notices n on n.id = e.notice_id where e.designation_id = d.id), '[]')
        ) order by d.honour) from designations d where d.region_code = ${sql.placeholder("code")}), '[]')`,
        related: sql<RelatedJson[]>`coalesce((select json_agg(json_build_object('slug', r.slug, 'title', r.title, 'docNumber', r.doc_number, 'issuedOn', r.issued_on) order by r.issued_on desc)
          from (select n.slug, n.title, n.doc_number, n.issued_on from notices n where n.status = 'published' and (
              exists (select 1 from notice_regions nr where nr.notice_id = n.id and nr.region_code = any(${sql.placeholder("codes")}::text[]))
              or n.id in (select e.notice_id from designation_events e join designations d on d.id = e.designation_id where d.region_code = ${sql.placeholder("code")}))
            order by n.issued_on desc limit 10) r), '[]')`,
      })
      .from(sql`(select 1) as one`)
      .prepare("town-page"),
  ).execute({ code: regionCode, codes });
  const honours = row?.honours ?? [];
  return {
    region,
    path,
    honours: honours.map((d) => ({
      ...d,
      updatedAt: new Date(d.updatedAt),
      label: isHonour(d.honour) ? HONOURS[d.honour].label : d.honour,
      reReviewDue: d.nextReviewDue ?? (d.namedOn ? reReviewDue(d.lastReviewedOn ?? d.namedOn) : null),
    })),
    related: row?.related ?? [],
  };
}

type Designation = typeof designations.$inferSelect;
type DesignationEvent = typeof designationEvents.$inferSelect;
type HonourJson = Omit<Designation, "updatedAt"> & {
  updatedAt: string;
  events: (Pick<DesignationEvent, "kind" | "occurredOn" | "title" | "description"> & { noticeSlug: string | null; noticeTitle: string | null })[];
};
type RelatedJson = { slug: string; title: string; docNumber: string | null; issuedOn: string };
