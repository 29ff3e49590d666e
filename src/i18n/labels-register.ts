// The register's and the statistics' labels in a reader's language. src/domain and src/server keep their Chinese
// labels (the back office, feeds and the API use them); these functions give the same label from the catalogs for
// /en/ and /mn/ pages and return the domain's own label on Chinese pages, so those stay exactly as they were.
import { m } from "../paraglide/messages.js";
import { getLocale } from "./locales.ts";
import { HONOURS, isHonour } from "../domain/honours.ts";
import { DESIGNATION_EVENT_LABELS, DESIGNATION_STATUS_LABELS, REVIEW_FLAG_LABELS, type DesignationStatus, type ReviewFlag } from "../domain/designations.ts";
import { CATEGORY_LABELS, isCategory } from "../domain/routing.ts";
import { CHANNEL_LABELS } from "../domain/channels.ts";
import { describeDeadline } from "../domain/deadlines.ts";
import { SMALL_COUNT, share, type Tally } from "../domain/stats.ts";
import { formatDate } from "./format.ts";
import type { DateString } from "../domain/time.ts";
import { referenceOf } from "../server/reference.ts";
import type { MilestoneKey } from "../domain/review-cycle.ts";
import { isNotNull } from "drizzle-orm";
import { regions, units } from "../../db/schema.ts";
import type { Tx } from "../server/db.ts";
import { localName, type LocalName } from "./names.ts";
import type { Locale } from "../paraglide/runtime.js";

type Msg = () => string;

const HONOUR: Record<string, Msg> = {
  health_city: m.towns_honour_health_city,
  health_county: m.towns_honour_health_county,
  health_township: m.towns_honour_health_township,
  sanitary_city: m.towns_honour_sanitary_city,
  sanitary_county: m.towns_honour_sanitary_county,
  sanitary_township: m.towns_honour_sanitary_township,
};
const STATUS: Record<DesignationStatus, Msg> = {
  cultivating: m.towns_status_cultivating,
  recommended: m.towns_status_recommended,
  in_publicity: m.towns_status_in_publicity,
  named: m.towns_status_named,
  re_review: m.towns_status_re_review,
  confirmed: m.towns_status_confirmed,
  warned: m.towns_status_warned,
  revoked: m.towns_status_revoked,
  merged: m.towns_status_merged,
};
const FLAG: Record<ReviewFlag, Msg> = { overdue: m.towns_flag_overdue, due_soon: m.towns_flag_due_soon };
const EVENT: Record<string, Msg> = {
  cultivation: m.towns_event_cultivation,
  recommendation: m.towns_event_recommendation,
  publicity: m.towns_event_publicity,
  named: m.towns_event_named,
  re_review: m.towns_event_re_review,
  confirmed: m.towns_event_confirmed,
  warned: m.towns_event_warned,
  rectified: m.towns_event_rectified,
  revoked: m.towns_event_revoked,
  merged: m.towns_event_merged,
};
const RECTIFICATION: Record<string, Msg> = {
  ordered: m.towns_rect_status_ordered,
  in_progress: m.towns_rect_status_in_progress,
  done: m.towns_rect_status_done,
  overdue: m.towns_rect_status_overdue,
};
const CATEGORY: Record<string, Msg> = {
  sanitation: m.pages_category_sanitation,
  vectors: m.pages_category_vectors,
  food: m.pages_category_food,
  water: m.pages_category_water,
  premises: m.pages_category_premises,
  education: m.pages_category_education,
  fraud: m.pages_category_fraud,
  other: m.pages_category_other,
};
const CHANNEL: Record<string, Msg> = {
  web: m.stats_channel_web,
  hotline: m.stats_channel_hotline,
  letter: m.stats_channel_letter,
  email: m.stats_channel_email,
  visit: m.stats_channel_visit,
  national_transfer: m.stats_channel_national_transfer,
  media_monitoring: m.stats_channel_media_monitoring,
};
const NOTICE_TYPE: Record<string, Msg> = {
  notice: m.pages_notice_type_notice,
  circular: m.pages_notice_type_circular,
  publicity: m.pages_notice_type_publicity,
  rules: m.pages_notice_type_rules,
  opinion: m.pages_notice_type_opinion,
  result: m.pages_notice_type_result,
};
const MILESTONE: Record<MilestoneKey, Msg> = {
  data_update: m.pages_milestone_data_update,
  self_assessment: m.pages_milestone_self_assessment,
  cultivation_selected: m.pages_milestone_cultivation_selected,
  recommend_township: m.pages_milestone_recommend_township,
  recommend_county: m.pages_milestone_recommend_county,
  recommend_city: m.pages_milestone_recommend_city,
  recommend_national: m.pages_milestone_recommend_national,
  re_review_results: m.pages_milestone_re_review_results,
};

/** The domain's Chinese label on Chinese pages (unchanged output), the catalog's elsewhere; unknown codes as they are. */
function pick(zh: string | undefined, msg: Msg | undefined, code: string): string {
  if (getLocale() === "zh") return zh ?? code;
  return msg ? msg() : (zh ?? code);
}

