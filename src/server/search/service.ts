// Site search 站内搜索 across notices, publicity lists and towns (DESIGN.md §6). Meilisearch answers with federated
// ranking, facets and highlights; when it is off or unreachable the database answers the same question and the page
// says 搜索服务降级 — search never fails.
import type { Meilisearch } from "meilisearch";
import { HONOURS, isHonour } from "../../domain/honours.ts";
import type { Tx } from "../db.ts";
import { log } from "../log.ts";
import { databaseProvider } from "./database-provider.ts";
import { SEARCH_INDEXES, type SearchIndexName } from "./documents.ts";
import { KIND_LABELS, PAGE_SIZE, hitFromDocument, type HitKind, type SearchDocument, type SearchQuery, type SearchResult } from "./provider.ts";
import { docNumberQuery, MARK_CLOSE, MARK_OPEN } from "./text.ts";

// The shared types stay importable from here, where the pages and tests have always found them.
export { hitFromDocument, KIND_LABELS, PAGE_SIZE, type HitKind, type SearchHit, type SearchQuery, type SearchResult } from "./provider.ts";

export const MAX_QUERY_LENGTH = 200;

const INDEX_KIND: Record<SearchIndexName, HitKind> = { notices: "notice", publicity: "publicity", towns: "town", pages: "page" };

function filterFor(query: SearchQuery): string[] {
  const f: string[] = [];
  if (query.type) f.push(`facetType = "${query.type}"`);
  if (query.honour) f.push(`facetHonours = "${query.honour}"`);
  if (query.prefecture) f.push(`facetPrefectures = "${query.prefecture}"`);
  if (query.year) f.push(`year = ${query.year}`);
  return f;
}

const FACET_FIELDS = ["facetType", "facetHonours", "facetPrefectures", "year"];

// fetch asks for gzip/br by default and Meilisearch then compresses its answer, after and outside its
// processingTimeMs: on a 10–15 KB federated answer that took 40–60 ms at p95 where the search itself took 10–15
// (npm run bench, search). Between the portal and its search engine the bytes cost nothing; the time did.
const QUERY_REQUEST: RequestInit = { headers: { "accept-encoding": "identity" } };

// What hitFromDocument reads (and the fields it highlights): not the search-only fields — the bigrams, pinyin, 文号
// keys — which would come back twice, as they are and in _formatted, in every hit.
const RETRIEVED = [
  "id", "slug", "url", "type", "docNumber", "issuer", "issuedOn", "isDemo", "own", "opensAt", "closesAt", "honourLabels", "honours", "regionCode", "label",
  "title", "name", "summary", "body", "entryNames", "honourLabel", "prefectureName", "parentName", "description",
];

export async function searchMeili(client: Meilisearch, query: SearchQuery, now = new Date()): Promise<SearchResult> {
  const started = performance.now();
  const filter = filterFor(query);
  const key = docNumberQuery(query.q);
  const q = key ? `${query.q} ${key}` : query.q;
  const res = await client.multiSearch({
    federation: {
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
      facetsByIndex: Object.fromEntries(SEARCH_INDEXES.map((n) => [n, FACET_FIELDS])),
      mergeFacets: { maxValuesPerFacet: 50 },
    },
    queries: SEARCH_INDEXES.map((indexUid) => ({
      indexUid,
      q,
      filter,
      matchingStrategy: "last",
      attributesToRetrieve: RETRIEVED,
      attributesToHighlight: ["title", "name", "summary", "body", "entryNames", "honourLabel", "prefectureName", "parentName", "description"],
      attributesToCrop: ["body:40", "summary:60"],
      cropMarker: "…",
      highlightPreTag: MARK_OPEN,
      highlightPostTag: MARK_CLOSE,
    })),
  }, QUERY_REQUEST);
  const dist = (res.facetDistribution ?? {}) as Record<string, Record<string, number>>;
  const hits = (res.hits as SearchDocument[]).map((h) => hitFromDocument(INDEX_KIND[h._federation!.indexUid as SearchIndexName], h, now));
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
export async function search(tx: Tx, client: Meilisearch | null, query: SearchQuery, now: Date): Promise<SearchResult> {
  if (client) {
    try {
      return await searchMeili(client, query, now);
    } catch (err) {
      log.warn({ err: (err as Error).message }, "Meilisearch unavailable; answering from the database");
    }
  }
  return { ...(await databaseProvider.search(tx, query, now)), degraded: true };
}

export function facetLabel(facet: "type" | "honour" | "prefecture" | "year", value: string, prefectureNames: Map<string, string>): string {
  if (facet === "type") return KIND_LABELS[value as HitKind] ?? value;
  if (facet === "honour") return isHonour(value) ? HONOURS[value].label : value;
  if (facet === "prefecture") return prefectureNames.get(value) ?? value;
  return `${value}年`;
}
