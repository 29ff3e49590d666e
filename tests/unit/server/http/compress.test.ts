import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressResponses, entityIfNoneMatch, heldEtag, isCompressibleType, pickEncoding, variantEtag, withVaryAcceptEncoding } from "../../../../src/server/http/compress.ts";

describe("pickEncoding (all encodings)", () => {
  it("prefers brotli, then gzip, and honours q-values", () => {
    expect(pickEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(pickEncoding("gzip;q=1, br;q=0.5")).toBe("gzip");
    expect(pickEncoding("br;q=0, gzip;q=0.1")).toBe("gzip");
    expect(pickEncoding("deflate")).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });
  it("answers identity when nothing we have is acceptable, even if identity is refused too", () => {
    expect(pickEncoding("identity;q=0, deflate")).toBeNull();
    expect(pickEncoding("*;q=0")).toBeNull();
    expect(pickEncoding("identity;q=0, *")).toBe("br");
    expect(pickEncoding("br;q=0, *;q=0.5")).toBe("gzip");
  });
});

describe("types", () => {
  it("compresses text, JSON, XML feeds and SVG, not images, PDFs or event streams", () => {
    for (const t of ["text/html; charset=utf-8", "text/csv; charset=utf-8", "application/json", "application/atom+xml; charset=utf-8", "application/rss+xml", "application/xml", "image/svg+xml", "text/javascript", "application/javascript", "text/calendar"])
      expect(isCompressibleType(t), t).toBe(true);
    for (const t of ["image/png", "image/jpeg", "application/pdf", "application/zip", "text/event-stream", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "", null])
      expect(isCompressibleType(t), String(t)).toBe(false);
  });
});

describe("ETags per encoding", () => {
  it("gives each encoding its own tag and maps a held variant back to its entity", () => {
    expect(variantEtag('"abc"', "br")).toBe('"abc-br"');
    expect(variantEtag('"abc"', "gzip")).toBe('"abc-gz"');
    expect(variantEtag('W/"abc"', "br")).toBe('W/"abc-br"');
    expect(variantEtag('"abc"', null)).toBe('"abc"');
    expect(entityIfNoneMatch('"abc-br", W/"x-gz", "plain"')).toBe('"abc-br", "abc", W/"x-gz", W/"x", "plain"');
    expect(heldEtag('"zzz", "abc-gz"', '"abc"')).toBe('"abc-gz"');
    expect(heldEtag('"abc"', '"abc"')).toBe('"abc"');
    expect(heldEtag('W/"abc-br"', '"abc"')).toBe('"abc-br"');
    expect(heldEtag("*", '"abc"')).toBe('"abc"');
  });
  it("adds Accept-Encoding to Vary once", () => {
    expect(withVaryAcceptEncoding("Cookie")).toBe("Cookie, Accept-Encoding");
    expect(withVaryAcceptEncoding(undefined)).toBe("Accept-Encoding");
    expect(withVaryAcceptEncoding("accept-encoding")).toBe("accept-encoding");
  });
});

// A stand-in for Astro's handler: writeHead with the headers, then the body in small chunks, as the adapter does.
const PAGE = Buffer.from("<!doctype html><title>公示</title>" + "<tr><td>达拉特旗树林召镇</td><td>拟命名</td></tr>\n".repeat(400));
const ETAG = '"entity1"';
function page(req: IncomingMessage, res: ServerResponse) {
  const url = req.url ?? "/";
  if (url === "/small") return res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  if (url === "/png") return res.writeHead(200, { "content-type": "image/png", "content-length": String(PAGE.length) }).end(PAGE);
  if (url === "/encoded") return res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" }).end(PAGE);
  if (url === "/range") return res.writeHead(206, { "content-type": "text/plain", "content-range": `bytes 0-9/${PAGE.length}` }).end(PAGE.subarray(0, 10));
  if (url === "/implicit") {
    // No writeHead: status and headers set on the response, the body piped (as `send` does for static files).
    res.statusCode = 200;
    res.setHeader("content-type", "image/svg+xml");
    res.write(PAGE.subarray(0, 500));
    res.end(PAGE.subarray(500));
    return;
  }
  const inm = req.headers["if-none-match"] ?? "";
  if (inm.split(",").some((t) => t.trim() === ETAG)) return res.writeHead(304, { etag: ETAG, vary: "Cookie" }).end();
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", etag: ETAG, vary: "Cookie" });
  if (req.method === "HEAD") return res.end();
  let i = 0;
  const next = () => {
    if (i >= PAGE.length) return res.end();
    res.write(PAGE.subarray(i, i + 700));
    i += 700;
    setImmediate(next);
  };
  next();
}

interface Got {
  status: number;
  headers: IncomingMessage["headers"];
  raw: Buffer;
}
let server: Server;
let base: string;
function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Got> {
  return new Promise((resolve, reject) => {
    request(base + path, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, raw: Buffer.concat(chunks) }));
    })
      .on("error", reject)
      .end();
  });
}

