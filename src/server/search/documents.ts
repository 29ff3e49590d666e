// Search documents built from the database; the same builders serve the outbox worker and a full reindex.
import { asc, eq, inArray, ne } from "drizzle-orm";
import { designations, noticeAttachments, noticeRegions, notices, publicityEntries, publicityLists, regions } from "../../../db/schema.ts";
import { DESIGNATION_STATUS_LABELS, isDesignationStatus } from "../../domain/designations.ts";
import { HONOURS, type Honour } from "../../domain/honours.ts";
import type { Tx } from "../db.ts";
import { NOTICE_TYPE_LABELS } from "../notices.ts";
import { STATIC_PAGES } from "./pages.ts";
import { cjkBigrams, docNumberKeys } from "./text.ts";

/** The indexes the outbox names (db/schema.ts `search_outbox.index_name`). */
export type IndexName = "notices" | "publicity" | "towns";
export const INDEX_NAMES: IndexName[] = ["notices", "publicity", "towns"];
/** Every index searched: the outbox's, and the portal's own pages, which only a reindex writes. */
export type SearchIndexName = IndexName | "pages";
export const SEARCH_INDEXES: SearchIndexName[] = [...INDEX_NAMES, "pages"];

const year = (date: string) => Number(date.slice(0, 4));
const honourLabel = (h: string) => HONOURS[h as Honour]?.label ?? h;
const statusLabel = (s: string) => (isDesignationStatus(s) ? DESIGNATION_STATUS_LABELS[s] : "");

/** Strip Markdown syntax so highlighted snippets read as prose. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^[#>\-*+|\s]+/gm, "")
    .replace(/[*_`|]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export async function noticeDocuments(tx: Tx, ids?: number[]) {
  const rows = await tx
    .select()
    .from(notices)
    .where(ids ? inArray(notices.id, ids) : eq(notices.status, "published"));
  const published = rows.filter((n) => n.status === "published");
  const links = published.length
    ? await tx
        .select({ noticeId: noticeRegions.noticeId, prefectureCode: regions.prefectureCode })
        .from(noticeRegions)
        .innerJoin(regions, eq(regions.code, noticeRegions.regionCode))
        .where(inArray(noticeRegions.noticeId, published.map((n) => n.id)))
    : [];
  const files = published.length
    ? await tx.select({ noticeId: noticeAttachments.noticeId, filename: noticeAttachments.filename }).from(noticeAttachments).where(inArray(noticeAttachments.noticeId, published.map((n) => n.id)))
    : [];
  const own = await ownIssuers(tx);
  return published.map((n) => {
    const mine = links.filter((l) => l.noticeId === n.id);
    return noticeDocument(
      n,
      [...new Set(mine.filter((l) => l.prefectureCode).map((l) => l.prefectureCode as string))],
      mine.length > 0 || isOwnIssuer(n.issuer, own),
      files.filter((f) => f.noticeId === n.id).map((f) => f.filename),
    );
  });
}

/**
 * The names with which the province's own issuers begin: the province (short and full: 内蒙古, 内蒙古自治区), its
 * leagues, cities and counties (鄂尔多斯市人民政府). Townships are left out, so that a short village name cannot claim
 * another province's document; a notice of another province or city (焦作, 相山, 云南 in the demo) is a reference
 * document. The same rule as the notice lists' 参考文件 mark (src/server/notices.ts).
 */
export async function ownIssuers(tx: Tx): Promise<string[]> {
  const rows = await tx.select({ name: regions.name, level: regions.level }).from(regions).where(ne(regions.level, "township"));
  return rows.flatMap((r) => (r.level === "province" ? [r.name, r.name.replace(/(壮族|回族|维吾尔)?(自治区|省|市)$/, "")] : [r.name]));
}

/** Whether a notice comes from the province itself: it names one of its regions, or its issuer is one of its own. */
export function isOwnIssuer(issuer: string, own: string[]): boolean {
  return own.some((name) => name && issuer.startsWith(name));
}

