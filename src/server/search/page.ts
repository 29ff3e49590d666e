// What /search and /search.json need: the query parsed (a query over 200 characters is refused, not run), the
// search itself, and facet links that keep the other filters.
import { z } from "zod";
import { config } from "../config.ts";
import type { Tx } from "../db.ts";
import { listUrl } from "../query.ts";
import { prefectures } from "../towns.ts";
import { searchClient } from "./backend.ts";
import { facetLabel, MAX_QUERY_LENGTH, search, type SearchQuery, type SearchResult } from "./service.ts";

const schema = z.object({
  q: z.string().trim().max(MAX_QUERY_LENGTH, `搜索词最多 ${MAX_QUERY_LENGTH} 个字，请缩短后再搜索`).default(""),
  type: z.enum(["notice", "publicity", "town", "page"]).optional().catch(undefined),
  honour: z.string().regex(/^[a-z_]{3,30}$/).optional().catch(undefined),
  prefecture: z.string().regex(/^\d{6}$/).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(200).catch(1),
});

export type SearchPage =
  | { status: "invalid"; message: string; q: string }
  | { status: "empty"; query: SearchQuery }
  | { status: "ok"; query: SearchQuery; result: SearchResult; facets: FacetGroup[]; pages: number };

export interface FacetGroup {
  key: "type" | "honour" | "prefecture" | "year";
  title: string;
  options: { label: string; count: number; href: string; active: boolean }[];
}

const TITLES = { type: "类型", honour: "称号", prefecture: "盟市", year: "年份" } as const;

export async function searchPage(tx: Tx, params: URLSearchParams, now: Date): Promise<SearchPage> {
  const raw = Object.fromEntries([...params.entries()].filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues.find((i) => i.path[0] === "q")?.message ?? "搜索条件无效";
    return { status: "invalid", message, q: String(raw.q ?? "").slice(0, MAX_QUERY_LENGTH) };
  }
  const query: SearchQuery = parsed.data;
  if (!query.q) return { status: "empty", query };
  const result = await search(tx, searchClient(), query, now);
  const names = new Map((await prefectures(tx, config().PROVINCE_CODE)).map((p) => [p.code, p.name]));
  const base = { q: query.q, type: query.type, honour: query.honour, prefecture: query.prefecture, year: query.year };
  const facets: FacetGroup[] = (["type", "honour", "prefecture", "year"] as const).map((key) => ({
    key,
    title: TITLES[key],
    options: Object.entries(result.facets[key])
      .sort(([a, x], [b, y]) => (key === "year" ? Number(b) - Number(a) : y - x))
      .map(([value, count]) => {
        const active = String(base[key] ?? "") === value;
        return { label: facetLabel(key, value, names), count, active, href: listUrl("/search", { ...base, [key]: active ? undefined : value }) };
      }),
  }));
  return { status: "ok", query, result, facets, pages: Math.max(1, Math.ceil(result.total / 10)) };
}