describe("compressResponses around a handler", () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      compressResponses(req, res);
      page(req, res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("streams brotli or gzip as negotiated; decompressed, the bytes are the page", async () => {
    const br = await get("/", { "accept-encoding": "gzip, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-length"]).toBeUndefined();
    expect(br.raw.length).toBeLessThan(PAGE.length / 5);
    expect(brotliDecompressSync(br.raw).equals(PAGE)).toBe(true);
    const gz = await get("/", { "accept-encoding": "br;q=0.1, gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.raw).equals(PAGE)).toBe(true);
    const plain = await get("/", { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.raw.equals(PAGE)).toBe(true);
    for (const r of [br, gz, plain]) expect(r.headers.vary).toBe("Cookie, Accept-Encoding");
  });

  it("tags each encoding differently and answers 304 to each tag with that tag", async () => {
    const br = await get("/", { "accept-encoding": "br" });
    const gz = await get("/", { "accept-encoding": "gzip" });
    const plain = await get("/", {});
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    expect(br.headers.etag).toBe('"entity1-br"');
    for (const [ae, tag] of [["br", br.headers.etag], ["gzip", gz.headers.etag], ["", plain.headers.etag]] as const) {
      const again = await get("/", { "accept-encoding": ae, "if-none-match": tag! });
      expect(again.status).toBe(304);
      expect(again.headers.etag).toBe(tag);
      expect(again.raw.length).toBe(0);
    }
    expect((await get("/", { "accept-encoding": "br", "if-none-match": '"other-br"' })).status).toBe(200);
  });

  it("gives HEAD the headers GET gets, without a body", async () => {
    const head = await get("/", { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.headers.vary).toBe("Cookie, Accept-Encoding");
    expect(head.headers.etag).toBe('"entity1-br"');
    expect(head.raw.length).toBe(0);
  });

  it("leaves small bodies, images, encoded and partial answers as they are", async () => {
    const small = await get("/small", { "accept-encoding": "br" });
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.headers["content-length"]).toBe("11");
    expect(small.raw.toString()).toBe('{"ok":true}');
    const png = await get("/png", { "accept-encoding": "br" });
    expect(png.headers["content-encoding"]).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
    expect(png.raw.equals(PAGE)).toBe(true);
    const encoded = await get("/encoded", { "accept-encoding": "br" });
    expect(encoded.headers["content-encoding"]).toBe("gzip");
    expect(encoded.raw.equals(PAGE)).toBe(true);
    const range = await get("/range", { "accept-encoding": "br" });
    expect(range.status).toBe(206);
    expect(range.headers["content-encoding"]).toBeUndefined();
  });

  it("compresses an answer written without writeHead", async () => {
    const svg = await get("/implicit", { "accept-encoding": "gzip" });
    expect(svg.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(svg.raw).equals(PAGE)).toBe(true);
  });
});