/** One notice as a search document; pure, so the benchmark corpus has exactly the production shape. */
export function noticeDocument(n: typeof notices.$inferSelect, prefectureCodes: string[], isOwn = true, attachmentNames: string[] = []) {
  return {
    id: String(n.id),
    kind: "notice",
    facetType: "notice",
    facetHonours: [] as string[],
    facetPrefectures: prefectureCodes,
    grams: cjkBigrams(n.title, n.issuer, ...attachmentNames),
    docNumberKeys: docNumberKeys(n.docNumber),
    slug: n.slug,
    // Residents look for 实施办法.pdf by its name as well as for the notice it belongs to.
    attachmentNames,
    title: n.title,
    docNumber: n.docNumber ?? "",
    type: n.type,
    typeLabel: NOTICE_TYPE_LABELS[n.type],
    issuer: n.issuer,
    issuedOn: n.issuedOn,
    year: year(n.issuedOn),
    summary: n.summary,
    body: plainText(n.body),
    // 1 for the province's own, 0 for reference documents of other regions: the last ranking rule, so own notices
    // come first among equally relevant ones.
    own: isOwn ? 1 : 0,
    isDemo: n.isDemo,
  };
}

export async function publicityDocuments(tx: Tx, ids?: number[]) {
  const lists = await tx.select().from(publicityLists).where(ids ? inArray(publicityLists.id, ids) : undefined);
  if (lists.length === 0) return [];
  const entries = await tx
    .select({ publicityId: publicityEntries.publicityId, honour: publicityEntries.honour, name: regions.name, prefectureCode: publicityEntries.prefectureCode })
    .from(publicityEntries)
    .innerJoin(regions, eq(regions.code, publicityEntries.regionCode))
    .where(inArray(publicityEntries.publicityId, lists.map((l) => l.id)));
  return lists
    .filter((l) => l.publishedAt !== null)
    .map((l) => {
      const mine = entries.filter((e) => e.publicityId === l.id);
      const prefectureCodes = [...new Set(mine.map((e) => e.prefectureCode).filter((c): c is string => !!c))];
      return {
        id: String(l.id),
        kind: "publicity",
        facetType: "publicity",
        facetHonours: l.honours,
        facetPrefectures: prefectureCodes,
        grams: cjkBigrams(l.title, ...mine.map((e) => e.name)),
        docNumberKeys: docNumberKeys(l.docNumber),
        title: l.title,
        docNumber: l.docNumber ?? "",
        description: l.description,
        honours: l.honours,
        honourLabels: l.honours.map(honourLabel),
        entryNames: mine.map((e) => e.name),
        prefectureCodes,
        opensAt: l.opensAt.getTime(),
        closesAt: l.closesAt.getTime(),
        year: Number(new Date(l.opensAt.getTime() + 8 * 3600_000).toISOString().slice(0, 4)),
        isDemo: l.isDemo,
      };
    });
}

/**
 * Towns are searched as places: one document per region of the province (all levels, 1,346 for 内蒙古), with
 * whatever designations it holds. Residents look for their own banner first, whether or not it holds an honour
 * (鄂托克前旗 has none), and one hit per place reads better than one per honour. `ids` are designation ids, as the
 * outbox names them: the documents of their regions are rebuilt.
 */
export async function townDocuments(tx: Tx, ids?: number[]) {
  let codes: string[] | undefined;
  if (ids) {
    codes = [...new Set((await tx.select({ code: designations.regionCode }).from(designations).where(inArray(designations.id, ids))).map((d) => d.code))];
    if (codes.length === 0) return [];
  }
  // By code: a county before its townships. Meilisearch breaks ties by the order documents arrive in, so the order
  // must not be the table's (an updated row, e.g. an English name entered, moves to the end of the heap).
  const rows = await tx.select().from(regions).where(codes ? inArray(regions.code, codes) : undefined).orderBy(asc(regions.code));
  const held = rows.length ? await tx.select().from(designations).where(inArray(designations.regionCode, rows.map((r) => r.code))) : [];
  // Prefecture and county names go into the document, so that 鄂尔多斯 also finds the towns of 鄂尔多斯市.
  const parentCodes = [...new Set(rows.flatMap((r) => [r.prefectureCode, r.parentCode]).filter((c): c is string => !!c))];
  const parents = parentCodes.length ? await tx.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, parentCodes)) : [];
  const nameOf = new Map(parents.map((p) => [p.code, p.name]));
  return rows.map((r) =>
    regionDocument(
      r,
      { prefectureName: r.level === "prefecture" ? "" : (nameOf.get(r.prefectureCode ?? "") ?? ""), parentName: r.level === "township" ? (nameOf.get(r.parentCode ?? "") ?? "") : "" },
      held.filter((d) => d.regionCode === r.code),
    ),
  );
}

