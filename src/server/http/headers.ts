// Headers every answer carries, whoever produced it (a page, an endpoint, the page cache or a static file).
// Pages rendered by Astro bring their own Content-Security-Policy with hashes of the scripts and styles they use
// (security.csp in astro.config.mjs); everything else gets a policy that allows nothing to run.

/** For answers that are not Astro pages: JSON, feeds, CSV, plain-text refusals. */
export const FALLBACK_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The directives Astro adds to the script-src and style-src hashes it computes for each page. */
export const PAGE_CSP_DIRECTIVES = [
  "default-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "worker-src 'self' blob:",
] as const;

const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Set by the start script on every answer, static files included. The Content-Security-Policy is not among them:
 * a 304 must not carry one (a browser would replace the cached page's policy with it), so finishResponse adds the
 * fallback to full answers that have none.
 */
export function securityHeaders(https: boolean): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    "x-frame-options": "DENY",
    // Only over https: a browser ignores HSTS on http, and sending it from localhost would pin developers' machines.
    ...(https ? { "strict-transport-security": HSTS } : {}),
  };
}

/** Seconds a client told "too many" (429) should wait when the page did not say; the longest window we use. */
export const DEFAULT_RETRY_AFTER_SECONDS = 900;

/**
 * Last touches on every middleware answer: a CSP on every full answer (a page's own, else the fallback); HTML says
 * its charset; 429 says when to come back; HEAD gets GET's headers without the body.
 */
export function finishResponse(response: Response, method: string, retryAfterSeconds?: number): Response {
  const type = response.headers.get("content-type");
  const needsCharset = type !== null && /^text\/html\s*$/i.test(type);
  const needsRetry = response.status === 429 && !response.headers.has("retry-after");
  const needsPolicy = response.status !== 304 && !response.headers.has("content-security-policy");
  if (!needsCharset && !needsRetry && !needsPolicy && method !== "HEAD") return response;
  // Some responses (redirects) have immutable headers: copy first.
  const headers = new Headers(response.headers);
  if (needsPolicy) headers.set("content-security-policy", FALLBACK_CSP);
  if (needsCharset) headers.set("content-type", "text/html; charset=utf-8");
  if (needsRetry) headers.set("retry-after", String(Math.max(1, Math.ceil(retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS))));
  if (method === "HEAD") {
    void response.body?.cancel();
    return new Response(null, { status: response.status, statusText: response.statusText, headers });
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
