// The candidate-lead queue 候选线索 (issue 16): articles that name a place of the province and a problem word, for
// the office to turn into a case (kind 舆情线索, channel 舆情监测, through the web's own intake so it is routed,
// numbered and timed by the same rules) or dismiss with a reason. Each decision is a conditional update on the
// item's status in the case's (or its own) transaction, so two staff never make two cases of one article.
import { and, desc, eq, gte, inArray, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import { cases, designations, monitorItems, monitorSources, publicityEntries, publicityLists, regions, type StoredItemMatch } from "../../../db/schema.ts";
import { DESIGNATION_STATUS_LABELS, HOLDING_STATUSES, type DesignationStatus } from "../../domain/designations.ts";
import { isReReviewList } from "../../domain/held-honours.ts";
import { HONOURS, isHonour } from "../../domain/honours.ts";
import { highlight, type Segment } from "../../domain/monitoring.ts";
import type { Tx } from "../db.ts";

export const QUEUE_TABS = ["candidate", "case", "dismissed", "unmatched"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];
export const QUEUE_TAB_LABELS: Record<QueueTab, string> = { candidate: "候选线索", case: "已转为案件", dismissed: "已排除", unmatched: "未匹配" };
export const QUEUE_PAGE_SIZE = 30;

/** Items still open to a decision: a candidate, or an unmatched article staff judge relevant all the same. */
export const UNDECIDED = ["candidate", "unmatched"] as const;

export interface PlaceOption {
  code: string;
  name: string;
  /** The league/city and county it lies in ("鄂尔多斯市 达拉特旗"); empty for a league/city. */
  context: string;
}

export interface RegisterStatus {
  /** Honours the place holds (命名), with their status when it is not plain 已命名. */
  named: string[];
  /** Open publicity lists the place is on now. */
  inPublicity: string[];
  /** Under re-review: a designation in 复审中, or on an open re-review list. */
  reReview: boolean;
}

export interface PlaceView {
  surface: string;
  fromSource: boolean;
  /** The one place the name means, or null when ambiguous. */
  place: (PlaceOption & { register: RegisterStatus }) | null;
  /** All the places an ambiguous name may mean (never guessed between). */
  options: PlaceOption[];
  /** One line: "达拉特旗（鄂尔多斯市）" or "有歧义：新华街道（呼和浩特市 新城区）/ 新华街道（…）". */
  text: string;
}

export interface ItemView {
  id: number;
  sourceId: number;
  sourceName: string;
  link: string;
  title: string;
  summary: string;
  publishedAt: Date | null;
  fetchedAt: Date;
  status: QueueTab;
  score: number;
  match: StoredItemMatch;
  places: PlaceView[];
  titleSegments: Segment[];
  summarySegments: Segment[];
  caseId: number | null;
  trackingNumber: string | null;
  dismissReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  alsoIn: number;
}

const placeText = (p: PlaceOption) => (p.context ? `${p.name}（${p.context}）` : p.name);

async function placeOptions(tx: Tx, codes: string[]): Promise<Map<string, PlaceOption>> {
  const out = new Map<string, PlaceOption>();
  if (codes.length === 0) return out;
  const rows = await tx.select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode, prefectureCode: regions.prefectureCode }).from(regions).where(inArray(regions.code, [...new Set(codes)]));
  // The county and league/city above each place, named in one more query.
  const above = [...new Set(rows.flatMap((r) => [r.parentCode, r.prefectureCode]).filter((c): c is string => !!c))];
  const names = new Map(
    above.length ? (await tx.select({ code: regions.code, name: regions.name, level: regions.level }).from(regions).where(inArray(regions.code, above))).map((r) => [r.code, r]) : [],
  );
  for (const r of rows) {
    const parts: string[] = [];
    const pref = r.prefectureCode && r.prefectureCode !== r.code ? names.get(r.prefectureCode) : undefined;
    if (pref) parts.push(pref.name);
    const parent = r.parentCode ? names.get(r.parentCode) : undefined;
    if (parent && parent.level === "county" && parent.code !== r.prefectureCode) parts.push(parent.name);
    out.set(r.code, { code: r.code, name: r.name, context: parts.join(" ") });
  }
  return out;
}

