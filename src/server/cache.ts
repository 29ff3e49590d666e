// Page cache for public GET pages. When a publicity list opens, many people load the same few pages at once; per-
// request rendering reaches about a fifth of what the server does for a static file, so rendered pages are kept here
// and served again until a publish invalidates them. Every publish writes the search outbox or the alert queue in
// its transaction; a poller sees either grow and clears the cache, so nothing stale survives a publish by more than
// a few seconds.
//
// While the database cannot be reached, nothing is dropped: pages are served from here whatever their age, marked
// `X-Cache: STALE` (serve-stale-on-error), and a page that fails to render for that reason is answered with its last
// copy if there is one (src/server/unavailable.ts). When the poll gets through again, the cache is cleared once,
// since something may have been published meanwhile, and normal invalidation resumes.
import { databaseDown, isConnectionFailure, isDatabaseUnavailable, markDatabaseDown } from "./availability.ts";
import { etagOf } from "./conditional.ts";
import { config } from "./config.ts";
import { modeFromCookieHeader } from "./display-mode.ts";
import { dropReference } from "./reference.ts";
import { compressSync, heldEtag, holdsEntity, isCompressibleType, MIN_COMPRESS_BYTES, pickEncoding, variantEtag, withVaryAcceptEncoding, type Encoding } from "./http/compress.ts";

export interface CachedPage {
  body: Uint8Array;
  etag: string;
  headers: Record<string, string>;
  storedAt: number;
  /** Text worth compressing: answered in brotli or gzip as the client accepts (src/server/http/compress.ts). */
  compressible: boolean;
  /**
   * The body in each encoding a client has asked for, each under its own ETag: made on the first request for that
   * encoding, so a hit stays a lookup and a write. Shared by the copies `get()` hands out.
   */
  variants: Partial<Record<Encoding, { body: Uint8Array; etag: string }>>;
  /** Served past its time to live or unchecked, because the database is unreachable. */
  stale?: boolean;
}

export const PUBLIC_MAX_AGE = 10;
/** Even without a publish, nothing is served from the cache for longer than this. */
export const CACHE_TTL_MS = 30_000;
export const POLL_INTERVAL_MS = 1500;

/** Paths whose responses depend on the person or change on every request: never cached. */
const PRIVATE = [/^\/mode(\/|$)/, /^\/report(\/|$)/, /^\/track(\/|$)/, /^\/alerts(\/|$)/, /^\/admin(\/|$)/, /^\/staff(\/|$)/, /^\/api\/report/, /^\/api\/reports/, /^\/_/];

export function isCacheablePath(pathname: string): boolean {
  return !PRIVATE.some((r) => r.test(pathname));
}

// Elder mode (src/server/display-mode.ts) renders other HTML for the same URL: its pages are kept under their own
// key, the URL plus this suffix. A newline never reaches here inside a request URL (Node's parser refuses it), so
// no URL can collide with an elder key.
const ELDER_SUFFIX = "\n[elder]";

/** The cache key of a request: its path and query, and the display mode its cookie chose. */
export function pageCacheKey(pathAndQuery: string, cookieHeader: string | null | undefined): string {
  return modeFromCookieHeader(cookieHeader) === "elder" ? pathAndQuery + ELDER_SUFFIX : pathAndQuery;
}

/** The path and query a key stands for, whichever mode it was stored for. */
export function keyPath(key: string): string {
  return key.endsWith(ELDER_SUFFIX) ? key.slice(0, -ELDER_SUFFIX.length) : key;
}

export class PageCache {
  #entries = new Map<string, CachedPage>();
  #generation: string | number | null = null;
  readonly maxEntries: number;
  readonly ttlMs: number;
  readonly now: () => number;
  readonly unreachable: () => boolean;

