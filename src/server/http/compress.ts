// Compression of text answers in the portal itself: the embedded default runs without nginx, and a 46 KB page
// leaves as about a sixth of that in brotli. Three producers share the rules here: precompressed static assets
// (static-files.ts), the page cache (a variant per encoding, made once per page, cache.ts), and everything else,
// compressed on the way out of Astro's handler (compressResponses below).
//
// ETags: the brotli and gzip bytes of one entity are different representations, so each gets its own strong ETag,
// the entity's tag with a suffix ("abc" → "abc-br", "abc-gz"). What a client sends back in If-None-Match is mapped
// to the entity's tag before the page compares it, so every variant of the current entity is answered with 304,
// and the 304 repeats the tag the client holds.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { brotliCompressSync, constants, createBrotliCompress, createGzip, gzipSync, type BrotliOptions } from "node:zlib";

export type Encoding = "br" | "gzip";

/** Below this a compressed copy saves less than the header costs. */
export const MIN_COMPRESS_BYTES = 1024;

/** Media types worth compressing; images other than SVG, PDFs and archives are compressed already. */
const COMPRESSIBLE_TYPE = /^(text\/(?!event-stream)[\w.+-]+|image\/svg\+xml|application\/(json|xml|javascript|manifest\+json|geo\+json|[\w.-]+\+(json|xml)))\s*(;|$)/i;

export function isCompressibleType(contentType: string | null | undefined): boolean {
  return !!contentType && COMPRESSIBLE_TYPE.test(contentType);
}

/**
 * The best encoding the client accepts among those available (RFC 9110 §12.5.3): brotli before gzip unless gzip
 * has the higher q, `q=0` refuses, `*` stands for any encoding not named. Null is identity — also when the client
 * refused identity too (`identity;q=0`) and accepts nothing we have: an uncompressed answer beats a 406.
 */
export function pickEncoding(acceptEncoding: string | null | undefined, available: readonly Encoding[] = ["br", "gzip"]): Encoding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const weight = (e: Encoding) => q.get(e) ?? (e === "gzip" ? q.get("x-gzip") : undefined) ?? q.get("*") ?? 0;
  let best: Encoding | null = null;
  for (const e of ["br", "gzip"] as const) {
    if (available.includes(e) && weight(e) > 0 && (best === null || weight(e) > weight(best))) best = e;
  }
  return best;
}

const SUFFIX: Record<Encoding, string> = { br: "-br", gzip: "-gz" };

/** The ETag of the entity `etag` in `encoding`: `"abc"` → `"abc-br"`, `W/"abc"` → `W/"abc-br"`. */
export function variantEtag(etag: string, encoding: Encoding | null): string {
  if (!encoding || !etag.endsWith('"')) return etag;
  return `${etag.slice(0, -1)}${SUFFIX[encoding]}"`;
}

/** The entity's tag behind a variant tag (the suffix off), or the tag itself. */
export function entityEtag(tag: string): string {
  const m = /^(W\/)?"(.*)-(br|gz)"$/.exec(tag.trim());
  return m ? `${m[1] ?? ""}"${m[2]}"` : tag.trim();
}

/**
 * If-None-Match as a page compares it: every tag the client holds, and for each variant tag also its entity's tag.
 * The tags as sent stay in the list, so a page's own tag that happens to end in "-gz" still matches.
 */
export function entityIfNoneMatch(ifNoneMatch: string): string {
  const out = new Set<string>();
  for (const raw of ifNoneMatch.split(",")) {
    const tag = raw.trim();
    if (!tag) continue;
    out.add(tag);
    out.add(entityEtag(tag));
  }
  return [...out].join(", ");
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, "");

/**
 * The tag to repeat in a 304 for entity `etag`: the variant the client sent (it holds that encoding), with the
 * entity tag's own strength; else `etag`.
 */
export function heldEtag(ifNoneMatch: string | null | undefined, etag: string): string {
  if (!ifNoneMatch) return etag;
  const want = opaque(etag);
  for (const raw of ifNoneMatch.split(",")) {
    const tag = raw.trim();
    if (tag && (opaque(tag) === want || opaque(entityEtag(tag)) === want)) return (etag.startsWith("W/") ? "W/" : "") + opaque(tag);
  }
  return etag;
}

/** Whether If-None-Match holds any variant of entity `etag` (weak comparison, "*" matches any). */
export function holdsEntity(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const want = opaque(etag);
  return ifNoneMatch.split(",").some((raw) => raw.trim() === "*" || opaque(entityEtag(raw)) === want || opaque(raw) === want);
}

