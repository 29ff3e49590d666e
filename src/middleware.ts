// Every request, in named steps (sequence() runs them in order; each wraps the ones after it):
//   resolveClientStep   the client's address and origin (TRUST_PROXY) in locals.client
//   finishStep          the common headers on every answer, and the last cached copy or 503 when the database is away
//   guardStep           malformed requests refused, background jobs started once, cross-site form posts refused
//   adminGateStep       the back office: sign-in gate, no-store and no framing, the page cache dropped after a write
//   pageCacheStep       public GET and HEAD pages get Cache-Control, an ETag and 304s, and are kept in the page
//                       cache until the next publish (src/server/cache.ts)
//   localeStep          /en/… and /mn/… render the unprefixed page in that language (Paraglide's store keeps
//                       the locale for the request); the back office, feeds and the API have no language prefix
import { defineMiddleware, sequence } from "astro:middleware";
import { answerFromCache, cacheEnabled, isCacheablePath, pageCache, pageCacheKey, PUBLIC_MAX_AGE, startInvalidation } from "./server/cache.ts";
import { etagMatches, etagOf } from "./server/conditional.ts";
import { gate } from "./server/auth/gate.ts";
import { config } from "./server/config.ts";
import { resolveClient } from "./server/http/client.ts";
import { guardRequest } from "./server/http/guard.ts";
import { FALLBACK_CSP, finishResponse } from "./server/http/headers.ts";
import { crossSiteFormPost } from "./server/origin.ts";
import { blankSessionCookie } from "./server/auth/sessions.ts";
import { startBackgroundJobs } from "./server/jobs.ts";
import { log } from "./server/log.ts";
import { changeGeneration } from "./server/reference.ts";
import { db } from "./server/runtime.ts";
import { answerWhenDatabaseDown } from "./server/unavailable.ts";
import { isLocalizablePath, prefixLocale } from "./i18n/locales.ts";
import { AsyncLocalStorage } from "node:async_hooks";
import { getServerAsyncLocalStorage, overwriteServerAsyncLocalStorage, type Locale } from "./paraglide/runtime.js";

const CACHEABLE_TYPES = /^(text\/html|application\/atom\+xml|application\/xml|application\/json)/;

/** The client's address and origin, believed from X-Forwarded-* only as far as TRUST_PROXY and TRUSTED_PROXIES say. */
const resolveClientStep = defineMiddleware((context, next) => {
  const cfg = config();
  context.locals.client = resolveClient(
    { peer: context.clientAddress, header: (name) => context.request.headers.get(name), socketProto: context.url.protocol === "https:" ? "https" : "http" },
    cfg.TRUST_PROXY,
    cfg.proxies,
  );
  return next();
});

/** Every answer, refusals included, leaves through finishResponse (security headers, HEAD without a body). */
const finishStep = defineMiddleware(async (context, next) => {
  let response: Response;
  try {
    response = await next();
  } catch (err) {
    // The database is away: the page's last cached copy (X-Cache: STALE) or 503 with Retry-After; other errors rethrown.
    response = answerWhenDatabaseDown(err, context.request, context.url);
  }
  return finishResponse(response, context.request.method, context.locals.retryAfterSeconds);
});

