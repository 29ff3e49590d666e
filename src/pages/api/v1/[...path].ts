// /api/v1/* — the read-only JSON API: route → zod-validated query → handler → JSON with ETag/Last-Modified and 304.
// Errors are JSON with a stable code and a Chinese message.
import type { APIRoute } from "astro";
import { z } from "zod";
import { ApiProblem, route } from "../../../server/api/endpoints.ts";
import { conditionalResponse } from "../../../server/conditional.ts";
import { db } from "../../../server/runtime.ts";

const problem = (status: number, code: string, message: string) =>
  Response.json({ code, message }, { status, headers: { "cache-control": "no-store", "access-control-allow-origin": "*" } });

// zod's own messages (a number that is not one, a value outside a list) in Chinese; the schemas' messages stay first.
const chinese = z.locales.zhCN().localeError;

export const GET: APIRoute = async ({ url, request }) => {
  // The path as sent, decoded once by route(): Astro's params are decoded already, and decoding them again would
  // read /notices/%2531 as /notices/1 and throw on /notices/%25.
  // (context.url's pathname is decoded too: request.url is the URL as sent.)
  const found = route(new URL(request.url).pathname.replace(/^\/api\/v1\/?/, ""));
  if (!found) return problem(404, "not_found", "没有这个接口，请查看 /api/v1/openapi.json");
  const raw = Object.fromEntries(url.searchParams);
  const parsed = found.endpoint.query.safeParse(raw, { error: chinese });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "query");
    return problem(400, "invalid_parameter", `参数 ${name} 有误：${issue.code === "unrecognized_keys" ? "不支持的参数" : issue.message}`);
  }
  try {
    const { body, lastModified } = await found.endpoint.handler(await db(), parsed.data, found.params, new Date());
    const res = conditionalResponse(request, JSON.stringify(body), { contentType: "application/json; charset=utf-8", lastModified, maxAge: 60 });
    res.headers.set("access-control-allow-origin", "*");
    return res;
  } catch (err) {
    if (err instanceof ApiProblem) return problem(err.status, err.code, err.message);
    throw err;
  }
};
