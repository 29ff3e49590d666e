// What every search provider shares: the question (SearchQuery), the answer (SearchResult) and how a matching document
// becomes a hit. Meilisearch (service.ts) and the database fallback (database-provider.ts) both build on this module,
// so neither has to import the other.
import type { Tx } from "../db.ts";
import { NOTICE_TYPE_LABELS } from "../notices.ts";
import { publicityStatus, STATUS_LABELS } from "../../domain/publicity.ts";
import { highlightHtml } from "./text.ts";

export const PAGE_SIZE = 10;
export const KIND_LABELS = { notice: "通知公告", publicity: "社会公示", town: "地区", page: "本站栏目" } as const;
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
  /** A notice of another province or city, kept for reference (参考文件), not one of the province's own. */
  isReference: boolean;
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

/**
 * One way of answering a search. `degraded` is the caller's to decide (the database answers as a fallback), so a
 * provider leaves it out.
 */
export interface SearchProvider {
  /** `now` decides whether a publicity list reads 即将开始, 公示中 or 已结束. */
  search(tx: Tx, query: SearchQuery, now: Date): Promise<Omit<SearchResult, "degraded">>;
}

/** A matching document as a provider hands it over: its fields, and the highlighted copies of them in `_formatted`. */
export type SearchDocument = Record<string, unknown> & { id: string; _formatted?: Record<string, unknown>; _federation?: { indexUid: string } };

export function hitFromDocument(kind: HitKind, doc: SearchDocument, now: Date): SearchHit {
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
        isReference: doc.own === 0,
      };
    case "publicity":
      return {
        kind,
        id: doc.id,
        url: `/publicity/${doc.id}`,
        titleHtml: highlightHtml(text(f.title)),
        snippetHtml: highlightHtml(`公示对象：${text(f.entryNames)}`),
        meta: [
          typeof doc.opensAt === "number" && typeof doc.closesAt === "number" ? STATUS_LABELS[publicityStatus({ opensAt: new Date(doc.opensAt), closesAt: new Date(doc.closesAt) }, now)] : "",
          text(doc.honourLabels),
          doc.docNumber as string,
        ].filter(Boolean),
        isDemo: doc.isDemo === true,
        isReference: false,
      };
    case "town": {
      const honours = (doc.honours ?? []) as { label: string; statusLabel: string; namedOn: string }[];
      return {
        kind,
        id: doc.id,
        url: (doc.url as string | undefined) ?? `/towns/${doc.regionCode as string}`,
        titleHtml: highlightHtml(text(f.honourLabel) ? `${text(f.name)} · ${text(f.honourLabel)}` : text(f.name)),
        snippetHtml: highlightHtml([text(f.prefectureName), text(f.parentName), text(doc.label)].filter(Boolean).join(" · ")),
        // Status labels from the domain (复审通过, 公示中 …), never the codes behind them.
        meta: honours.length
          ? honours.map((h) => `${h.label}：${h.statusLabel}${h.namedOn ? `（命名于 ${h.namedOn}）` : ""}`)
          : ["暂无全国健康城镇或国家卫生城镇称号记录"],
        isDemo: doc.isDemo === true,
        isReference: false,
      };
    }
    case "page":
      return {
        kind,
        id: doc.id,
        url: doc.url as string,
        titleHtml: highlightHtml(text(f.title)),
        snippetHtml: highlightHtml(text(f.description)),
        meta: [],
        isDemo: false,
        isReference: false,
      };
  }
}
