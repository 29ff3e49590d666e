import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { precompressDir } from "../../../../src/integrations/precompress.ts";
import { compressedAnswer, loadCompressedAssets, pickEncoding } from "../../../../src/server/http/static-files.ts";

describe("pickEncoding", () => {
  it("prefers brotli, then gzip, among what the client accepts", () => {
    expect(pickEncoding("gzip, deflate, br, zstd", ["br", "gzip"])).toBe("br");
    expect(pickEncoding("gzip, deflate", ["br", "gzip"])).toBe("gzip");
    expect(pickEncoding("br", ["gzip"])).toBeNull();
  });
  it("honours q-values, q=0 refusing and * standing for the rest", () => {
    expect(pickEncoding("br;q=0, gzip", ["br", "gzip"])).toBe("gzip");
    expect(pickEncoding("br;q=0.2, gzip;q=0.8", ["br", "gzip"])).toBe("gzip");
    expect(pickEncoding("*", ["br", "gzip"])).toBe("br");
    expect(pickEncoding("*;q=0", ["br", "gzip"])).toBeNull();
    expect(pickEncoding("identity", ["br", "gzip"])).toBeNull();
    expect(pickEncoding(undefined, ["br", "gzip"])).toBeNull();
  });
});

describe("precompressed assets", () => {
  const dir = mkdtempSync(join(tmpdir(), "htp-static-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = "export const form = () => '反映';\n".repeat(200);
  mkdirSync(join(dir, "_astro"));
  writeFileSync(join(dir, "_astro", "Form.abc123.js"), script);
  writeFileSync(join(dir, "_astro", "tiny.js"), "export {};");
  writeFileSync(join(dir, "photo.png"), Buffer.alloc(4096));
  const written = precompressDir(dir);
  const assets = loadCompressedAssets(dir);

  it("compresses text assets above the threshold only", () => {
    expect(written).toBe(1);
    expect([...assets.keys()]).toEqual(["/_astro/Form.abc123.js"]);
  });

  it("sends the bytes of the negotiated encoding, which decompress to the file", () => {
    const br = compressedAnswer(assets, "/_astro/Form.abc123.js", "gzip, br", undefined)!;
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toBe("Accept-Encoding");
    expect(br.headers["cache-control"]).toContain("immutable");
    expect(brotliDecompressSync(br.body!).toString()).toBe(script);
    expect(Number(br.headers["content-length"])).toBeLessThan(Buffer.byteLength(script) / 5);
    const gz = compressedAnswer(assets, "/_astro/Form.abc123.js", "gzip", undefined)!;
    expect(gunzipSync(gz.body!).toString()).toBe(script);
    expect(gz.headers.etag).not.toBe(br.headers.etag);
  });

  it("answers 304 to the ETag of the same encoding only", () => {
    const br = compressedAnswer(assets, "/_astro/Form.abc123.js", "br", undefined)!;
    expect(compressedAnswer(assets, "/_astro/Form.abc123.js", "br", br.headers.etag)!.status).toBe(304);
    expect(compressedAnswer(assets, "/_astro/Form.abc123.js", "gzip", br.headers.etag)!.status).toBe(200);
  });

  it("leaves uncompressed requests and unknown files to the adapter", () => {
    expect(compressedAnswer(assets, "/_astro/Form.abc123.js", undefined, undefined)).toBeNull();
    expect(compressedAnswer(assets, "/_astro/tiny.js", "br", undefined)).toBeNull();
    expect(compressedAnswer(assets, "/photo.png", "br", undefined)).toBeNull();
  });
});
