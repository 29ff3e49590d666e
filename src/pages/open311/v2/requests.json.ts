// GET /open311/v2/requests.json — public-safe summaries; POST — file a complaint through the same intake as the form.
import type { APIRoute } from "astro";
import { config } from "../../../server/config.ts";
import { listRequests, postRequest } from "../../../server/open311.ts";
import { db } from "../../../server/runtime.ts";
import { BodyError, FORM_LIMITS, readForm, REFUSAL_HEADERS } from "../../../server/http/body.ts";

/**
 * start_date/end_date that JavaScript reads as a date but PostgreSQL cannot compare (`150000` is the year 150000):
 * only years 1970–9999 are dates here.
 */
function dateOutOfRange(q: URLSearchParams): string | null {
  for (const param of ["start_date", "end_date"]) {
    const v = q.get(param);
    if (!v) continue;
    const year = new Date(v).getUTCFullYear();
    if (!Number.isNaN(year) && (year < 1970 || year > 9999)) return param;
  }
  return null;
}

export const GET: APIRoute = async ({ url }) => {
  const bad = dateOutOfRange(url.searchParams);
  if (bad) return Response.json([{ code: 400, description: `${bad} 须为 W3C 日期时间，如 2026-11-01T00:00:00+08:00` }], { status: 400, headers: { "cache-control": "no-store" } });
  const res = await listRequests(await db(), url.searchParams);
  return Response.json(res.body, { status: res.status, headers: { "cache-control": "public, max-age=60" } });
};

export const POST: APIRoute = async ({ request, locals }) => {
  let form;
  try {
    form = await readForm(request, FORM_LIMITS.small);
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    // GeoReport v2 errors: a list of {code, description}.
    const description = err.code === "unsupported_media_type" ? "请以 application/x-www-form-urlencoded 格式提交（GeoReport v2）" : err.message;
    return Response.json([{ code: err.status, description }], { status: err.status, headers: { "cache-control": "no-store", ...REFUSAL_HEADERS } });
  }
  const fields = Object.fromEntries([...form.fields].map(([k, v]) => [k, v.slice(0, 5000)]));
  const res = await postRequest(await db(), fields, locals.client.address, new Date(), config().REPORT_HOURLY_LIMIT);
  return Response.json(res.body, { status: res.status, headers: { "cache-control": "no-store" } });
};
