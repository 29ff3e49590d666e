// GET /open311/v2/requests.json — public-safe summaries; POST — file a complaint through the same intake as the form.
import type { APIRoute } from "astro";
import { config } from "../../../server/config.ts";
import { listRequests, postRequest } from "../../../server/open311.ts";
import { db } from "../../../server/runtime.ts";

export const GET: APIRoute = async ({ url }) => {
  const res = await listRequests(await db(), url.searchParams);
  return Response.json(res.body, { status: res.status, headers: { "cache-control": "public, max-age=60" } });
};

export const POST: APIRoute = async ({ request, locals }) => {
  const type = request.headers.get("content-type") ?? "";
  if (!/application\/x-www-form-urlencoded|multipart\/form-data/.test(type)) {
    return Response.json([{ code: 400, description: "请以 application/x-www-form-urlencoded 格式提交（GeoReport v2）" }], { status: 400 });
  }
  const form = await request.formData().catch(() => null);
  if (!form) return Response.json([{ code: 400, description: "无法读取提交的表单" }], { status: 400 });
  const fields = Object.fromEntries([...form].filter(([, v]) => typeof v === "string").map(([k, v]) => [k, String(v).slice(0, 5000)]));
  const res = await postRequest(await db(), fields, locals.client.address, new Date(), config().REPORT_HOURLY_LIMIT);
  return Response.json(res.body, { status: res.status, headers: { "cache-control": "no-store" } });
};
