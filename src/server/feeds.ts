// Atom feeds (RFC 4287) for media: all notices, per notice type, per league/city, and publicity lists (DESIGN.md §7).
// Feeds stay Chinese; an entry with a staff-entered English or Mongolian version links to it as an alternate with its
// hreflang and translated title (RFC 4287 §4.2.7).
import { Feed } from "feed";
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { designationEvents, designations, noticeAttachments, noticeRegions, notices, publicityLists, regions } from "../../db/schema.ts";
import { attachmentTypeLabel, attachmentUrl, formatSize } from "../domain/attachments.ts";
import { DESIGNATION_EVENT_LABELS } from "../domain/designations.ts";
import { HONOURS, isHonour } from "../domain/honours.ts";
import { formatShanghai, shanghaiStartOfDay } from "../domain/time.ts";
import { describeDeadline } from "../domain/deadlines.ts";
import { config } from "./config.ts";
import { publicRectifications, RECTIFICATION_STATUS_LABELS } from "./rectifications.ts";
import type { Tx } from "./db.ts";
import { renderMarkdown } from "./markdown.ts";
import { NOTICE_TYPE_LABELS, type NoticeType } from "./notices.ts";
import { translatedTitles } from "./translations.ts";
import { HTML_LANG } from "../i18n/locales.ts";

const LIMIT = 50;

export interface BuiltFeed {
  xml: string;
  updated: Date | null;
}

/**
 * The feed as Atom with its language: the `feed` package drops the `language` option from Atom output, so
 * xml:lang="zh-CN" (RFC 4287 §2) is put on the root element here; readers use it to pick fonts and hyphenation.
 */
export function atom(feed: Feed, ...extraLinks: Map<string, string>[]): string {
  let xml = feed.atom1();
  for (const links of extraLinks) for (const [id, link] of links) xml = xml.replace(`<id>${id}</id>`, `<id>${id}</id>${link}`);
  return xml.replace(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/, '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">');
}

function newFeed(path: string, title: string, description: string, updated: Date | null): Feed {
  const site = config().SITE_URL;
  return new Feed({
    id: `${site}${path}`,
    title: `${title} - 全国健康城镇公示与监督平台`,
    description,
    link: `${site}/`,
    language: "zh-CN",
    updated: updated ?? new Date(0),
    generator: "health-towns-portal",
    feedLinks: { atom: `${site}${path}` },
    author: { name: config().OFFICE_NAME },
    copyright: config().OFFICE_NAME,
  });
}

type NoticeRow = typeof notices.$inferSelect;

function addNotices(feed: Feed, rows: NoticeRow[]): void {
  const site = config().SITE_URL;
  for (const n of rows) {
    feed.addItem({
      title: n.docNumber ? `${n.title}（${n.docNumber}）` : n.title,
      id: `${site}/notices/${n.slug}`,
      link: `${site}/notices/${n.slug}`,
      date: n.updatedAt,
      published: n.publishedAt ?? n.updatedAt,
      description: n.summary || undefined,
      content: renderMarkdown(n.body),
      category: [{ name: NOTICE_TYPE_LABELS[n.type], term: n.type }],
      author: [{ name: n.issuer }],
    });
  }
}

const xmlAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A notice's attachments as Atom enclosures (RFC 4287 §4.2.7.2: rel, href, type, length, title), by entry id. The `feed`
 * package writes one enclosure per entry and guesses its type from the URL's extension, so they are added here.
 */