  constructor(opts: { maxEntries?: number; ttlMs?: number; now?: () => number; unreachable?: () => boolean } = {}) {
    this.maxEntries = opts.maxEntries ?? 500;
    this.ttlMs = opts.ttlMs ?? CACHE_TTL_MS;
    this.now = opts.now ?? Date.now;
    this.unreachable = opts.unreachable ?? databaseDown;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * A page within its time to live; while the database is unreachable, any stored page, marked stale. A page past
   * its time to live is kept (until replaced, evicted or cleared) for `stale()`.
   */
  get(key: string): CachedPage | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (this.unreachable()) return { ...this.#touch(key, hit), stale: true };
    if (this.now() - hit.storedAt > this.ttlMs) return undefined;
    return this.#touch(key, hit);
  }

  /** Any stored page however old, marked stale: the answer when rendering failed because the database is away. */
  stale(key: string): CachedPage | undefined {
    const hit = this.#entries.get(key);
    return hit && { ...this.#touch(key, hit), stale: true };
  }

  #touch(key: string, hit: CachedPage): CachedPage {
    // Map order is insertion order: re-inserting makes this the most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit;
  }

  set(key: string, body: Uint8Array, headers: Record<string, string>): CachedPage {
    const compressible = isCompressibleType(headers["content-type"]) && !headers["content-encoding"] && body.byteLength >= MIN_COMPRESS_BYTES;
    const page: CachedPage = { body, etag: etagOf(body), headers: { ...headers }, storedAt: this.now(), compressible, variants: {} };
    page.headers.etag = page.etag;
    if (compressible) page.headers.vary = withVaryAcceptEncoding(page.headers.vary);
    this.#entries.delete(key);
    this.#entries.set(key, page);
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return page;
  }

  /** Drops every page, and the reference data pages are made from (src/server/reference.ts). */
  clear(): void {
    this.#entries.clear();
    dropReference();
  }

  /** Drops the pages whose path and query match, in both display modes, e.g. search results once the index has changed. */
  drop(matches: (key: string) => boolean): number {
    let dropped = 0;
    for (const key of [...this.#entries.keys()]) if (matches(keyPath(key)) && this.#entries.delete(key)) dropped += 1;
    return dropped;
  }

  /** Called with the latest outbox id; a change means something was published: everything goes. */
  observeGeneration(generation: string | number): boolean {
    const changed = this.#generation !== null && generation !== this.#generation;
    this.#generation = generation;
    if (changed) this.clear();
    return changed;
  }
}

/**
 * The answer to a request for a cached page: 304 when the client holds the current page in any encoding (repeating
 * the tag it holds), else the stored page in the encoding its Accept-Encoding prefers.
 */
export function answerFromCache(
  hit: CachedPage,
  ifNoneMatch: string | null | undefined,
  acceptEncoding?: string | null,
): { status: 200 | 304; headers: Record<string, string>; body: Uint8Array | null } {
  const xCache = hit.stale ? "STALE" : "HIT";
  if (holdsEntity(ifNoneMatch, hit.etag)) {
    const headers: Record<string, string> = { etag: heldEtag(ifNoneMatch, hit.etag), "cache-control": hit.headers["cache-control"] ?? "", "x-cache": xCache };
    if (hit.headers.vary) headers.vary = hit.headers.vary;
    return { status: 304, headers, body: null };
  }
  const encoding = hit.compressible ? pickEncoding(acceptEncoding) : null;
  if (!encoding) return { status: 200, headers: { ...hit.headers, "content-length": String(hit.body.byteLength), "x-cache": xCache }, body: hit.body };
  const variant = (hit.variants[encoding] ??= { body: compressSync(hit.body, encoding), etag: variantEtag(hit.etag, encoding) });
  return {
    status: 200,
    headers: { ...hit.headers, etag: variant.etag, "content-encoding": encoding, "content-length": String(variant.body.byteLength), "x-cache": xCache },
    body: variant.body,
  };
}

// One cache per process, shared through globalThis because the start script's fast path and the Astro bundle load
// this module as two separate copies.
const KEY = Symbol.for("health-towns.page-cache");
type Holder = { cache?: PageCache; enabled?: boolean; polling?: boolean; missed?: boolean };
const holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= {});

export function pageCache(): PageCache {
  holder.cache ??= new PageCache();
  return holder.cache;
}

export function cacheEnabled(): boolean {
  return holder.enabled ?? config().PAGE_CACHE === "on";
}

export function setCacheEnabled(enabled: boolean): void {
  holder.enabled = enabled;
}

/** Starts the outbox poller once per process. */
export function startInvalidation(readGeneration: () => Promise<string | number>, onError: (err: Error) => void): void {
  if (holder.polling) return;
  holder.polling = true;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const generation = await readGeneration();
      // Back after the database was away: whatever was published meanwhile, start afresh.
      if (holder.missed) pageCache().clear();
      holder.missed = false;
      pageCache().observeGeneration(generation);
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        // Keep serving what we hold (marked STALE) rather than fail every page while the database is away.
        if (isConnectionFailure(err)) markDatabaseDown();
        // Told once per outage, not every 1.5 s.
        if (!holder.missed) onError(err as Error);
        holder.missed = true;
      } else {
        // Any other failure: without a fresh generation, drop everything rather than risk serving stale pages.
        pageCache().clear();
        onError(err as Error);
      }
    } finally {
      running = false;
    }
  };
  void tick();
  setInterval(tick, POLL_INTERVAL_MS).unref();
}
