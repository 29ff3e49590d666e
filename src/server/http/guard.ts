// Malformed requests answered before any route runs, so that no input a client chooses can reach the database or a
// handler in a shape it cannot take (issue 12: 500 answers from fuzzing):
// - TRACE, TRACK and CONNECT: 405 (the fetch Request cannot even be built for them, so scripts/start.ts answers them
//   before Astro's adapter);
// - a C0 control character or DEL (%00–%1F, %7F) or a malformed %-escape in the path or the query: 400 — PostgreSQL
//   refuses NUL in text, and no link of the portal ever carries one;
// - a method an API route does not have: 405 with Allow, as JSON (GeoReport errors on Open311);
// - Open311 in XML (`.xml`): 406, the endpoint speaks JSON only;
// - /_image, Astro's image endpoint, which the portal does not use: 404.
// Control characters in form fields are dealt with where forms are read (src/server/http/body.ts).

export const UNSUPPORTED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);
const SITE_METHODS = "GET, HEAD, POST";

const NO_STORE = { "cache-control": "no-store" } as const;
const CONTROL = /[\u0000-\u001f\u007f]/;

type Flavour = "api" | "open311" | "page";
const flavourOf = (path: string): Flavour => (path === "/api" || path.startsWith("/api/") ? "api" : path.startsWith("/open311/") ? "open311" : "page");

function answer(flavour: Flavour, status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  if (flavour === "api") return Response.json({ code, message }, { status, headers: { ...NO_STORE, "access-control-allow-origin": "*", ...headers } });
  if (flavour === "open311") return Response.json([{ code: status, description: message }], { status, headers: { ...NO_STORE, ...headers } });
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", ...NO_STORE, ...headers } });
}

/** The 405 for TRACE/TRACK/CONNECT, written by the start script straight to the socket. */
export const UNSUPPORTED_METHOD_ANSWER = {
  status: 405,
  headers: { allow: SITE_METHODS, "content-type": "text/plain; charset=utf-8", ...NO_STORE, connection: "close" },
  body: "不支持此请求方法",
} as const;

/** The methods each API route has (HEAD goes with GET); null for paths that are not API routes. */
export function allowedMethods(path: string): string[] | null {
  if (path === "/api/reports") return ["POST"];
  if (path === "/open311/v2/requests.json") return ["GET", "HEAD", "POST"];
  if (path.startsWith("/api/") || path.startsWith("/open311/")) return ["GET", "HEAD"];
  return null;
}

/** Whether a path holds a C0 control character or DEL once decoded; undefined when its %-escapes are malformed. */
function controlIn(raw: string): boolean | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return CONTROL.test(decoded);
}

/** The answer to a request that must not reach a route, or null. */
export function guardRequest(method: string, url: URL): Response | null {
  const path = url.pathname;
  const flavour = flavourOf(path);
  if (UNSUPPORTED_METHODS.has(method.toUpperCase())) return answer(flavour, 405, "method_not_allowed", UNSUPPORTED_METHOD_ANSWER.body, { allow: SITE_METHODS });
  if (path === "/_image" || path.startsWith("/_image/")) return answer("page", 404, "not_found", "页面不存在");

  const pathControl = controlIn(path);
  if (pathControl !== false) return answer(flavour, 400, "invalid_path", pathControl === undefined ? "网址中的编码有误" : "网址中含有控制字符");
  // Each name and value as the routes read them: URLSearchParams keeps a malformed escape as typed (harmless), but
  // turns %00 into NUL.
  let queryControl = false;
  for (const [k, v] of url.searchParams) if (CONTROL.test(k) || CONTROL.test(v)) queryControl = true;
  if (queryControl) return answer(flavour, 400, "invalid_query", "查询参数中含有控制字符（如 %00），请删除后重试");

  if (flavour === "open311" && /\.xml$/i.test(path)) {
    return answer("open311", 406, "not_acceptable", "本接口只提供 JSON 格式：请把网址结尾的 .xml 换成 .json");
  }
  const allowed = allowedMethods(path);
  const m = method.toUpperCase();
  if (allowed && !allowed.includes(m)) {
    return answer(flavour, 405, "method_not_allowed", `此接口只接受 ${allowed.filter((x) => x !== "HEAD").join("、")} 请求`, { allow: allowed.join(", ") });
  }
  return null;
}
