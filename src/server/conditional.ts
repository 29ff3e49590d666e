// Conditional GET (RFC 9110 §13): a strong ETag from the body, Last-Modified from the content's own time, and 304
// when the client already has it.
import { createHash } from "node:crypto";

export function etagOf(body: string | Uint8Array): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** If-None-Match against our current ETag (weak comparison, "*" matches any current representation). */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  return !!ifNoneMatch && ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag || t.trim() === "*");
}

function notModified(request: Request, etag: string, lastModified: Date | null): boolean {
  const inm = request.headers.get("if-none-match");
  if (inm) return etagMatches(inm, etag);
  const ims = request.headers.get("if-modified-since");
  if (ims && lastModified) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

/** A 200 with validators, or a 304 without a body when the client's copy is current. */
export function conditionalResponse(request: Request, body: string, init: { contentType: string; lastModified: Date | null; maxAge: number }): Response {
  const etag = etagOf(body);
  const headers = new Headers({ ETag: etag, "Cache-Control": `public, max-age=${init.maxAge}`, "Content-Type": init.contentType });
  if (init.lastModified) headers.set("Last-Modified", init.lastModified.toUTCString());
  if (notModified(request, etag, init.lastModified)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers });
}
