// The read-only JSON API /api/v1: one registry of endpoints, each with its query schema, response schema and
// handler. The dispatcher (src/pages/api/v1/[...path].ts) and the OpenAPI document both read this list.
import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { designations, notices, regions } from "../../../db/schema.ts";
import { HOLDING_STATUSES } from "../../domain/designations.ts";
import { cycleMilestones, cycleStartFor, CYCLE_YEARS } from "../../domain/review-cycle.ts";
import { CATEGORY_LABELS, type Category } from "../../domain/routing.ts";
import { shanghaiDate } from "../../domain/time.ts";
import { publicStats } from "../case-stats.ts";
import { config } from "../config.ts";
import type { Tx } from "../db.ts";
import { noticeDetail } from "../notices.ts";
import { attachmentUrl } from "../../domain/attachments.ts";
import { listPublicity, publicityDetail } from "../publicity.ts";
import { translationsByIds, type TranslatedFields } from "../publish/translations.ts";
import { publicRectifications, RECTIFICATION_STATUS_LABELS } from "../rectifications.ts";
import { townPage } from "../towns.ts";
import * as S from "./schemas.ts";

export class ApiProblem extends Error {
  readonly status: 400 | 404;
  readonly code: string;
  constructor(status: 400 | 404, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface Endpoint<Q extends z.ZodType = z.ZodType> {
  path: string; // OpenAPI style: /notices/{slug}
  summary: string;
  description?: string;
  query: Q;
  params?: Record<string, { description: string; pattern: string }>;
  response: z.ZodType;
  example: string; // a path with query that returns data on the demo set, for docs and tests
  /** Answers 404 for a query value that names nothing (e.g. an unknown parent); endpoints with path parameters always may. */
  notFound?: string;
  handler: (tx: Tx, query: z.infer<Q>, params: Record<string, string>, now: Date) => Promise<{ body: unknown; lastModified: Date | null }>;
}

const site = () => config().SITE_URL;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const latest = (ds: (Date | null | undefined)[]) => ds.reduce<Date | null>((m, d) => (d && (!m || d > m) ? d : m), null);

function encodeCursor(keys: (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString("base64url");
}
function decodeCursor(cursor: string | undefined, shape: ("string" | "number")[]): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const keys = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown;
    if (Array.isArray(keys) && keys.length === shape.length && keys.every((k, i) => typeof k === shape[i])) return keys as (string | number)[];
  } catch {
    // fall through
  }
  throw new ApiProblem(400, "invalid_cursor", "cursor 无效：请使用上一页返回的 next_cursor");
}
function pageOf<T>(rows: T[], limit: number, keys: (row: T) => (string | number)[]) {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return { items, next_cursor: more && items.length ? encodeCursor(keys(items.at(-1)!)) : null };
}

const listNotices: Endpoint<typeof S.NoticeQuery> = {
  path: "/notices",
  summary: "通知公告列表",
  description: "按发文日期倒序；可按类别、发文单位、年份筛选。",
  query: S.NoticeQuery,
  response: S.page(S.NoticeSummary, "NoticePage"),
  example: "/notices?limit=5",
  handler: async (tx, q) => {
    const where: SQL[] = [eq(notices.status, "published")];
    if (q.type) where.push(eq(notices.type, q.type));
    if (q.issuer) where.push(eq(notices.issuer, q.issuer));
    if (q.year) where.push(sql`extract(year from ${notices.issuedOn}) = ${q.year}`);
    const after = decodeCursor(q.cursor, ["string", "number"]);
    if (after) where.push(or(lt(notices.issuedOn, after[0] as string), and(eq(notices.issuedOn, after[0] as string), lt(notices.id, after[1] as number)))!);
    const rows = await tx.select().from(notices).where(and(...where)).orderBy(desc(notices.issuedOn), desc(notices.id)).limit(q.limit + 1);
    const page = pageOf(rows, q.limit, (n) => [n.issuedOn, n.id]);
    const versions = await translationsByIds(tx, "notice", page.items.map((n) => n.id));
    return {
      body: { items: page.items.map((n) => noticeSummary(n, versions.get(n.id)?.versions)), next_cursor: page.next_cursor },
      lastModified: latest([...page.items.map((n) => n.updatedAt), ...[...versions.values()].map((v) => v.updatedAt)]),
    };
  },
};

function noticeSummary(n: typeof notices.$inferSelect, translations: TranslatedFields = {}) {
  return { slug: n.slug, title: n.title, doc_number: n.docNumber, type: n.type, issuer: n.issuer, issued_on: n.issuedOn, summary: n.summary, revision: n.revision, updated_at: n.updatedAt.toISOString(), url: `${site()}/notices/${encodeURIComponent(n.slug)}`, is_demo: n.isDemo, translations };
}

const oneNotice: Endpoint<typeof S.NoParams> = {
  path: "/notices/{slug}",
  summary: "一则通知公告（含修订记录）",
  query: S.NoParams,
  params: { slug: { description: "通知的标识（见列表中的 slug）", pattern: "^[\\w.-]{1,120}$" } },
  response: S.Notice,
  example: "/notices/nmg-2026-health-towns-rules",
  handler: async (tx, _q, p) => {
    const d = await noticeDetail(tx, p.slug!);
    if (!d) throw new ApiProblem(404, "not_found", "没有这则通知，或已撤回");
    const n = d.notice;
    const version = (await translationsByIds(tx, "notice", [n.id])).get(n.id);
    return {
      body: {
        ...noticeSummary(n, version?.versions),
        body_markdown: n.body,
        published_at: iso(n.publishedAt),
        regions: d.regionCodes,
        revisions: d.revisions.map((r) => ({ revision: r.revision, change_note: r.changeNote, revised_at: r.revisedAt.toISOString(), title: r.title })),
        attachments: d.attachments.map((a) => ({ name: a.filename, type: a.mimeType, size: a.size, url: `${site()}${attachmentUrl(n.slug, a.id)}` })),
      },
      lastModified: latest([n.updatedAt, ...(version ? [version.updatedAt] : [])]),
    };
  },
};

const listPublicityLists: Endpoint<typeof S.PublicityQuery> = {
  path: "/publicity",
  summary: "社会公示列表",
  query: S.PublicityQuery,
  response: S.page(S.PublicitySummary, "PublicityPage"),
  example: "/publicity",
  handler: async (tx, q, _p, now) => {
    const { lists } = await listPublicity(tx, { status: q.status, year: q.year }, now);
    const after = decodeCursor(q.cursor, ["string", "number"]);
    const rest = after ? lists.filter((l) => l.opensAt.toISOString() < (after[0] as string) || (l.opensAt.toISOString() === after[0] && l.id < (after[1] as number))) : lists;
    const page = pageOf(rest, q.limit, (l) => [l.opensAt.toISOString(), l.id]);
    const versions = await translationsByIds(tx, "publicity", page.items.map((l) => l.id));
    return {
      body: { items: page.items.map((l) => ({ id: l.id, title: l.title, doc_number: l.docNumber, honours: l.honours, opens_at: l.opensAt.toISOString(), closes_at: l.closesAt.toISOString(), original_closes_at: iso(l.originalClosesAt), status: l.status, entry_count: l.entryCount, url: `${site()}/publicity/${l.id}`, is_demo: l.isDemo, translations: versions.get(l.id)?.versions ?? {} })), next_cursor: page.next_cursor },
      lastModified: null,
    };
  },
};

const onePublicity: Endpoint<typeof S.NoParams> = {
  path: "/publicity/{id}",
  summary: "一次社会公示（含公示对象和结果）",
  query: S.NoParams,
  params: { id: { description: "公示编号", pattern: "^\\d{1,9}$" } },
  response: S.Publicity,
  example: "/publicity/1",
  handler: async (tx, _q, p, now) => {
    const d = await publicityDetail(tx, Number(p.id), now);
    if (!d) throw new ApiProblem(404, "not_found", "没有这次公示");
    const l = d.list;
    const version = (await translationsByIds(tx, "publicity", [l.id])).get(l.id);
    return {
      body: {
        translations: version?.versions ?? {},
        id: l.id, title: l.title, doc_number: l.docNumber, honours: l.honours, opens_at: l.opensAt.toISOString(), closes_at: l.closesAt.toISOString(), original_closes_at: iso(l.originalClosesAt), status: d.summary.status, entry_count: d.groups.reduce((n, g) => n + g.entries.length, 0), url: `${site()}/publicity/${l.id}`, is_demo: l.isDemo,
        description: l.description,
        objection_count: d.objectionCount,
        entries: d.groups.flatMap((g) => g.entries.map((e) => ({ id: e.id, region_code: e.regionCode, name: e.name, honour: g.honour, prefecture_code: e.prefectureCode, outcome: (e.outcome as "recommended" | null) ?? null, outcome_note: e.outcomeNote }))),
      },
      lastModified: l.publishedAt && latest([l.publishedAt, ...(version ? [version.updatedAt] : [])]),
    };
  },
};

const listDesignations: Endpoint<typeof S.DesignationQuery> = {
  path: "/designations",
  summary: "已命名城镇名录",
  description: "默认只列出目前持有称号的（已命名、复审中、复审通过、被警示）；用 status 查其他状态。",
  query: S.DesignationQuery,
  response: S.page(S.DesignationSummary, "DesignationPage"),
  example: "/designations?limit=10",
  handler: async (tx, q) => {
    const where: SQL[] = [q.status ? eq(designations.status, q.status) : inArray(designations.status, [...HOLDING_STATUSES])];
    if (q.honour) where.push(eq(designations.honour, q.honour));
    if (q.prefecture) where.push(eq(regions.prefectureCode, q.prefecture));
    if (q.year) where.push(sql`extract(year from ${designations.namedOn}) = ${q.year}`);
    const after = decodeCursor(q.cursor, ["number"]);
    if (after) where.push(gt(designations.id, after[0] as number));
    const prefecture = sql<string | null>`(select p.name from regions p where p.code = ${regions.prefectureCode})`;
    const rows = await tx
      .select({ d: designations, name: regions.name, prefecture })
      .from(designations)
      .innerJoin(regions, eq(regions.code, designations.regionCode))
      .where(and(...where))
      .orderBy(asc(designations.id))
      .limit(q.limit + 1);
    const page = pageOf(rows, q.limit, (r) => [r.d.id]);
    return {
      body: { items: page.items.map(({ d, name, prefecture }) => ({ id: d.id, region_code: d.regionCode, name, prefecture_name: prefecture, honour: d.honour, status: d.status, named_on: d.namedOn, next_review_due: d.nextReviewDue, url: `${site()}/towns/${d.regionCode}`, is_demo: d.isDemo })), next_cursor: page.next_cursor },
      lastModified: latest(page.items.map((r) => r.d.updatedAt)),
    };
  },
};

const regionDesignations: Endpoint<typeof S.NoParams> = {
  path: "/designations/{regionCode}",
  summary: "一个地区的称号及创建历程",
  query: S.NoParams,
  params: { regionCode: { description: "行政区划代码（6 位或 9 位）", pattern: "^\\d{6}(\\d{3})?$" } },
  response: S.RegionDesignations,
  example: "/designations/150622",
  handler: async (tx, _q, p) => {
    const t = await townPage(tx, p.regionCode!);
    if (!t) throw new ApiProblem(404, "not_found", "没有这个地区");
    return {
      body: {
        region: { code: t.region.code, name: t.region.name, level: t.region.level, prefecture_code: t.region.prefectureCode },
        designations: t.honours.map((h) => ({ honour: h.honour, status: h.status, named_on: h.namedOn, last_reviewed_on: h.lastReviewedOn, next_review_due: h.reReviewDue, history: h.events.map((e) => ({ kind: e.kind, occurred_on: e.occurredOn, title: e.title, description: e.description, notice_slug: e.noticeSlug })) })),
      },
      lastModified: latest(t.honours.map((h) => h.updatedAt)),
    };
  },
};

const listRectifications: Endpoint<typeof S.RectificationQuery> = {
  path: "/rectifications",
  summary: "整改公示（问题、地点、整改期限和进展）",
  description:
    "按公示时间倒序。整改期限按受理件计时推算（延期、暂停、新公布的节假日安排都会改变它）；所在年份的节假日安排尚未公布时 due_on_provisional 为 true（暂定）。逾期未完成由期限推算。承办单位的整改情况验收通过后才公开。不含反映人的任何信息。",
  query: S.RectificationQuery,
  response: S.page(S.Rectification, "RectificationPage"),
  example: "/rectifications",
  handler: async (tx, q, _p, now) => {
    // Overdue and the due date follow the case clock at `now`, so there is no stored time to answer Last-Modified with.
    const rows = await publicRectifications(tx, { prefecture: q.prefecture, status: q.status }, now);
    const after = decodeCursor(q.cursor, ["string", "number"]);
    const rest = after ? rows.filter((r) => r.publishedAt!.toISOString() < (after[0] as string) || (r.publishedAt!.toISOString() === after[0] && r.id > (after[1] as number))) : rows;
    const page = pageOf(rest, q.limit, (r) => [r.publishedAt!.toISOString(), r.id]);
    return {
      body: {
        items: page.items.map((r) => ({
          id: r.id,
          region_code: r.regionCode,
          place: r.name,
          prefecture: r.prefectureName,
          problem: r.problem,
          category: r.category,
          category_label: r.category ? (CATEGORY_LABELS[r.category as Category] ?? r.category) : null,
          found_on: r.foundOn,
          due_on: r.dueOn,
          due_on_provisional: r.provisional,
          status: r.status,
          status_label: RECTIFICATION_STATUS_LABELS[r.status],
          done_on: r.doneOn,
          unit: r.unitName,
          report: r.status === "done" ? r.report : null,
          published_at: r.publishedAt!.toISOString(),
          url: `${site()}/rectifications`,
          is_demo: r.isDemo,
        })),
        next_cursor: page.next_cursor,
      },
      lastModified: null,
    };
  },
};

const listRegions: Endpoint<typeof S.RegionQuery> = {
  path: "/regions",
  summary: "行政区划（盟市、旗县、苏木乡镇）",
  query: S.RegionQuery,
  response: S.page(S.Region, "RegionList"),
  example: "/regions?parent=150600",
  notFound: "没有这个上级地区",
  handler: async (tx, q) => {
    const parent = q.parent ?? config().PROVINCE_CODE;
    const rows = await tx.select().from(regions).where(eq(regions.parentCode, parent)).orderBy(asc(regions.code));
    if (rows.length === 0 && !(await tx.select({ c: regions.code }).from(regions).where(eq(regions.code, parent))).length) throw new ApiProblem(404, "not_found", "没有这个上级地区");
    return { body: { items: rows.filter((r) => r.level !== "province").map((r) => ({ code: r.code, name: r.name, level: r.level as "county", pinyin: r.pinyin, pinyin_initials: r.pinyinInitials })), next_cursor: null }, lastModified: null };
  },
};

const cycle: Endpoint<typeof S.NoParams> = {
  path: "/cycle",
  summary: "评审周期时间节点（本周期与下一周期）",
  query: S.NoParams,
  response: S.page(S.Milestone, "MilestoneList"),
  example: "/cycle",
  handler: async (_tx, _q, _p, now) => {
    const start = cycleStartFor(shanghaiDate(now), config().CYCLE_ANCHOR_YEAR);
    const items = [start, start + CYCLE_YEARS].flatMap((s) => cycleMilestones(s).map((m) => ({ id: m.id, date: m.date, title: m.title, article: m.article, cycle_year: m.cycleYear, cycle_start: s })));
    return { body: { items, next_cursor: null }, lastModified: null };
  },
};

const stats: Endpoint<typeof S.StatsQuery> = {
  path: "/stats",
  summary: "办理情况统计（各盟市、各月）",
  query: S.StatsQuery,
  response: S.Stats,
  example: "/stats",
  handler: async (tx, q, _p, now) => {
    const s = await publicStats(tx, q.year ?? Number(shanghaiDate(now).slice(0, 4)), now);
    const t = (x: typeof s.total) => ({ received: x.received, accepted: x.accepted, concluded: x.concluded, on_time: x.onTime, overdue: x.overdue, median_working_days: x.medianWorkingDays, ratings: x.ratings });
    return {
      body: { year: s.year, total: t(s.total), units: s.units.map((u) => ({ code: u.code, name: u.name, tally: t(u.tally) })), months: s.months.map((m) => ({ month: m.month, tally: t(m.tally) })), objections: s.objections.map((o) => ({ publicity_id: o.id, title: o.title, count: o.count })) },
      lastModified: null,
    };
  },
};

export const ENDPOINTS: Endpoint[] = [listNotices, oneNotice, listPublicityLists, onePublicity, listDesignations, regionDesignations, listRectifications, listRegions, cycle, stats] as Endpoint[];

/**
 * The endpoint and path parameters for a request path under /api/v1, as sent (percent-encoded). Each parameter is
 * decoded exactly once here: the dispatcher passes the raw path, not Astro's already decoded `params`, so `%2531`
 * stays `%31` and never reads as `1`, and a malformed escape (`%E4`, `%`) matches nothing (404) instead of throwing.
 */
export function route(path: string): { endpoint: Endpoint; params: Record<string, string> } | null {
  const parts = path.split("/").filter(Boolean);
  for (const endpoint of ENDPOINTS) {
    const pattern = endpoint.path.split("/").filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((seg, i) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (!m) return seg === parts[i];
      let value: string;
      try {
        value = decodeURIComponent(parts[i]!);
      } catch {
        return false;
      }
      if (!new RegExp(endpoint.params![m[1]!]!.pattern).test(value)) return false;
      params[m[1]!] = value;
      return true;
    });
    if (ok) return { endpoint, params };
  }
  return null;
}
