// What a request gets when it failed because the database is unavailable: the last cached copy of a public page
// (X-Cache: STALE), else 503 with Retry-After — JSON for JSON endpoints, a short Chinese page for the rest.
// Any other error is not ours to answer and is thrown again (Astro renders the 500 page).
import { createHash } from "node:crypto";
import { isConnectionFailure, isDatabaseUnavailable, markDatabaseDown, RETRY_AFTER_SECONDS } from "./availability.ts";
import { answerFromCache, isCacheablePath, pageCache, pageCacheKey } from "./cache.ts";
import { log } from "./log.ts";

export const UNAVAILABLE_MESSAGE = "服务暂时不可用，请稍后再试";

let lastLogged = 0;

export function answerWhenDatabaseDown(err: unknown, request: Request, url: URL): Response {
  if (!isDatabaseUnavailable(err)) throw err;
  if (isConnectionFailure(err)) markDatabaseDown();
  const { method } = request;
  if ((method === "GET" || method === "HEAD") && isCacheablePath(url.pathname)) {
    // The copy in the reader's display mode (大字版 or standard), never the other one.
    const last = pageCache().stale(pageCacheKey(url.pathname + url.search, request.headers.get("cookie")));
    if (last) {
      const answer = answerFromCache(last, request.headers.get("if-none-match"));
      return new Response(answer.body as BodyInit | null, { status: answer.status, headers: answer.headers });
    }
  }
  const now = Date.now();
  if (now - lastLogged > 5000) {
    lastLogged = now;
    log.warn({ method, path: url.pathname, err: String((err as Error).message).split("\n")[0] }, "database unavailable: answering 503 (logged at most every 5 s)");
  }
  return unavailableResponse(url.pathname, request.headers.get("accept"));
}

export function unavailableResponse(pathname: string, accept: string | null): Response {
  const headers = { "retry-after": String(RETRY_AFTER_SECONDS), "cache-control": "no-store" };
  // Open311 clients expect GeoReport errors: a list of {code, description}.
  if (pathname.startsWith("/open311/")) return Response.json([{ code: 503, description: UNAVAILABLE_MESSAGE }], { status: 503, headers });
  if (wantsJson(pathname, accept)) return Response.json({ code: "service_unavailable", message: UNAVAILABLE_MESSAGE }, { status: 503, headers });
  return new Response(PAGE, { status: 503, headers: { ...headers, "content-type": "text/html; charset=utf-8", "content-security-policy": PAGE_CSP } });
}

function wantsJson(pathname: string, accept: string | null): boolean {
  if (pathname.endsWith(".json") || pathname.startsWith("/api/")) return true;
  return !!accept && accept.includes("application/json") && !accept.includes("text/html");
}

// Self-contained on purpose: nothing here may need the database (or anything else that might be down). Its one
// inline style is allowed by its hash and nothing else is.
const STYLE = "body{margin:0;font:17px/1.7 system-ui,sans-serif;color:#1f2328}header{background:#a3161a;color:#fff;padding:14px 20px;font-weight:600}main{max-width:40rem;padding:8px 20px}h1{font-size:1.5rem}a{color:#0b5394}";
const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务暂时不可用 - 全国健康城镇公示与监督平台</title>
<style>${STYLE}</style>
</head>
<body>
<header>全国健康城镇公示与监督平台</header>
<main>
<h1>服务暂时不可用</h1>
<p>${UNAVAILABLE_MESSAGE}。系统正在恢复，通常只需片刻；您填写的内容如未提交成功，请稍后重新提交。</p>
<p><a href="/">返回首页</a></p>
</main>
</body>
</html>
`;
