// Compression through the built portal as `npm start` runs it (no nginx): cached pages, pages rendered per request,
// feeds, the report form and its script, each in brotli or gzip as asked, under an ETag of its own. Needs dist/
// (npm run build).
import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPortal, type PortalServer } from "../../support/portal-server.ts";

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  /** The body as the page wrote it, whatever the encoding. */
  body: Buffer;
}

/** A request without a client's automatic decompression, so that the bytes on the wire are what we see. */
function get(base: string, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Got> {
  return new Promise((resolve, reject) => {
    request(base + path, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const enc = res.headers["content-encoding"];
        const body = !raw.length ? raw : enc === "br" ? brotliDecompressSync(raw) : enc === "gzip" ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode!, headers: res.headers, raw, body });
      });
    })
      .on("error", reject)
      .end();
  });
}

const varyNames = (g: Got) => String(g.headers.vary ?? "").split(",").map((s) => s.trim().toLowerCase());

describe("compression (page cache on)", () => {
  let portal: PortalServer;
  let publicity: string;
  beforeAll(async () => {
    portal = await startPortal({ SEARCH: "off" });
    const home = (await get(portal.url, "/")).body.toString();
    publicity = /href="(\/publicity\/[^"?#]+)"/.exec(home)?.[1] ?? "";
    expect(publicity).not.toBe("");
  }, 180_000);
  afterAll(async () => {
    await portal?.stop();
  });

  it("answers a cached page in brotli, gzip or as it is, the same page each time, with Vary", async () => {
    const plain = await get(portal.url, publicity);
    const br = await get(portal.url, publicity, { "accept-encoding": "gzip, deflate, br" });
    const gz = await get(portal.url, publicity, { "accept-encoding": "gzip" });
    expect(br.headers["x-cache"]).toBe("HIT");
    expect(gz.headers["x-cache"]).toBe("HIT");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(br.body.equals(plain.raw)).toBe(true);
    expect(gz.body.equals(plain.raw)).toBe(true);
    expect(br.raw.length).toBeLessThan(plain.raw.length / 3);
    expect(Number(br.headers["content-length"])).toBe(br.raw.length);
    for (const g of [plain, br, gz]) expect(varyNames(g)).toEqual(expect.arrayContaining(["cookie", "accept-encoding"]));
  });

  it("gives each encoding its own ETag and answers 304 to each", async () => {
    const tags: Record<string, string> = {};
    for (const ae of ["br", "gzip", "identity"]) tags[ae] = String((await get(portal.url, "/", { "accept-encoding": ae })).headers.etag);
    expect(new Set(Object.values(tags)).size).toBe(3);
    for (const ae of ["br", "gzip", "identity"]) {
      const again = await get(portal.url, "/", { "accept-encoding": ae, "if-none-match": tags[ae]! });
      expect(again.status, ae).toBe(304);
      expect(again.headers.etag).toBe(tags[ae]);
      expect(again.raw.length).toBe(0);
    }
    const outdated = await get(portal.url, "/", { "accept-encoding": "br", "if-none-match": '"not-this-page-br"' });
    expect(outdated.status).toBe(200);
  });

  it("gives HEAD the encoding, Vary and ETag a GET gets, without a body", async () => {
    const got = await get(portal.url, "/", { "accept-encoding": "br" });
    const head = await get(portal.url, "/", { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.headers.etag).toBe(got.headers.etag);
    expect(varyNames(head)).toContain("accept-encoding");
    expect(head.raw.length).toBe(0);
  });

  it("compresses the report form (rendered per request) and its scripts", async () => {
    const plain = await get(portal.url, "/report");
    const br = await get(portal.url, "/report", { "accept-encoding": "br, gzip" });
    expect(plain.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-length"]).toBeUndefined();
    expect(br.body.toString()).toContain("</html>");
    expect(br.raw.length).toBeLessThan(plain.raw.length / 3);
    expect(varyNames(br)).toContain("accept-encoding");
    const scripts = [...new Set([...plain.raw.toString().matchAll(/"(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1]!))];
    const form = scripts.find((s) => /ReportForm/.test(s));
    expect(form).toBeDefined();
    const js = await get(portal.url, form!);
    const jsBr = await get(portal.url, form!, { "accept-encoding": "br" });
    const jsGz = await get(portal.url, form!, { "accept-encoding": "gzip" });
    expect(jsBr.headers["content-encoding"]).toBe("br");
    expect(jsGz.headers["content-encoding"]).toBe("gzip");
    expect(jsBr.body.equals(js.raw)).toBe(true);
    expect(jsGz.body.equals(js.raw)).toBe(true);
    expect(varyNames(js)).toContain("accept-encoding");
  });

  it("compresses feeds and answers 304 to the variant's ETag", async () => {
    const br = await get(portal.url, "/feeds/notices.xml", { "accept-encoding": "br" });
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.body.toString()).toContain("<feed");
    expect(String(br.headers.etag)).toMatch(/-br"$/);
    const again = await get(portal.url, "/feeds/notices.xml", { "accept-encoding": "br", "if-none-match": String(br.headers.etag) });
    expect(again.status).toBe(304);
  });

  it("leaves small answers and images as they are", async () => {
    const robots = await get(portal.url, "/robots.txt", { "accept-encoding": "br, gzip" });
    expect(robots.status).toBe(200);
    expect(robots.raw.length).toBeLessThan(1024);
    expect(robots.headers["content-encoding"]).toBeUndefined();
    const icon = await get(portal.url, "/favicon.svg", { "accept-encoding": "br, gzip" });
    expect(icon.status).toBe(200);
    expect(icon.headers["content-encoding"]).toBeUndefined();
  });
});

describe("compression (PAGE_CACHE=off)", () => {
  let portal: PortalServer;
  beforeAll(async () => {
    portal = await startPortal({ SEARCH: "off", PAGE_CACHE: "off" });
  }, 180_000);
  afterAll(async () => {
    await portal?.stop();
  });

  it("compresses a page rendered per request, and answers 304 to its variant ETag", async () => {
    const plain = await get(portal.url, "/");
    const gz = await get(portal.url, "/", { "accept-encoding": "gzip" });
    expect(gz.headers["x-cache"]).toBe("OFF");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.body.equals(plain.raw)).toBe(true);
    expect(gz.headers.etag).not.toBe(plain.headers.etag);
    expect(varyNames(gz)).toEqual(expect.arrayContaining(["cookie", "accept-encoding"]));
    const again = await get(portal.url, "/", { "accept-encoding": "gzip", "if-none-match": String(gz.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(gz.headers.etag);
    const head = await get(portal.url, "/", { "accept-encoding": "gzip" }, "HEAD");
    expect(head.headers["content-encoding"]).toBe("gzip");
    expect(head.headers.etag).toBe(gz.headers.etag);
    expect(head.raw.length).toBe(0);
  });
});
