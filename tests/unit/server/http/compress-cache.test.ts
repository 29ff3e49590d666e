// Cached pages answered per encoding: a variant made once per page and encoding, its own ETag, 304 for any of them.
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { answerFromCache, PageCache } from "../../../../src/server/cache.ts";

const HTML = new TextEncoder().encode("<!doctype html><h1>健康乡镇公示</h1>" + "<p>鄂尔多斯市达拉特旗树林召镇 拟命名为自治区健康乡镇</p>\n".repeat(200));

function cached() {
  const cache = new PageCache({ unreachable: () => false });
  cache.set("/publicity/1", HTML, { "content-type": "text/html; charset=utf-8", vary: "Cookie", "cache-control": "public, max-age=10" });
  return cache;
}

describe("answerFromCache with Accept-Encoding", () => {
  it("answers the stored page in brotli, gzip or as it is, each decompressing to the page", () => {
    const hit = cached().get("/publicity/1")!;
    const br = answerFromCache(hit, undefined, "gzip, deflate, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(Number(br.headers["content-length"])).toBe(br.body!.byteLength);
    expect(Buffer.from(brotliDecompressSync(br.body!)).equals(Buffer.from(HTML))).toBe(true);
    const gz = answerFromCache(hit, undefined, "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(Buffer.from(gunzipSync(gz.body!)).equals(Buffer.from(HTML))).toBe(true);
    const plain = answerFromCache(hit, undefined, undefined);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(hit.body);
    for (const a of [br, gz, plain]) {
      expect(a.headers.vary).toBe("Cookie, Accept-Encoding");
      expect(a.headers["x-cache"]).toBe("HIT");
    }
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
  });

  it("compresses once per page and encoding, also for the copies handed out while stale", () => {
    const cache = cached();
    const first = answerFromCache(cache.get("/publicity/1")!, null, "br");
    const second = answerFromCache(cache.get("/publicity/1")!, null, "br");
    expect(second.body).toBe(first.body);
    const stale = answerFromCache(cache.stale("/publicity/1")!, null, "br");
    expect(stale.body).toBe(first.body);
    expect(stale.headers["x-cache"]).toBe("STALE");
  });

  it("answers 304 to whichever variant tag the client holds, repeating it", () => {
    const hit = cached().get("/publicity/1")!;
    for (const ae of ["br", "gzip", ""]) {
      const tag = answerFromCache(hit, undefined, ae).headers.etag!;
      const again = answerFromCache(hit, tag, ae);
      expect(again.status).toBe(304);
      expect(again.body).toBeNull();
      expect(again.headers.etag).toBe(tag);
      expect(again.headers.vary).toBe("Cookie, Accept-Encoding");
    }
    expect(answerFromCache(hit, '"stale-br"', "br").status).toBe(200);
  });

  it("keeps small pages and non-text types as they are", () => {
    const cache = new PageCache({ unreachable: () => false });
    cache.set("/tiny.json", new TextEncoder().encode('{"a":1}'), { "content-type": "application/json" });
    const tiny = answerFromCache(cache.get("/tiny.json")!, undefined, "br");
    expect(tiny.headers["content-encoding"]).toBeUndefined();
    expect(tiny.headers.vary).toBeUndefined();
  });
});