/** What the register says of each place: named, in an open publicity list, under re-review. */
export async function registerStatus(tx: Tx, codes: string[], now: Date): Promise<Map<string, RegisterStatus>> {
  const out = new Map<string, RegisterStatus>(codes.map((c) => [c, { named: [], inPublicity: [], reReview: false }]));
  if (codes.length === 0) return out;
  const [held, listed] = await Promise.all([
    tx.select({ regionCode: designations.regionCode, honour: designations.honour, status: designations.status }).from(designations).where(and(inArray(designations.regionCode, codes), inArray(designations.status, [...HOLDING_STATUSES]))),
    tx
      .select({ regionCode: publicityEntries.regionCode, honour: publicityEntries.honour, title: publicityLists.title })
      .from(publicityEntries)
      .innerJoin(publicityLists, eq(publicityLists.id, publicityEntries.publicityId))
      .where(and(inArray(publicityEntries.regionCode, codes), isNotNull(publicityLists.publishedAt), lte(publicityLists.opensAt, now), gte(publicityLists.closesAt, now))),
  ]);
  const label = (h: string) => (isHonour(h) ? HONOURS[h].label : h);
  for (const d of held) {
    const s = out.get(d.regionCode)!;
    const status = d.status as DesignationStatus;
    s.named.push(status === "named" ? label(d.honour) : `${label(d.honour)}（${DESIGNATION_STATUS_LABELS[status]}）`);
    if (status === "re_review") s.reReview = true;
  }
  for (const e of listed) {
    const s = out.get(e.regionCode)!;
    s.inPublicity.push(`${label(e.honour)}：${e.title}`);
    if (isReReviewList(e.title)) s.reReview = true;
  }
  return out;
}

async function views(tx: Tx, rows: ItemRow[], now: Date): Promise<ItemView[]> {
  const codes = rows.flatMap((r) => r.match.places.flatMap((p) => p.codes));
  const options = await placeOptions(tx, codes);
  const single = [...new Set(rows.flatMap((r) => r.match.places.filter((p) => p.codes.length === 1).map((p) => p.codes[0]!)))];
  const register = await registerStatus(tx, single, now);
  return rows.map((r) => {
    const places: PlaceView[] = r.match.places.map((p) => {
      const opts = p.codes.map((c) => options.get(c) ?? { code: c, name: c, context: "" });
      if (opts.length === 1) {
        const place = { ...opts[0]!, register: register.get(opts[0]!.code) ?? { named: [], inPublicity: [], reReview: false } };
        return { surface: p.surface, fromSource: !!p.fromSource, place, options: opts, text: `${placeText(place)}${p.fromSource ? "（来源默认盟市，文中未提及地名）" : ""}` };
      }
      return { surface: p.surface, fromSource: !!p.fromSource, place: null, options: opts, text: `有歧义：${opts.map(placeText).join(" / ")}` };
    });
    // The county and league above a place were matched too, then left out as less precise: still marked in the text.
    const above = places.flatMap((p) => (p.place ? p.place.context.split(" ").filter(Boolean) : []));
    const terms = [...r.match.places.map((p) => p.surface), ...above, ...r.match.words.map((w) => w.word), ...r.match.honours];
    return {
      id: r.id,
      sourceId: r.sourceId,
      sourceName: r.sourceName,
      link: r.link,
      title: r.title,
      summary: r.summary,
      publishedAt: r.publishedAt,
      fetchedAt: r.fetchedAt,
      status: r.status,
      score: r.score,
      match: r.match,
      places,
      titleSegments: highlight(r.title, terms),
      summarySegments: highlight(r.summary, terms),
      caseId: r.caseId,
      trackingNumber: r.trackingNumber,
      dismissReason: r.dismissReason,
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt,
      alsoIn: r.alsoIn.length,
    };
  });
}

