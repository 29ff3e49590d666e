// Site search 站内搜索 across notices, publicity lists and towns (DESIGN.md §6). Meilisearch answers with federated
// ranking, facets and highlights; when it is off or unreachable the database answers the same question and the page
// says 搜索服务降级 — search never fails.
import type { Meilisearch } from "meilisearch";
import { HONOURS, isHonour } from "../../domain/honours.ts";
import type { Tx } from "../db.ts";
import { log } from "../log.ts";
import { NOTICE_TYPE_LABELS } from "../notices.ts";
import { searchDatabase } from "./database-provider.ts";
import { INDEX_NAMES, type IndexName } from "./documents.ts";
import { docNumberQuery, highlightHtml, MARK_CLOSE, MARK_OPEN } from "./text.ts";

export const MAX_QUERY_LENGTH = 200;
export const PAGE_SIZE = 10;
export const KIND_LABELS = { notice: "通知公告", publicity: "社会公示", town: "城镇" } as const;
export type HitKind = keyof typeof KIND_LABELS;

export interface SearchQuery {
  q: string;
  type?: HitKind | undefined;
  honour?: string | undefined;
  prefecture?: string | undefined;
  year?: number | undefined;
  page: number;
}

export interface SearchHit {
  kind: HitKind;
  id: string;
  url: string;
  /** Safe HTML: escaped text with <mark> around matches. */
  titleHtml: string;
  snippetHtml: string;
  meta: string[];
  isDemo: boolean;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  facets: { type: Record<string, number>; honour: Record<string, number>; prefecture: Record<string, number>; year: Record<string, number> };
  degraded: boolean;
  tookMs: number;
  /** Meilisearch's own processing time, for the benchmark's comparison. */
  engineMs?: number;
}

const INDEX_KIND: Record<IndexName, HitKind> = { notices: "notice", publicity: "publicity", towns: "town" };

function filterFor(query: SearchQuery): string[] {
  const f: string[] = [];
  if (query.type) f.push(`facetType = "${query.type}"`);
  if (query.honour) f.push(`facetHonours = "${query.honour}"`);
  if (query.prefecture) f.push(`facetPrefectures = "${query.prefecture}"`);
  if (query.year) f.push(`year = ${query.year}`);
  return f;
}

type Doc = Record<string, unknown> & { id: string; _formatted?: Record<string, unknown>; _federation?: { indexUid: string } };

export function hitFromDocument(kind: HitKind, doc: Doc): SearchHit {
  const f = (doc._formatted ?? doc) as Record<string, unknown>;
  const text = (v: unknown) => (Array.isArray(v) ? v.join("、") : typeof v === "string" ? v : "");
  switch (kind) {
    case "notice":
      return {
        kind,
        id: doc.id,
        url: `/notices/${doc.slug as string}`,
        titleHtml: highlightHtml(text(f.title)),
        snippetHtml: highlightHtml(text(f.summary) || text(f.body)),
        meta: [NOTICE_TYPE_LABELS[doc.type as keyof typeof NOTICE_TYPE_LABELS] ?? "", doc.docNumber as string, doc.issuer as string, doc.issuedOn as string].filter(Boolean),
        isDemo: doc.isDemo === true,
      };
    case "publicity":
      return {
        kind,
        id: doc.id,
        url: `/publicity/${doc.id}`,
        titleHtml: highlightHtml(text(f.title)),
        snippetHtml: highlightHtml(`公示对象：${text(f.entryNames)}`),
        meta: [text(doc.honourLabels), doc.docNumber as string].filter(Boolean),
        isDemo: doc.isDemo === true,
      };
    case "town":
      return {
        kind,
        id: doc.id,
        url: `/towns/${doc.regionCode as string}`,
        titleHtml: highlightHtml(`${text(f.name)} · ${text(f.honourLabel)}`),
        snippetHtml: highlightHtml(text(f.prefectureName)),
        meta: [doc.namedOn ? `命名于 ${doc.namedOn as string}` : "", doc.status as string].filter(Boolean),
        isDemo: doc.isDemo === true,
      };
  }
}

const FACET_FIELDS = ["facetType", "facetHonours", "facetPrefectures", "year"];

export async function searchMeili(client: Meilisearch, query: SearchQuery): Promise<SearchResult> {
  const started = performance.now();
  const filter = filterFor(query);
  const key = docNumberQuery(query.q);
  const q = key ? `${query.q} ${key}` : query.q;
  const res = await client.multiSearch({
    federation: {
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
      facetsByIndex: Object.fromEntries(INDEX_NAMES.map((n) => [n, FACET_FIELDS])),
      mergeFacets: { maxValuesPerFacet: 50 },
    },
    queries: INDEX_NAMES.map((indexUid) => ({
      indexUid,
      q,
      filter,
      matchingStrategy: "last",
      attributesToHighlight: ["title", "name", "summary", "body", "entryNames", "honourLabel", "prefectureName"],
      attributesToCrop: ["body:40", "summary:60"],
      cropMarker: "…",
      highlightPreTag: MARK_OPEN,
      highlightPostTag: MARK_CLOSE,
    })),
  });
  const dist = (res.facetDistribution ?? {}) as Record<string, Record<string, number>>;
  const hits = (res.hits as Doc[]).map((h) => hitFromDocument(INDEX_KIND[h._federation!.indexUid as IndexName], h));
  return {
    hits,
    total: (res as { estimatedTotalHits?: number }).estimatedTotalHits ?? hits.length,
    facets: { type: dist.facetType ?? {}, honour: dist.facetHonours ?? {}, prefecture: dist.facetPrefectures ?? {}, year: dist.year ?? {} },
    degraded: false,
    tookMs: performance.now() - started,
    engineMs: (res as { processingTimeMs?: number }).processingTimeMs,
  };
}

/** Meilisearch when there is one and it answers; the database otherwise. */
export async function search(tx: Tx, client: Meilisearch | null, query: SearchQuery): Promise<SearchResult> {
  if (client) {
    try {
      return await searchMeili(client, query);
    } catch (err) {
      log.warn({ err: (err as Error).message }, "Meilisearch unavailable; answering from the database");
    }
  }
  return { ...(await searchDatabase(tx, query)), degraded: true };
}

export function facetLabel(facet: "type" | "honour" | "prefecture" | "year", value: string, prefectureNames: Map<string, string>): string {
  if (facet === "type") return KIND_LABELS[value as HitKind] ?? value;
  if (facet === "honour") return isHonour(value) ? HONOURS[value].label : value;
  if (facet === "prefecture") return prefectureNames.get(value) ?? value;
  return `${value}年`;
}