export const honourLabel = (h: string) => pick(isHonour(h) ? HONOURS[h].label : undefined, HONOUR[h], h);
export const designationStatusLabel = (s: DesignationStatus) => pick(DESIGNATION_STATUS_LABELS[s], STATUS[s], s);
export const reviewFlagLabel = (f: ReviewFlag) => pick(REVIEW_FLAG_LABELS[f], FLAG[f], f);
export const designationEventLabel = (kind: string) => pick(DESIGNATION_EVENT_LABELS[kind], EVENT[kind], kind);
export const channelLabel = (source: string) => pick((CHANNEL_LABELS as Record<string, string>)[source], CHANNEL[source], source);
export const noticeTypeLabel = (type: string) => pick(undefined, NOTICE_TYPE[type], type);
export const categoryLabel = (c: string) => pick(isCategory(c) ? CATEGORY_LABELS[c] : undefined, CATEGORY[c], c);
/** A rectification's status; the Chinese label comes from the server module that owns it (passed in, no import cycle). */
export const rectificationStatusLabel = (status: string, zh: string) => pick(zh, RECTIFICATION[status], status);
/** A milestone's title: the rules' own wording in Chinese, the catalog's elsewhere. */
export const milestoneTitle = (key: MilestoneKey, zh: string) => pick(zh, MILESTONE[key], zh);

/** '2026年12月1日（暂定）' as today in Chinese; '1 December 2026 (provisional)' in English. */
export function deadlineText(d: { dueDate: DateString; provisional: boolean }): string {
  const locale = getLocale();
  if (locale === "zh") return describeDeadline(d);
  return `${formatDate(d.dueDate, locale)}${d.provisional ? m.towns_deadline_provisional() : ""}`;
}

/** Article numbers of the 2026 rules that set the cycle's dates: '第二十三条' → 23 for English and Mongolian. */
export function articleNumber(article: string): string {
  const digits: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const core = article.replace(/^第|条$/g, "");
  const [tens, ones] = core.includes("十") ? core.split("十") : ["", core];
  const n = (core.includes("十") ? (tens ? digits[tens]! : 1) * 10 : 0) + (ones ? (digits[ones] ?? 0) : 0);
  return n > 0 ? String(n) : article;
}

/** A share ("85%", or "3 of 4 …" for a small base) in the reader's language; the domain's text on Chinese pages. */
export function shareText(part: number, whole: number): string {
  const s = share(part, whole);
  if (getLocale() === "zh" || s.kind !== "small") return s.text;
  return m.stats_share_small({ part, whole, small: SMALL_COUNT });
}

export function satisfactionText(t: Tally): string {
  const rated = t.ratings.satisfied + t.ratings.basically_satisfied + t.ratings.unsatisfied;
  return shareText(t.ratings.satisfied + t.ratings.basically_satisfied, rated);
}

/**
 * A message split around one parameter, so the page can wrap that value in its own element (a Chinese name on an
 * English or Mongolian page must carry lang="zh-CN"): splitAround(m.towns_report, "name") → ["我要反映：对", "的…"].
 */
export function splitAround<P extends string>(message: (params: Record<P, string>) => string, param: P): [string, string] {
  const mark = "\u0000";
  const [before = "", after = ""] = message({ [param]: mark } as Record<P, string>).split(mark);
  return [before, after];
}

/**
 * The title of a league's Atom feed for a <link> in the page's head: an attribute cannot mark part of itself as
 * Chinese, so where the name is not in the page's language (a Chinese name on a Mongolian page) it names no place.
 */
export function feedTitle(name: LocalName | undefined): string {
  if (!name) return m.towns_feed_title_unnamed();
  return getLocale() === "mn" && name.lang !== "mn-Mong" ? m.towns_feed_title_unnamed() : m.towns_feed_title({ name: name.text });
}

/** The lang to mark Chinese content (names, staff-entered text) with: none on Chinese pages, which are zh-CN already. */
export function zhLang(): string | undefined {
  return getLocale() === "zh" ? undefined : "zh-CN";
}

export interface PlaceNames {
  /** A region by its code (and Chinese name), in the reader's language. */
  region(code: string | null | undefined, name: string): LocalName;
  /** A league or city, an office or a unit by its Chinese name alone (those names are unique in a province). */
  named(name: string): LocalName;
}

/**
 * Place and unit names for a page in `locale`. The register's, statistics' and rectifications' queries (and the
 * cached region tree) carry only Chinese names, so English pages read the few official English names staff have
 * entered (/admin/names) once per page; every other name is romanised by localName. Other languages need no query.
 */
export async function placeNames(tx: Tx, locale: Locale): Promise<PlaceNames> {
  if (locale !== "en") return { region: (_code, name) => localName({ name }, locale), named: (name) => localName({ name }, locale) };
  // Official names change only through /admin/names, which moves the reference generation: held in memory like the
  // region tree rather than read on every English page.
  const [regionRows, unitRows] = await referenceOf(tx, "english-names", () =>
    Promise.all([
      tx.select({ code: regions.code, name: regions.name, nameEn: regions.nameEn }).from(regions).where(isNotNull(regions.nameEn)),
      tx.select({ name: units.name, nameEn: units.nameEn }).from(units).where(isNotNull(units.nameEn)),
    ]),
  );
  const byCode = new Map(regionRows.map((r) => [r.code, r.nameEn]));
  const byName = new Map([...regionRows, ...unitRows].map((r) => [r.name, r.nameEn]));
  return {
    region: (code, name) => localName({ name, nameEn: code ? byCode.get(code) : byName.get(name) }, locale),
    named: (name) => localName({ name, nameEn: byName.get(name) }, locale),
  };
}