/** `Vary` with Accept-Encoding added once (e.g. "Cookie" → "Cookie, Accept-Encoding"). */
export function withVaryAcceptEncoding(vary: string | number | readonly string[] | null | undefined): string {
  const current = vary === undefined || vary === null ? "" : Array.isArray(vary) ? vary.join(", ") : String(vary);
  const names = current.split(",").map((s) => s.trim()).filter(Boolean);
  if (names.some((n) => n === "*" || n.toLowerCase() === "accept-encoding")) return names.join(", ");
  return [...names, "Accept-Encoding"].join(", ");
}

/** Fast settings for answers compressed per request; the page cache and the build pay for the best ratio once. */
const DYNAMIC_BROTLI_QUALITY = 4;
const DYNAMIC_GZIP_LEVEL = 6;
export const STORED_BROTLI_QUALITY = 9;

/** One stored body in `encoding`, in one call (cached pages: paid once per page). */
export function compressSync(body: Uint8Array, encoding: Encoding, brotliQuality = STORED_BROTLI_QUALITY): Buffer {
  if (encoding === "gzip") return gzipSync(body, { level: 9 });
  return brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
}

function compressor(encoding: Encoding, sizeHint: number | undefined) {
  if (encoding === "gzip") return createGzip({ level: DYNAMIC_GZIP_LEVEL });
  const params: BrotliOptions["params"] = { [constants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT };
  if (sizeHint) params[constants.BROTLI_PARAM_SIZE_HINT] = sizeHint;
  return createBrotliCompress({ params });
}

type Callback = (err?: Error | null) => void;

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
}

/**
 * Compresses what the handler after this writes to `res`, as the request's Accept-Encoding allows: text types of
 * at least MIN_COMPRESS_BYTES, never a 204/206/304, an answer already encoded, or one marked no-transform. The
 * body streams through zlib as the page writes it (nothing waits for the whole page), without Content-Length.
 * HEAD gets the headers GET would get. Also maps If-None-Match to entity tags for the page (see the top).
 */
