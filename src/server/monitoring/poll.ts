// The fetch job 舆情抓取任务: every feed source that is due is fetched (a few at a time), its new articles stored and
// matched (ingest.ts), and its state written back for the sources screen — validators for the next conditional GET,
// the last error as one line, and when to come back: the interval after an answer, doubling with each failure in a
// row up to a day. A source that fails never stops the others. Run from the scheduler's tick; a source is leased
// (its next fetch pushed past the fetch's timeout) by a conditional update before it is fetched, so two runners —
// an overrunning tick and the next one on another instance — never fetch the same source at once.
import { and, asc, eq, isNull, lte, or, sql } from "drizzle-orm";
import { monitorSources } from "../../../db/schema.ts";
import type { Matcher } from "../../domain/monitoring.ts";
import type { Db } from "../db.ts";
import { DEFAULT_FETCH, fetchFeed, type FetchOptions, type FetchResult } from "./fetch.ts";
import { ingestItems } from "./ingest.ts";
import { loadMatcher } from "./matcher.ts";

export interface PollOptions extends Partial<FetchOptions> {
  /** Between two fetches of a source that answers. */
  intervalMinutes?: number;
  /** Sources fetched at the same time. */
  concurrency?: number;
  /** Sources taken in one run; the rest are due at the next tick. */
  maxSources?: number;
}

export interface PollSummary {
  /** Sources that answered with a feed. */
  fetched: number;
  /** Sources that answered 304 Not Modified. */
  notModified: number;
  failed: number;
  added: number;
  candidates: number;
}

export const DEFAULT_INTERVAL_MINUTES = 15;
const CONCURRENCY = 4;
const MAX_SOURCES = 200;
/** The longest wait after failures in a row: a broken feed is still tried once a day. */
const MAX_BACKOFF_MS = 24 * 3600_000;
const MAX_ERROR = 200;

/** When a source is next due after `failures` failures in a row (0: it answered). */
export function nextFetchAfter(now: Date, intervalMinutes: number, failures: number): Date {
  const interval = intervalMinutes * 60_000;
  return new Date(now.getTime() + Math.min(interval * 2 ** failures, MAX_BACKOFF_MS));
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim().slice(0, MAX_ERROR);


export async function pollDueSources(db: Db, now: Date, opts: PollOptions = {}): Promise<PollSummary> {
  const summary: PollSummary = { fetched: 0, notModified: 0, failed: 0, added: 0, candidates: 0 };
  const intervalMinutes = opts.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES;
  const fetchOpts: FetchOptions = {
    timeoutMs: opts.timeoutMs ?? DEFAULT_FETCH.timeoutMs,
    maxBytes: opts.maxBytes ?? DEFAULT_FETCH.maxBytes,
    maxRedirects: opts.maxRedirects ?? DEFAULT_FETCH.maxRedirects,
    maxItems: opts.maxItems ?? DEFAULT_FETCH.maxItems,
  };
  const due = and(eq(monitorSources.kind, "feed"), eq(monitorSources.state, "active"), or(isNull(monitorSources.nextFetchAt), lte(monitorSources.nextFetchAt, now)));
  const candidates = await db
    .select({ id: monitorSources.id })
    .from(monitorSources)
    .where(due)
    .orderBy(sql`${monitorSources.nextFetchAt} asc nulls first`, asc(monitorSources.id))
    .limit(opts.maxSources ?? MAX_SOURCES);
  if (candidates.length === 0) return summary;

  // Built once per run, on the first feed that brings something: a word staff add counts from the next run on.
  let matcher: Promise<Matcher> | null = null;
  // Feeds are fetched side by side but stored one at a time: two transactions at once would each miss the other's
  // article, and a reprint carried by two feeds would be stored twice instead of once with alsoIn.
  let storing: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = storing.then(fn, fn);
    storing = run.catch(() => {});
    return run;
  };
  const lease = new Date(now.getTime() + fetchOpts.timeoutMs + 60_000);
  const queue = candidates.map((c) => c.id);

  const work = async (id: number) => {
    const [source] = await db
      .update(monitorSources)
      .set({ nextFetchAt: lease })
      .where(and(eq(monitorSources.id, id), due))
      .returning();
    if (!source?.url) return; // taken by another runner, paused or removed meanwhile
    let result: FetchResult = await fetchFeed(source.url, { etag: source.etag, lastModified: source.lastModified }, fetchOpts);
    if (result.status === "ok") {
      const ok = result;
      try {
        matcher ??= loadMatcher(db);
        const m = await matcher;
        const stored = await oneAtATime(() =>
          db.transaction(async (tx) => {
            const r = await ingestItems(tx, source, ok.items, now, m);
            await tx
              .update(monitorSources)
              .set({ etag: ok.etag, lastModified: ok.lastModified, lastFetchedAt: now, lastSuccessAt: now, lastError: null, failures: 0, nextFetchAt: nextFetchAfter(now, intervalMinutes, 0) })
              .where(eq(monitorSources.id, source.id));
            return r;
          }),
        );
        summary.fetched += 1;
        summary.added += stored.added;
        summary.candidates += stored.candidates;
        return;
      } catch (err) {
        matcher = null;
        result = { status: "error", message: `保存失败：${(err as Error).message}` };
      }
    }
    if (result.status === "not_modified") {
      await db
        .update(monitorSources)
        .set({ lastFetchedAt: now, lastSuccessAt: now, lastError: null, failures: 0, nextFetchAt: nextFetchAfter(now, intervalMinutes, 0) })
        .where(eq(monitorSources.id, source.id));
      summary.notModified += 1;
      return;
    }
    const failures = source.failures + 1;
    await db
      .update(monitorSources)
      .set({ lastFetchedAt: now, lastError: oneLine(result.message), failures, nextFetchAt: nextFetchAfter(now, intervalMinutes, failures) })
      .where(eq(monitorSources.id, source.id));
    summary.failed += 1;
  };

  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        await work(id);
      } catch {
        // The database itself failed for this source (its update included): it stays leased and is retried
        // once the lease runs out; the other sources go on.
        summary.failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? CONCURRENCY, queue.length) }, worker));
  return summary;
}
