// The database answers searches when Meilisearch cannot: substring matching (which also finds words inside longer
// words), the same synonyms and 文号 forms, pinyin for places, the portal's own pages, facets counted in memory over
// the candidates.
import { and, asc, eq, ilike, inArray, isNotNull, like, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { designations, noticeRegions, notices, publicityEntries, publicityLists, regions } from "../../../db/schema.ts";
import { DESIGNATION_STATUS_LABELS } from "../../domain/designations.ts";
import { HONOURS, isHonour } from "../../domain/honours.ts";
import type { Tx } from "../db.ts";
import { isOwnIssuer, ownIssuers, pageDocuments, regionDocument } from "./documents.ts";
import { hitFromDocument, PAGE_SIZE, type HitKind, type SearchProvider, type SearchQuery, type SearchResult } from "./provider.ts";
import { MARK_CLOSE, MARK_OPEN, SYNONYMS } from "./text.ts";

const CANDIDATES = 300;

/** A notice's attachment names in one string, so that 实施办法.pdf finds its notice as it does on Meilisearch. */
const attachmentNames = sql`(select coalesce(string_agg(a.filename, ' '), '') from notice_attachments a where a.notice_id = ${notices.id})`;

function variants(word: string): string[] {
  const doc = /^[〔［\[（(【]?(\d{4})[〕］\]）)】年]第?(\d{1,4})号?$/.exec(word);
  const extra = doc ? [`〔${doc[1]}〕${doc[2]}号`] : [];
  // Own keys only: a query word such as `constructor` or `toString` must not find Object.prototype's members (500).
  return [word, ...(Object.hasOwn(SYNONYMS, word) ? SYNONYMS[word]! : []), ...extra];
}

function matchAll(words: string[], columns: (PgColumn | SQL)[]): SQL | undefined {
  return and(...words.map((w) => or(...variants(w).flatMap((v) => columns.map((c) => ilike(c as PgColumn, `%${v.replace(/[%_\\]/g, "")}%`))))));
}

function mark(text: string, words: string[]): string {
  let out = text;
  for (const w of words.flatMap(variants).sort((a, b) => b.length - a.length)) {
    if (!w) continue;
    out = out.split(w).join(`${MARK_OPEN}${w}${MARK_CLOSE}`);
  }
  return out;
}

function crop(text: string, words: string[], around = 40): string {
  const at = Math.max(0, ...words.map((w) => text.indexOf(w)).filter((i) => i >= 0).slice(0, 1));
  const chars = [...text];
  const start = Math.max(0, at - around);
  return `${start > 0 ? "…" : ""}${chars.slice(start, start + around * 3).join("")}${start + around * 3 < chars.length ? "…" : ""}`;
}

interface Candidate {
  kind: HitKind;
  doc: Record<string, unknown> & { id: string };
  facets: { type: string; honours: string[]; prefectures: string[]; years: number[] };
  score: number;
  /** The province's own document rather than another region's reference document. */
  own: boolean;
  date: string;
}

export async function searchDatabase(tx: Tx, query: SearchQuery, now = new Date()): Promise<Omit<SearchResult, "degraded">> {
  const started = performance.now();
  const words = query.q.trim().split(/\s+/).filter(Boolean);
  const pinyin = /^[a-z]+$/i.test(query.q.trim()) ? query.q.trim().toLowerCase() : null;
  const inTitle = (t: string) => (words.some((w) => variants(w).some((v) => t.includes(v))) ? 2 : 1);
  // A place named exactly as typed first (鄂托克旗 before 鄂托克前旗), then names that begin with it.
  const nameScore = (name: string) => (words.length === 1 && name === words[0] ? 4 : words.length === 1 && name.startsWith(words[0]!) ? 3 : inTitle(name));
  const candidates: Candidate[] = [];

  const noticeRows = await tx
    .select()
    .from(notices)
    .where(and(eq(notices.status, "published"), matchAll(words, [notices.title, notices.docNumber, notices.summary, notices.issuer, notices.body, attachmentNames])))
    .limit(CANDIDATES);
  const links = noticeRows.length
    ? await tx.select({ noticeId: noticeRegions.noticeId, pref: regions.prefectureCode }).from(noticeRegions).innerJoin(regions, eq(regions.code, noticeRegions.regionCode)).where(inArray(noticeRegions.noticeId, noticeRows.map((n) => n.id)))
    : [];
  const ownNames = await ownIssuers(tx);
  for (const n of noticeRows) {
    const mine = links.filter((l) => l.noticeId === n.id);
    const own = mine.length > 0 || isOwnIssuer(n.issuer, ownNames);
    const body = n.body.replace(/[#>*_`|]/g, "");
    candidates.push({
      kind: "notice",
      doc: { id: String(n.id), slug: n.slug, type: n.type, docNumber: n.docNumber ?? "", issuer: n.issuer, issuedOn: n.issuedOn, isDemo: n.isDemo, own: own ? 1 : 0, _formatted: { title: mark(n.title, words), summary: n.summary ? mark(n.summary, words) : "", body: mark(crop(body, words), words) } },
      facets: { type: "notice", honours: [], prefectures: [...new Set(mine.filter((l) => l.pref).map((l) => l.pref as string))], years: [Number(n.issuedOn.slice(0, 4))] },
      score: inTitle(n.title),
      own,
      date: n.issuedOn,
    });
  }

  const entryMatch = sql`exists (select 1 from ${publicityEntries} pe join ${regions} r on r.code = pe.region_code where pe.publicity_id = ${publicityLists.id} and (${or(...words.flatMap((w) => variants(w).map((v) => sql`r.name ilike ${`%${v}%`}`)))}))`;
  const lists = await tx
    .select()
    .from(publicityLists)
    .where(and(isNotNull(publicityLists.publishedAt), or(matchAll(words, [publicityLists.title, publicityLists.docNumber, publicityLists.description]), entryMatch)))
    .limit(CANDIDATES);
  const entries = lists.length
    ? await tx.select({ pid: publicityEntries.publicityId, name: regions.name, pref: publicityEntries.prefectureCode }).from(publicityEntries).innerJoin(regions, eq(regions.code, publicityEntries.regionCode)).where(inArray(publicityEntries.publicityId, lists.map((l) => l.id)))
    : [];
  for (const l of lists) {
    const mine = entries.filter((e) => e.pid === l.id);
    const opened = new Date(l.opensAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    candidates.push({
      kind: "publicity",
      doc: { id: String(l.id), docNumber: l.docNumber ?? "", opensAt: l.opensAt.getTime(), closesAt: l.closesAt.getTime(), honourLabels: l.honours.map((h) => (isHonour(h) ? HONOURS[h].label : h)), isDemo: l.isDemo, _formatted: { title: mark(l.title, words), entryNames: mark(mine.map((e) => e.name).join("、"), words) } },
      facets: { type: "publicity", honours: l.honours, prefectures: [...new Set(mine.map((e) => e.pref).filter((p): p is string => !!p))], years: [Number(opened.slice(0, 4))] },
      score: inTitle(l.title),
      own: true,
      date: opened,
    });
  }

  // Towns are regions, as in the index: every region of the province, with the labels of whatever it holds.
  const labelsOf = (column: PgColumn, labels: Record<string, string>) =>
    sql`case ${column} ${sql.join(Object.entries(labels).map(([k, v]) => sql`when ${k} then ${v}`), sql` `)} else '' end`;
  const heldLabels = sql<string>`coalesce((select string_agg(${labelsOf(designations.honour, Object.fromEntries(Object.entries(HONOURS).map(([k, v]) => [k, v.label])))} || ' ' || ${labelsOf(designations.status, DESIGNATION_STATUS_LABELS)}, ' ') from ${designations} where ${designations.regionCode} = ${regions.code}), '')`;
  const parentNames = sql<string>`coalesce((select string_agg(p.name, ' ') from regions p where p.code in (${regions.prefectureCode}, ${regions.parentCode}) and p.code <> ${regions.code}), '')`;
  const townWhere = pinyin ? or(like(regions.pinyin, `${pinyin}%`), like(regions.pinyinInitials, `${pinyin}%`)) : matchAll(words, [regions.name, heldLabels, parentNames]);
  // By code, as the index receives them: equal scores then keep a county before its townships.
  const places = await tx.select().from(regions).where(townWhere).orderBy(asc(regions.code)).limit(CANDIDATES);
  if (places.length) {
    const held = await tx.select().from(designations).where(inArray(designations.regionCode, places.map((r) => r.code)));
    const parentCodes = [...new Set(places.flatMap((r) => [r.prefectureCode, r.parentCode]).filter((c): c is string => !!c))];
    const nameOf = new Map((parentCodes.length ? await tx.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, parentCodes)) : []).map((p) => [p.code, p.name]));
    for (const r of places) {
      const doc = regionDocument(
        r,
        { prefectureName: r.level === "prefecture" ? "" : (nameOf.get(r.prefectureCode ?? "") ?? ""), parentName: r.level === "township" ? (nameOf.get(r.parentCode ?? "") ?? "") : "" },
        held.filter((d) => d.regionCode === r.code),
      );
      candidates.push({
        kind: "town",
        doc: { ...doc, _formatted: { name: mark(doc.name, words), honourLabel: mark(doc.honourLabel, words), prefectureName: mark(doc.prefectureName, words), parentName: mark(doc.parentName, words) } },
        facets: { type: "town", honours: doc.facetHonours, prefectures: doc.facetPrefectures, years: doc.year },
        score: pinyin ? (r.pinyin === pinyin || r.pinyinInitials === pinyin ? 4 : 3) : nameScore(r.name),
        own: true,
        date: doc.namedOn,
      });
    }
  }

  // The portal's own pages: a short list, matched in memory like the index matches them.
  for (const p of pageDocuments()) {
    const text = [p.title, ...p.keywords, p.description].join(" ").toLowerCase();
    if (!words.every((w) => variants(w).some((v) => text.includes(v.toLowerCase())))) continue;
    candidates.push({
      kind: "page",
      doc: { ...p, _formatted: { title: mark(p.title, words), description: mark(p.description, words) } },
      facets: { type: "page", honours: [], prefectures: [], years: [] },
      score: words.some((w) => p.title.includes(w) || p.keywords.includes(w)) ? 3 : 1,
      own: true,
      date: "",
    });
  }

  const keep = (c: Candidate, skip?: "type" | "honour" | "prefecture" | "year") =>
    (skip === "type" || !query.type || c.facets.type === query.type) &&
    (skip === "honour" || !query.honour || c.facets.honours.includes(query.honour)) &&
    (skip === "prefecture" || !query.prefecture || c.facets.prefectures.includes(query.prefecture)) &&
    (skip === "year" || !query.year || c.facets.years.includes(query.year));
  // Among equally good matches the province's own documents come first, as in the index's last ranking rule.
  const matching = candidates.filter((c) => keep(c)).sort((a, b) => b.score - a.score || Number(b.own) - Number(a.own) || b.date.localeCompare(a.date));
  const count = (values: (string | number | null)[][]) => {
    const out: Record<string, number> = {};
    for (const vs of values) for (const v of vs) if (v !== null) out[String(v)] = (out[String(v)] ?? 0) + 1;
    return out;
  };
  return {
    hits: matching.slice((query.page - 1) * PAGE_SIZE, query.page * PAGE_SIZE).map((c) => hitFromDocument(c.kind, c.doc, now)),
    total: matching.length,
    facets: {
      type: count(matching.map((c) => [c.facets.type])),
      honour: count(matching.map((c) => c.facets.honours)),
      prefecture: count(matching.map((c) => c.facets.prefectures)),
      year: count(matching.map((c) => c.facets.years)),
    },
    tookMs: performance.now() - started,
  };
}

/** The database as a search provider: what answers when Meilisearch is off or unreachable. */
export const databaseProvider: SearchProvider = { search: searchDatabase };
