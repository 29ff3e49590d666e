import { describe, expect, it } from "vitest";
import { answerFromCache, isCacheablePath, keyPath, PageCache, pageCacheKey } from "../../../src/server/cache.ts";

const page = (s: string) => new TextEncoder().encode(s);

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("PageCache", () => {
  it("serves a stored page with a content ETag until its time to live runs out", () => {
    const c = clock();
    const cache = new PageCache({ ttlMs: 30_000, now: c.now });
    const stored = cache.set("/notices", page("<h1>通知</h1>"), { "content-type": "text/html" });
    expect(stored.etag).toMatch(/^"/);
    expect(cache.get("/notices")?.headers.etag).toBe(stored.etag);
    c.advance(30_000);
    expect(cache.get("/notices")?.body).toEqual(page("<h1>通知</h1>"));
    c.advance(1);
    expect(cache.get("/notices")).toBeUndefined();
    // Kept, though, for when rendering it again fails because the database is away.
    expect(cache.stale("/notices")).toMatchObject({ etag: stored.etag, stale: true });
    expect(cache.stale("/other")).toBeUndefined();
  });

  it("serves every page it holds, whatever its age, as stale while the database is unreachable", () => {
    const c = clock();
    let unreachable = false;
    const cache = new PageCache({ ttlMs: 30_000, now: c.now, unreachable: () => unreachable });
    cache.set("/", page("首页"), {});
    c.advance(120_000);
    expect(cache.get("/")).toBeUndefined();
    unreachable = true;
    expect(cache.get("/")).toMatchObject({ body: page("首页"), stale: true });
    expect(answerFromCache(cache.get("/")!, null).headers["x-cache"]).toBe("STALE");
    unreachable = false;
    expect(cache.get("/")).toBeUndefined();
  });

  it("gives different bodies different ETags", () => {
    const cache = new PageCache();
    const a = cache.set("/a", page("甲"), {});
    const b = cache.set("/b", page("乙"), {});
    expect(a.etag).not.toBe(b.etag);
  });

  it("evicts the least recently used page when full", () => {
    const cache = new PageCache({ maxEntries: 2 });
    cache.set("/a", page("a"), {});
    cache.set("/b", page("b"), {});
    cache.get("/a"); // /b is now the oldest
    cache.set("/c", page("c"), {});
    expect(cache.get("/b")).toBeUndefined();
    expect(cache.get("/a")).toBeDefined();
    expect(cache.get("/c")).toBeDefined();
  });

  it("drops just the pages asked for", () => {
    const cache = new PageCache();
    for (const key of ["/", "/search?q=a", "/search.json?q=a", "/searchlight"]) cache.set(key, page(key), {});
    expect(cache.drop((key) => /^\/search(\.json)?(\?|$)/.test(key))).toBe(2);
    expect(cache.get("/")).toBeDefined();
    expect(cache.get("/searchlight")).toBeDefined();
    expect(cache.get("/search?q=a")).toBeUndefined();
  });

  it("drops everything when the publish generation moves, not on the first observation", () => {
    const cache = new PageCache();
    expect(cache.observeGeneration(7)).toBe(false);
    cache.set("/", page("home"), {});
    expect(cache.observeGeneration(7)).toBe(false);
    expect(cache.get("/")).toBeDefined();
    expect(cache.observeGeneration(8)).toBe(true);
    expect(cache.observeGeneration("8:1")).toBe(true);
    expect(cache.get("/")).toBeUndefined();
  });
});

describe("answerFromCache", () => {
  it("answers 304 to a current validator and the stored page otherwise", () => {
    const stored = new PageCache().set("/", page("首页"), { "content-type": "text/html", "cache-control": "public, max-age=10" });
    expect(answerFromCache(stored, `W/${stored.etag}, "other"`)).toEqual({ status: 304, headers: { etag: stored.etag, "cache-control": "public, max-age=10", "x-cache": "HIT" }, body: null });
    const full = answerFromCache(stored, '"stale"');
    expect(full.status).toBe(200);
    expect(full.body).toEqual(page("首页"));
    expect(full.headers).toMatchObject({ "content-type": "text/html", etag: stored.etag, "content-length": String(page("首页").byteLength), "x-cache": "HIT" });
  });
});

describe("isCacheablePath", () => {
  it("keeps personal and back-office pages out of the cache", () => {
    for (const p of ["/report", "/track", "/admin/cases", "/api/reports", "/api/report-challenge"]) expect(isCacheablePath(p), p).toBe(false);
    for (const p of ["/", "/notices/x", "/publicity/1", "/search", "/feeds/notices.xml", "/reporting-guide"]) expect(isCacheablePath(p), p).toBe(true);
  });
});

describe("page cache keys and display modes", () => {
  it("keeps the elder-mode page apart from the standard one for the same URL", () => {
    const cache = new PageCache();
    const standard = pageCacheKey("/publicity/1", "session=x");
    const elder = pageCacheKey("/publicity/1", "session=x; display_mode=elder");
    expect(standard).toBe("/publicity/1");
    expect(elder).not.toBe(standard);
    const a = cache.set(standard, page('<html data-mode="standard">'), {});
    const b = cache.set(elder, page('<html class="elder" data-mode="elder">'), {});
    expect(a.etag).not.toBe(b.etag);
    expect(cache.get(standard)?.etag).toBe(a.etag);
    expect(cache.get(elder)?.etag).toBe(b.etag);
    expect(keyPath(elder)).toBe("/publicity/1");
  });

  it("drops the pages of a path in both modes", () => {
    const cache = new PageCache();
    cache.set(pageCacheKey("/search?q=a", null), page("a"), {});
    cache.set(pageCacheKey("/search?q=a", "display_mode=elder"), page("A"), {});
    cache.set(pageCacheKey("/", "display_mode=elder"), page("home"), {});
    expect(cache.drop((key) => key.startsWith("/search?"))).toBe(2);
    expect(cache.size).toBe(1);
  });

  it("keeps Vary on a 304", () => {
    const cache = new PageCache();
    const stored = cache.set("/", page("x"), { vary: "Cookie", "cache-control": "public, max-age=10" });
    expect(answerFromCache(stored, stored.etag).headers).toMatchObject({ vary: "Cookie", etag: stored.etag });
  });

  it("never caches the mode switch", () => {
    expect(isCacheablePath("/mode")).toBe(false);
  });
});