const itemColumns = {
  id: monitorItems.id,
  sourceId: monitorItems.sourceId,
  sourceName: monitorSources.name,
  link: monitorItems.link,
  title: monitorItems.title,
  summary: monitorItems.summary,
  publishedAt: monitorItems.publishedAt,
  fetchedAt: monitorItems.fetchedAt,
  status: monitorItems.status,
  score: monitorItems.score,
  match: monitorItems.match,
  caseId: monitorItems.caseId,
  trackingNumber: cases.trackingNumber,
  dismissReason: monitorItems.dismissReason,
  decidedBy: monitorItems.decidedBy,
  decidedAt: monitorItems.decidedAt,
  alsoIn: monitorItems.alsoIn,
};
/** A row as read: the view before places are named, the text marked and other sources counted. */
type ItemRow = Omit<ItemView, "places" | "titleSegments" | "summarySegments" | "alsoIn"> & { alsoIn: unknown[] };

/**
 * The day an article counts as news: its publication day in Beijing time, but never later than the day it was
 * fetched (a feed may date an article in the future to keep it on top) and the fetch day when it gives none.
 */
const newsDay = sql`((least(coalesce(${monitorItems.publishedAt}, ${monitorItems.fetchedAt}), ${monitorItems.fetchedAt}) at time zone 'Asia/Shanghai')::date)`;

export interface QueuePage {
  tab: QueueTab;
  items: ItemView[];
  page: number;
  pages: number;
  total: number;
  counts: Record<QueueTab, number>;
}

/**
 * One page of a tab. Order: the newest day first, then the highest score within the day, then the newest. A day's
 * articles are read together (as a press summary is); an old high-scoring article must not stay above today's news,
 * and today's weak mention must not push down today's strong one. Decided tabs list the latest decision first.
 */
export async function listQueue(tx: Tx, input: { tab?: string | null; page?: string | number | null }, now: Date): Promise<QueuePage> {
  const tab: QueueTab = (QUEUE_TABS as readonly string[]).includes(input.tab ?? "") ? (input.tab as QueueTab) : "candidate";
  const countRows = await tx.select({ status: monitorItems.status, n: sql<number>`count(*)::int` }).from(monitorItems).groupBy(monitorItems.status);
  const counts = Object.fromEntries(QUEUE_TABS.map((t) => [t, countRows.find((r) => r.status === t)?.n ?? 0])) as Record<QueueTab, number>;
  const total = counts[tab];
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const asked = Number(input.page ?? 1);
  const page = Number.isSafeInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
  const order: SQL[] = tab === "case" || tab === "dismissed" ? [sql`${monitorItems.decidedAt} desc nulls last`, desc(monitorItems.id)] : [sql`${newsDay} desc`, desc(monitorItems.score), desc(monitorItems.fetchedAt), desc(monitorItems.id)];
  const rows = (await tx
    .select(itemColumns)
    .from(monitorItems)
    .innerJoin(monitorSources, eq(monitorSources.id, monitorItems.sourceId))
    .leftJoin(cases, eq(cases.id, monitorItems.caseId))
    .where(eq(monitorItems.status, tab))
    .orderBy(...order)
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE)) as ItemRow[];
  return { tab, items: await views(tx, rows, now), page, pages, total, counts };
}

export async function itemView(tx: Tx, id: number, now: Date): Promise<ItemView | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const rows = (await tx
    .select(itemColumns)
    .from(monitorItems)
    .innerJoin(monitorSources, eq(monitorSources.id, monitorItems.sourceId))
    .leftJoin(cases, eq(cases.id, monitorItems.caseId))
    .where(eq(monitorItems.id, id))
    .limit(1)) as ItemRow[];
  if (rows.length === 0) return null;
  return (await views(tx, rows, now))[0]!;
}