type Designation = typeof designations.$inferSelect;
type Region = typeof regions.$inferSelect;

/** Where a region's hit leads: its page, or the register for the province itself (it has no page of its own). */
export function regionUrl(r: Pick<Region, "code" | "level">): string {
  return r.level === "province" ? "/towns" : `/towns/${r.code}`;
}

/** One region with its designations as a search document; pure, like noticeDocument. */
export function regionDocument(r: Region, names: { prefectureName: string; parentName: string }, held: Designation[]) {
  const sorted = [...held].sort((a, b) => a.honour.localeCompare(b.honour));
  const years = [...new Set(sorted.map((d) => (d.namedOn ? year(d.namedOn) : null)).filter((y): y is number => y !== null))];
  return {
    id: r.code,
    kind: "town",
    facetType: "town",
    facetHonours: sorted.map((d) => d.honour),
    facetPrefectures: r.prefectureCode ? [r.prefectureCode] : [],
    grams: cjkBigrams(r.name),
    regionCode: r.code,
    url: regionUrl(r),
    name: r.name,
    pinyin: r.pinyin,
    pinyinInitials: r.pinyinInitials,
    label: r.label ?? "",
    level: r.level,
    // The honours as residents read them: 国家卫生县（复审通过）, never a status code.
    honourLabel: sorted.map((d) => honourLabel(d.honour)).join("、"),
    honours: sorted.map((d) => ({ honour: d.honour, label: honourLabel(d.honour), status: d.status, statusLabel: statusLabel(d.status), namedOn: d.namedOn ?? "" })),
    statusLabels: [...new Set(sorted.map((d) => statusLabel(d.status)))],
    hasDesignation: sorted.length > 0,
    prefectureCode: r.prefectureCode ?? "",
    prefectureName: names.prefectureName,
    parentName: names.parentName,
    namedOn: sorted.map((d) => d.namedOn).filter(Boolean).sort()[0] ?? "",
    year: years,
    isDemo: sorted.some((d) => d.isDemo),
  };
}

/**
 * One designation with its region, as the benchmark builds its corpus (it repeats streets under several honours, so
 * its documents keep the designation's id to stay distinct).
 */
export function townDocument(d: Designation, r: Region, prefectureName: string) {
  return { ...regionDocument(r, { prefectureName, parentName: "" }, [d]), id: String(d.id) };
}

/** Pages of the portal itself, so that 月通报 finds /stats/monthly; no outbox, the list changes with a release. */
export function pageDocuments() {
  return STATIC_PAGES.map((p, i) => ({
    id: String(i + 1),
    kind: "page",
    facetType: "page",
    facetHonours: [] as string[],
    facetPrefectures: [] as string[],
    year: null,
    grams: cjkBigrams(p.title, p.keywords.join(" ")),
    url: p.url,
    title: p.title,
    keywords: p.keywords,
    description: p.description,
    isDemo: false,
  }));
}

export function documentsFor(index: SearchIndexName, tx: Tx, ids?: number[]) {
  switch (index) {
    case "pages":
      return Promise.resolve(ids ? [] : pageDocuments());
    case "notices":
      return noticeDocuments(tx, ids);
    case "publicity":
      return publicityDocuments(tx, ids);
    case "towns":
      return townDocuments(tx, ids);
  }
}