export function compressResponses(req: IncomingMessage, res: ServerResponse): void {
  const encoding = pickEncoding(req.headers["accept-encoding"]);
  const ifNoneMatch = req.headers["if-none-match"];
  if (ifNoneMatch) req.headers["if-none-match"] = entityIfNoneMatch(ifNoneMatch);
  const isHead = req.method === "HEAD";
  // The originals, called with the arguments the handler gave (their overloads do not survive a wrapper's types).
  type Loose = (this: ServerResponse, ...args: unknown[]) => ServerResponse & boolean;
  const writeHead = res.writeHead as unknown as Loose;
  const write = res.write as unknown as Loose;
  const end = res.end as unknown as Loose;

  let decided = false;
  let zip: ReturnType<typeof compressor> | null = null;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let headStatus: number | undefined;
  let headMessage: string | undefined;

  const restore = () => {
    res.writeHead = writeHead as unknown as typeof res.writeHead;
    res.write = write as unknown as typeof res.write;
    res.end = end as unknown as typeof res.end;
  };
  const sendHead = () => {
    if (res.headersSent) return;
    const status = headStatus ?? res.statusCode;
    if (headMessage === undefined) writeHead.call(res, status);
    else writeHead.call(res, status, headMessage);
  };
  /** Settles identity or compression once the status, the headers and (unless known) the size are known. */
  const decide = (bodyBytes: number | null) => {
    decided = true;
    const status = headStatus ?? res.statusCode;
    if (status === 304) {
      // The page matched the entity: repeat the tag the client holds (its encoding's variant, or the plain tag).
      const etag = res.getHeader("etag");
      if (typeof etag === "string" && ifNoneMatch) {
        const held = heldEtag(ifNoneMatch, etag);
        res.setHeader("etag", held);
        if (held !== etag) res.setHeader("vary", withVaryAcceptEncoding(res.getHeader("vary")));
      }
      return;
    }
    const candidate =
      status >= 200 &&
      status !== 204 &&
      status !== 206 &&
      !res.hasHeader("content-encoding") &&
      !res.hasHeader("content-range") &&
      isCompressibleType(String(res.getHeader("content-type") ?? "")) &&
      !/no-transform/i.test(String(res.getHeader("cache-control") ?? ""));
    if (!candidate) return;
    // Whether this answer is compressed depends on Accept-Encoding: caches must keep the variants apart.
    res.setHeader("vary", withVaryAcceptEncoding(res.getHeader("vary")));
    const declared = res.hasHeader("content-length") ? Number(res.getHeader("content-length")) : null;
    const size = declared ?? bodyBytes;
    if (!encoding || (size !== null && size < MIN_COMPRESS_BYTES)) return;
    res.setHeader("content-encoding", encoding);
    res.removeHeader("content-length");
    res.removeHeader("accept-ranges");
    const etag = res.getHeader("etag");
    if (typeof etag === "string") res.setHeader("etag", variantEtag(etag, encoding));
    if (isHead) return;
    zip = compressor(encoding, size ?? undefined);
    zip.on("data", (chunk: Buffer) => write.call(res, chunk));
    zip.on("end", () => end.call(res));
    zip.on("error", (err) => res.destroy(err));
    // A reader who went away mid-page: stop compressing for nobody.
    res.once("close", () => zip?.destroy());
  };

  res.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    // After the decision (Node's own implicit header included) the call goes through as it is.
    if (decided || res.headersSent) return writeHead.apply(res, [statusCode, ...rest]);
    headStatus = statusCode;
    let headers: OutgoingHttpHeaders | readonly unknown[] | undefined;
    if (typeof rest[0] === "string") {
      headMessage = rest[0];
      headers = rest[1] as typeof headers;
    } else headers = rest[0] as typeof headers;
    if (Array.isArray(headers)) {
      // A raw [name, value, name, value…] list: rare, and nothing of ours to adjust; let it go as given.
      restore();
      return writeHead.apply(res, [statusCode, ...rest]);
    }
    // Headers given here override those set before (the security headers), as writeHead itself would.
    for (const [name, value] of Object.entries((headers ?? {}) as OutgoingHttpHeaders)) if (value !== undefined) res.setHeader(name, value);
    res.statusCode = statusCode;
    return res;
  } as typeof res.writeHead;

  res.write = function (this: ServerResponse, chunk: unknown, encodingOrCb?: unknown, cb?: unknown) {
    const callback = (typeof encodingOrCb === "function" ? encodingOrCb : cb) as Callback | undefined;
    if (!decided) {
      const buf = toBuffer(chunk, encodingOrCb);
      const known = res.hasHeader("content-length") || !isCompressibleType(String(res.getHeader("content-type") ?? ""));
      if (!known && pendingBytes + buf.byteLength < MIN_COMPRESS_BYTES) {
        // Too little yet to know whether compressing pays: hold it (the page usually writes more at once).
        pending.push(buf);
        pendingBytes += buf.byteLength;
        if (callback) process.nextTick(callback);
        return true;
      }
      pending.push(buf);
      pendingBytes += buf.byteLength;
      decide(known ? null : pendingBytes);
      sendHead();
      const held = Buffer.concat(pending);
      pending = [];
      if (zip) return zip.write(held, callback as never) || true;
      if (isHead) return true;
      return write.call(res, held, callback);
    }
    if (zip) return zip.write(toBuffer(chunk, encodingOrCb), callback as never) || true;
    return write.apply(res, [chunk, encodingOrCb, cb]);
  } as typeof res.write;

  res.end = function (this: ServerResponse, chunk?: unknown, encodingOrCb?: unknown, cb?: unknown) {
    let body = chunk;
    let bodyEncoding = encodingOrCb;
    let callback = cb as Callback | undefined;
    if (typeof body === "function") {
      callback = body as Callback;
      body = undefined;
    } else if (typeof bodyEncoding === "function") {
      callback = bodyEncoding as Callback;
      bodyEncoding = undefined;
    }
    if (callback) res.once("finish", () => callback());
    if (body !== undefined && body !== null) {
      const buf = toBuffer(body, bodyEncoding);
      pending.push(buf);
      pendingBytes += buf.byteLength;
    }
    if (!decided) {
      // A HEAD carries no body to measure: it gets the headers a GET of the page would get.
      decide(isHead ? null : pendingBytes);
      // A whole body left uncompressed gets its length, so the connection stays reusable without chunking.
      const status = headStatus ?? res.statusCode;
      if (!zip && !res.hasHeader("content-encoding") && !res.hasHeader("content-length") && !isHead && status >= 200 && status !== 204 && status !== 304) {
        res.setHeader("content-length", pendingBytes);
      }
      sendHead();
    }
    const rest = pending.length ? Buffer.concat(pending) : undefined;
    pending = [];
    if (zip) {
      if (rest) zip.end(rest);
      else zip.end();
      return res;
    }
    restore();
    if (isHead || !rest) return end.call(res);
    return end.call(res, rest);
  } as typeof res.end;
}
