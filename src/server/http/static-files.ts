// Precompressed static assets (written at build by src/integrations/precompress.ts): which copy a client gets.
// Uncompressed requests, and files without copies, fall through to the adapter's own static handler.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pickEncoding, type Encoding } from "./compress.ts";

/** Extensions worth compressing, with the type they are served as. */
export const COMPRESSIBLE: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  json: "application/json",
  txt: "text/plain; charset=utf-8",
  xml: "application/xml",
  html: "text/html; charset=utf-8",
  webmanifest: "application/manifest+json",
};
// Shared with the compression of dynamic answers and cached pages (compress.ts).
export { MIN_COMPRESS_BYTES, pickEncoding, type Encoding } from "./compress.ts";

interface Variant {
  body: Buffer;
  etag: string;
}
export interface CompressedAsset {
  type: string;
  immutable: boolean;
  variants: Partial<Record<Encoding, Variant>>;
}

/** Every file under `dir`, depth first. */
export function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** Every asset with precompressed copies under the client folder, read once at start (they are small and few). */
export function loadCompressedAssets(clientDir: string): Map<string, CompressedAsset> {
  const out = new Map<string, CompressedAsset>();
  if (!existsSync(clientDir)) return out;
  for (const path of filesUnder(clientDir)) {
    if (/\.(br|gz)$/.test(path) || !(existsSync(`${path}.br`) || existsSync(`${path}.gz`))) continue;
    const type = COMPRESSIBLE[path.slice(path.lastIndexOf(".") + 1)];
    if (!type) continue;
    const url = "/" + relative(clientDir, path).split(sep).join("/");
    const { mtimeMs, size } = statSync(path);
    const stamp = `${mtimeMs.toString(36)}-${size.toString(36)}`;
    const variants: CompressedAsset["variants"] = {};
    for (const [encoding, suffix] of [["br", ".br"], ["gzip", ".gz"]] as const) {
      // An ETag per encoding: a cache must not answer a gzip request with the brotli bytes it validated.
      if (existsSync(path + suffix)) variants[encoding] = { body: readFileSync(path + suffix), etag: `"${stamp}-${encoding}"` };
    }
    out.set(url, { type, immutable: url.startsWith("/_astro/"), variants });
  }
  return out;
}

export interface StaticAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** The compressed answer for a GET/HEAD of `pathname`, or null to let the adapter serve the file as it is. */
export function compressedAnswer(assets: Map<string, CompressedAsset>, pathname: string, acceptEncoding: string | undefined, ifNoneMatch: string | undefined): StaticAnswer | null {
  const asset = assets.get(pathname);
  if (!asset) return null;
  const encoding = pickEncoding(acceptEncoding, Object.keys(asset.variants) as Encoding[]);
  if (!encoding) return null;
  const variant = asset.variants[encoding]!;
  const headers: Record<string, string> = {
    "content-type": asset.type,
    "content-encoding": encoding,
    vary: "Accept-Encoding",
    etag: variant.etag,
    "cache-control": asset.immutable ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate",
  };
  if (ifNoneMatch && ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === variant.etag)) return { status: 304, headers, body: null };
  return { status: 200, headers: { ...headers, "content-length": String(variant.body.byteLength) }, body: variant.body };
}