/** What no route should see: malformed requests and form posts from other sites. */
const guardStep = defineMiddleware((context, next) => {
  // Malformed requests (control characters in the URL, methods a route does not have, /_image) never reach a route.
  // request.url is the URL as sent; context.url's pathname has been percent-decoded once by Astro already.
  const refused = guardRequest(context.request.method, new URL(context.request.url));
  if (refused) return refused;
  startBackgroundJobs();
  startInvalidation(
    async () => changeGeneration(await db()),
    (err) => log.warn({ err: err.message }, "page cache invalidation poll failed"),
  );
  const { request, url } = context;
  const allowedOrigins = [config().siteOrigin, context.locals.client.origin.toLowerCase()];
  if (crossSiteFormPost(request, url.pathname, allowedOrigins)) {
    return new Response("跨站提交的表单已被拒绝。请从本站页面提交。", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return next();
});

/** The back office: only signed-in staff get past the gate (src/server/auth/gate.ts). */
const adminGateStep = defineMiddleware(async (context, next) => {
  const { request, url } = context;
  if (url.pathname !== "/admin" && !url.pathname.startsWith("/admin/")) return next();
  const secureCookies = config().secureCookies;
  const decision = await gate(await db(), { path: url.pathname, search: url.search, method: request.method, cookie: request.headers.get("cookie"), secure: secureCookies }, new Date());
  if (decision.kind === "redirect") {
    const headers = new Headers({ location: decision.location, "cache-control": "no-store" });
    if (decision.clearCookie) headers.append("set-cookie", blankSessionCookie(secureCookies));
    return new Response(null, { status: 303, headers });
  }
  if (decision.kind === "staff") context.locals.staff = decision.staff;
  const rendered = await next();
  // A write in the back office may have published: this instance drops its cached pages at once rather than at
  // its next outbox poll, so the person who published sees it on the next page they open (others within ~1.5 s).
  if (request.method === "POST" && rendered.status < 400) pageCache().clear();
  // Headers of some responses (redirects) are immutable; copy before adding ours.
  const response = new Response(rendered.body, rendered);
  // Back-office pages hold personal data: never stored by a browser or proxy, never framed.
  response.headers.set("cache-control", "no-store");
  response.headers.set("x-frame-options", "DENY");
  response.headers.set("referrer-policy", "same-origin");
  return response;
});

/** Public pages: conditional GETs and the page cache. */
const pageCacheStep = defineMiddleware(async (context, next) => {
  const { request, url } = context;
  // HEAD is GET without the body: it must carry the same ETag and Cache-Control (finishResponse drops the body).
  // The back office (/admin) is never cacheable, so it passes straight through here.
  if ((request.method !== "GET" && request.method !== "HEAD") || !isCacheablePath(url.pathname)) return next();

  const key = pageCacheKey(url.pathname + url.search, request.headers.get("cookie"));
  const cache = pageCache();
  const enabled = cacheEnabled();
  const hit = enabled ? cache.get(key) : undefined;
  if (hit) {
    const answer = answerFromCache(hit, request.headers.get("if-none-match"));
    return new Response(answer.body as BodyInit | null, { status: answer.status, headers: answer.headers });
  }

  const response = await next();
  const type = response.headers.get("content-type") ?? "";
  const own = response.headers.get("cache-control");
  if (response.status !== 200 || !CACHEABLE_TYPES.test(type) || response.headers.has("set-cookie") || /no-store|private/.test(own ?? "")) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  headers["cache-control"] = own ?? `public, max-age=${PUBLIC_MAX_AGE}`;
  // The start script answers hits without passing through finishResponse: store the charset with the page.
  if (/^text\/html\s*$/i.test(headers["content-type"] ?? "")) headers["content-type"] = "text/html; charset=utf-8";
  headers["content-security-policy"] ??= FALLBACK_CSP;
  // Pages differ by the display-mode cookie (elder mode): a browser or proxy must not reuse one mode's copy for the
  // other, e.g. the copy cached just before the switch. Feeds and JSON are the same in both modes.
  if (headers["content-type"]?.startsWith("text/html")) headers.vary = "Cookie";
  const etag = headers.etag ?? etagOf(body);
  headers.etag = etag;
  // A HEAD request is answered with GET's headers, but what it rendered is not stored for GET.
  if (enabled && request.method === "GET") cache.set(key, body, headers);
  if (etagMatches(request.headers.get("if-none-match"), etag)) {
    const notModified: Record<string, string> = { etag, "cache-control": headers["cache-control"] ?? "", "x-cache": "MISS" };
    if (headers.vary) notModified.vary = headers.vary;
    return new Response(null, { status: 304, headers: notModified });
  }
  return new Response(body as BodyInit, { status: 200, headers: { ...headers, "x-cache": enabled ? "MISS" : "OFF" } });
});

// Paraglide reads the request's locale from this store (its own middleware would do the same, but it clones the
// request, and a cloned body is teed: an upload would be held in memory for the copy nobody reads).
if (!getServerAsyncLocalStorage()) overwriteServerAsyncLocalStorage(new AsyncLocalStorage());
const localeStore = getServerAsyncLocalStorage()!;

/** The page in the URL's language: /en/report renders /report in English, with the language kept for the request. */
const localeStep = defineMiddleware((context, next) => {
  const { pathname, search } = context.url;
  const prefixed = prefixLocale(pathname);
  const rest = prefixed ? pathname.slice(prefixed.length + 1) || "/" : pathname;
  // /en/admin, /mn/api/v1/… do not exist: only public pages have other languages (and the gate above saw /en/admin).
  if (prefixed && !isLocalizablePath(rest)) {
    return new Response("页面不存在 / Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const locale: Locale = prefixed ?? "zh";
  context.locals.locale = locale;
  return localeStore.run({ locale, origin: context.url.origin, messageCalls: new Set<string>() }, () => (prefixed ? next(rest + search) : next()));
});

export const onRequest = sequence(resolveClientStep, finishStep, guardStep, adminGateStep, pageCacheStep, localeStep);
