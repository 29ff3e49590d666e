// Search documents built from the database; the same builders serve the outbox worker and a full reindex.
import { eq, inArray } from "drizzle-orm";
import { designations, noticeRegions, notices, publicityEntries, publicityLists, regions } from "../../../db/schema.ts";
import { HONOURS, type Honour } from "../../domain/honours.ts";
import type { Tx } from "../db.ts";
import { NOTICE_TYPE_LABELS } from "../notices.ts";
import { cjkBigrams, docNumberKeys } from "./text.ts";

export type IndexName = "notices" | "publicity" | "towns";
export const INDEX_NAMES: IndexName[] = ["notices", "publicity", "towns"];

const year = (date: string) => Number(date.slice(0, 4));
const honourLabel = (h: string) => HONOURS[h as Honour]?.label ?? h;

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
  return published.map((n) =>
    noticeDocument(n, [...new Set(links.filter((l) => l.noticeId === n.id && l.prefectureCode).map((l) => l.prefectureCode as string))]),
  );
}

/** One notice as a search document; pure, so the benchmark corpus has exactly the production shape. */
export function noticeDocument(n: typeof notices.$inferSelect, prefectureCodes: string[]) {
  return {
    id: String(n.id),
    kind: "notice",
    facetType: "notice",
    facetHonours: [] as string[],
    facetPrefectures: prefectureCodes,
    grams: cjkBigrams(n.title, n.issuer),
    docNumberKeys: docNumberKeys(n.docNumber),
    slug: n.slug,
    title: n.title,
    docNumber: n.docNumber ?? "",
    type: n.type,
    typeLabel: NOTICE_TYPE_LABELS[n.type],
    issuer: n.issuer,
    issuedOn: n.issuedOn,
    year: year(n.issuedOn),
    summary: n.summary,
    body: plainText(n.body),
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

export async function townDocuments(tx: Tx, ids?: number[]) {
  const rows = await tx
    .select({ d: designations, r: regions })
    .from(designations)
    .innerJoin(regions, eq(regions.code, designations.regionCode))
    .where(ids ? inArray(designations.id, ids) : undefined);
  const prefectureCodes = [...new Set(rows.map((x) => x.r.prefectureCode).filter((c): c is string => !!c))];
  const prefectures = prefectureCodes.length
    ? await tx.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, prefectureCodes))
    : [];
  const prefectureName = new Map(prefectures.map((p) => [p.code, p.name]));
  return rows.map(({ d, r }) => townDocument(d, r, prefectureName.get(r.prefectureCode ?? "") ?? ""));
}

/** One designation with its region as a search document. */
export function townDocument(d: typeof designations.$inferSelect, r: typeof regions.$inferSelect, prefectureName: string) {
  return {
    id: String(d.id),
    kind: "town",
    facetType: "town",
    facetHonours: [d.honour],
    facetPrefectures: r.prefectureCode ? [r.prefectureCode] : [],
    grams: cjkBigrams(r.name),
    regionCode: r.code,
    name: r.name,
    pinyin: r.pinyin,
    pinyinInitials: r.pinyinInitials,
    label: r.label ?? "",
    level: r.level,
    honour: d.honour,
    honourLabel: honourLabel(d.honour),
    status: d.status,
    prefectureCode: r.prefectureCode ?? "",
    prefectureName,
    namedOn: d.namedOn ?? "",
    year: d.namedOn ? year(d.namedOn) : null,
    isDemo: d.isDemo,
  };
}

export function documentsFor(index: IndexName, tx: Tx, ids?: number[]) {
  switch (index) {
    case "notices":
      return noticeDocuments(tx, ids);
    case "publicity":
      return publicityDocuments(tx, ids);
    case "towns":
      return townDocuments(tx, ids);
  }
}