async function noticeEnclosures(tx: Tx, rows: NoticeRow[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (rows.length === 0) return out;
  const site = config().SITE_URL;
  const files = await tx.select().from(noticeAttachments).where(inArray(noticeAttachments.noticeId, rows.map((r) => r.id))).orderBy(noticeAttachments.id);
  for (const n of rows) {
    const links = files
      .filter((f) => f.noticeId === n.id)
      .map((f) => `<link rel="enclosure" href="${xmlAttr(`${site}${attachmentUrl(n.slug, f.id)}`)}" type="${xmlAttr(f.mimeType)}" length="${f.size}" title="${xmlAttr(`${f.filename}（${attachmentTypeLabel(f.mimeType)}，${formatSize(f.size)}）`)}"/>`)
      .join("");
    if (links) out.set(`${site}/notices/${n.slug}`, links);
  }
  return out;
}

/** Alternate links to the entries' English and Mongolian versions, by entry id; entries without one get none. */
async function translationLinks(tx: Tx, of: "notice" | "publicity", rows: { id: number; path: string }[]): Promise<Map<string, string>> {
  const site = config().SITE_URL;
  const out = new Map<string, string>();
  for (const locale of ["en", "mn"] as const) {
    const titles = await translatedTitles(tx, of, rows.map((r) => r.id), locale);
    for (const r of rows) {
      const title = titles.get(r.id);
      if (!title) continue;
      const id = `${site}${r.path}`;
      out.set(id, `${out.get(id) ?? ""}<link rel="alternate" hreflang="${HTML_LANG[locale]}" href="${xmlAttr(`${site}/${locale}${r.path}`)}" title="${xmlAttr(title)}"/>`);
    }
  }
  return out;
}

const latest = (dates: (Date | null | undefined)[]) => dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

export async function noticesFeed(tx: Tx, type?: NoticeType): Promise<BuiltFeed> {
  const rows = await tx
    .select()
    .from(notices)
    .where(and(eq(notices.status, "published"), type ? eq(notices.type, type) : undefined))
    .orderBy(desc(notices.updatedAt), desc(notices.id))
    .limit(LIMIT);
  const updated = latest(rows.map((r) => r.updatedAt));
  const feed = newFeed(type ? `/feeds/notices/${type}.xml` : "/feeds/notices.xml", type ? `通知公告：${NOTICE_TYPE_LABELS[type]}` : "通知公告", `${config().OFFICE_SHORT_NAME}发布的通知、通报、办法和公示结果`, updated);
  addNotices(feed, rows);
  const versions = await translationLinks(tx, "notice", rows.map((n) => ({ id: n.id, path: `/notices/${n.slug}` })));
  return { xml: atom(feed, await noticeEnclosures(tx, rows), versions), updated };
}

export async function publicityFeed(tx: Tx): Promise<BuiltFeed> {
  const site = config().SITE_URL;
  const rows = await tx.select().from(publicityLists).where(isNotNull(publicityLists.publishedAt)).orderBy(desc(publicityLists.publishedAt)).limit(LIMIT);
  const updated = latest(rows.map((r) => r.publishedAt));
  const feed = newFeed("/feeds/publicity.xml", "社会公示", "全国健康城镇拟推荐名单社会公示", updated);
  for (const l of rows) {
    const honours = l.honours.map((h) => (isHonour(h) ? HONOURS[h].label : h)).join("、");
    feed.addItem({
      title: l.title,
      id: `${site}/publicity/${l.id}`,
      link: `${site}/publicity/${l.id}`,
      date: l.publishedAt!,
      published: l.publishedAt!,
      description: `公示期：${formatShanghai(l.opensAt)} 至 ${formatShanghai(l.closesAt)}；称号：${honours}。公示期内可实名提出异议。`,
      category: l.honours.map((h) => ({ term: h, name: isHonour(h) ? HONOURS[h].label : h })),
    });
  }
  return { xml: atom(feed, await translationLinks(tx, "publicity", rows.map((l) => ({ id: l.id, path: `/publicity/${l.id}` })))), updated };
}

/** Notices about the league/city and what happened to its towns' honours. Null when the code is not a league/city. */
export async function regionFeed(tx: Tx, prefectureCode: string): Promise<BuiltFeed | null> {
  const site = config().SITE_URL;
  const [region] = await tx.select().from(regions).where(and(eq(regions.code, prefectureCode), eq(regions.level, "prefecture"))).limit(1);
  if (!region) return null;
  const inRegion = tx.select({ code: regions.code }).from(regions).where(eq(regions.prefectureCode, prefectureCode));
  const noticeIds = tx.select({ id: noticeRegions.noticeId }).from(noticeRegions).where(inArray(noticeRegions.regionCode, inRegion));
  const noticeRows = await tx.select().from(notices).where(and(eq(notices.status, "published"), inArray(notices.id, noticeIds))).orderBy(desc(notices.updatedAt)).limit(LIMIT);
  const events = await tx
    .select({ id: designationEvents.id, kind: designationEvents.kind, on: designationEvents.occurredOn, title: designationEvents.title, description: designationEvents.description, honour: designations.honour, name: regions.name, code: regions.code })
    .from(designationEvents)
    .innerJoin(designations, eq(designations.id, designationEvents.designationId))
    .innerJoin(regions, eq(regions.code, designations.regionCode))
    .where(eq(regions.prefectureCode, prefectureCode))
    .orderBy(desc(designationEvents.occurredOn), desc(designationEvents.id))
    .limit(LIMIT);
  const eventDate = (on: string) => shanghaiStartOfDay(on);
  const fixes = await publicRectifications(tx, { prefecture: prefectureCode });
  const updated = latest([...noticeRows.map((n) => n.updatedAt), ...events.map((e) => eventDate(e.on)), ...fixes.map((r) => r.publishedAt!)]);
  const feed = newFeed(`/feeds/regions/${prefectureCode}.xml`, `${region.name}动态`, `${region.name}的通知公告和城镇称号变化`, updated);
  addNotices(feed, noticeRows);
  for (const e of events) {
    const honour = isHonour(e.honour) ? HONOURS[e.honour].label : e.honour;
    feed.addItem({
      title: `${e.name}（${honour}）：${DESIGNATION_EVENT_LABELS[e.kind] ?? e.kind}—${e.title}`,
      id: `${site}/towns/${e.code}#event-${e.id}`,
      link: `${site}/towns/${e.code}`,
      date: eventDate(e.on),
      description: e.description || undefined,
      category: [{ term: e.kind, name: DESIGNATION_EVENT_LABELS[e.kind] ?? e.kind }],
    });
  }
  for (const r of fixes) {
    feed.addItem({
      title: `${r.name}整改公示：${RECTIFICATION_STATUS_LABELS[r.status]}`,
      id: `${site}/rectifications#rectification-${r.id}`,
      link: `${site}/rectifications?prefecture=${prefectureCode}`,
      date: r.publishedAt!,
      description: `${r.problem}${r.dueOn ? `（整改期限 ${describeDeadline({ dueDate: r.dueOn, provisional: r.provisional })}）` : ""}${r.report ? ` 整改情况：${r.report}` : ""}`,
      category: [{ term: "rectification", name: "整改公示" }],
    });
  }
  feed.items.sort((a, b) => b.date.getTime() - a.date.getTime());
  feed.items.splice(LIMIT);
  return { xml: atom(feed, await noticeEnclosures(tx, noticeRows.filter((n) => feed.items.some((i) => i.id === `${site}/notices/${n.slug}`)))), updated };
}
