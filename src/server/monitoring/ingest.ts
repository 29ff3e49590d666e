// Storing monitored articles 舆情条目入库: from a fetched feed or a manual paste. Each article is kept once — the same
// link, or a near-identical title already seen in the last days (a reprint on another site), adds the other source
// to the item instead of a second item — as plain text, matched (src/domain/monitoring.ts) and queued when it names a
// place of the province and a problem of the programme.
import { and, desc, eq, gte } from "drizzle-orm";
import { monitorItems, type StoredItemMatch } from "../../../db/schema.ts";
import { matchText, nearSameTitle, titleKey, type Matcher } from "../../domain/monitoring.ts";
import type { Tx } from "../db.ts";
import { loadMatcher } from "./matcher.ts";

export interface FeedItemInput {
  link: string;
  title: string;
  /** May carry markup: it is reduced to text here. A title is text as it stands ("<script>" in it is words). */
  summary: string;
  publishedAt: Date | null;
}

export interface IngestSource {
  id: number;
  defaultPrefectureCode: string | null;
}

export interface IngestResult {
  added: number;
  duplicates: number;
  candidates: number;
  /** The ids of the items added, in input order. */
  ids: number[];
}

/** How far back a reprint's title is compared: beyond it, the same title is news again. */
const NEAR_DUPLICATE_DAYS = 7;
const MAX_TITLE = 300;
const MAX_SUMMARY = 4000;
const MAX_LINK = 2000;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Markup to plain text: scripts and styles go whole, tags go, entities are decoded, spaces folded. */
export function plainText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<br\s*\/?>|<\/p\s*>/gi, "\n")
    // Inline markup sits inside a sentence: 小巷<b>垃圾</b>成堆 is 小巷垃圾成堆, not three words.
    .replace(/<\/?(?:a|b|i|u|em|strong|span|font|small|big|sub|sup|mark|abbr)\b[^>]*>/gi, "")
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
      if (e[0] === "#") {
        const n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : " ";
      }
      return ENTITIES[e.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\r\f\v\u00a0\u3000]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}

/** The link an article is known by: without its fragment and tracking parameters. Null when not http(s). */
export function canonicalLink(link: string): string | null {
  try {
    const u = new URL(link.trim());
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    u.hash = "";
    for (const k of [...u.searchParams.keys()]) if (/^(utm_|spm$|from$)/i.test(k)) u.searchParams.delete(k);
    const s = u.toString();
    return s.length <= MAX_LINK ? s : null;
  } catch {
    return null;
  }
}

export async function ingestItems(tx: Tx, source: IngestSource, input: readonly FeedItemInput[], now: Date, matcher?: Matcher): Promise<IngestResult> {
  const result: IngestResult = { added: 0, duplicates: 0, candidates: 0, ids: [] };
  if (input.length === 0) return result;
  const m = matcher ?? (await loadMatcher(tx));
  const since = new Date(now.getTime() - NEAR_DUPLICATE_DAYS * 24 * 3600_000);
  const recent = await tx
    .select({ id: monitorItems.id, title: monitorItems.title, sourceId: monitorItems.sourceId, alsoIn: monitorItems.alsoIn })
    .from(monitorItems)
    .where(gte(monitorItems.fetchedAt, since))
    .orderBy(desc(monitorItems.id))
    .limit(5000);
  for (const raw of input) {
    const link = canonicalLink(raw.link);
    const summary = plainText(raw.summary).slice(0, MAX_SUMMARY);
    const title = (raw.title.replace(/\s+/g, " ").trim() || summary.slice(0, 60)).slice(0, MAX_TITLE);
    if (!link || !title) continue;
    const [sameLink] = await tx.select({ id: monitorItems.id }).from(monitorItems).where(eq(monitorItems.link, link)).limit(1);
    if (sameLink) {
      result.duplicates += 1;
      continue;
    }
    const reprint = recent.find((r) => nearSameTitle(r.title, title));
    if (reprint) {
      result.duplicates += 1;
      if (reprint.sourceId !== source.id && !reprint.alsoIn.some((a) => a.sourceId === source.id)) {
        reprint.alsoIn = [...reprint.alsoIn, { sourceId: source.id, link }];
        await tx.update(monitorItems).set({ alsoIn: reprint.alsoIn }).where(eq(monitorItems.id, reprint.id));
      }
      continue;
    }
    const found = matchText(m, `${title}\n${summary}`);
    const match: StoredItemMatch = { places: found.places, words: found.words, honours: found.honours };
    let candidate = found.candidate;
    if (match.places.length === 0 && match.words.length > 0 && source.defaultPrefectureCode) {
      match.places = [{ surface: "", codes: [source.defaultPrefectureCode], fromSource: true }];
      candidate = true;
    }
    const [row] = await tx
      .insert(monitorItems)
      .values({ sourceId: source.id, link, titleKey: titleKey(title), title, summary, publishedAt: raw.publishedAt, fetchedAt: now, match, score: found.score, status: candidate ? "candidate" : "unmatched" })
      .onConflictDoNothing({ target: monitorItems.link })
      .returning({ id: monitorItems.id });
    if (!row) {
      result.duplicates += 1;
      continue;
    }
    recent.unshift({ id: row.id, title, sourceId: source.id, alsoIn: [] });
    result.added += 1;
    result.ids.push(row.id);
    if (candidate) result.candidates += 1;
  }
  return result;
}

/** Items of one source, newest first (tests and the sources screen's count). */
export async function itemsOfSource(tx: Tx, sourceId: number, limit = 50) {
  return tx.select().from(monitorItems).where(and(eq(monitorItems.sourceId, sourceId))).orderBy(desc(monitorItems.id)).limit(limit);
}
