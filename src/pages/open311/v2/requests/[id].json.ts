// GET /open311/v2/requests/{service_request_id}.json — one public-safe summary.
import type { APIRoute } from "astro";
import { oneRequest } from "../../../../server/open311.ts";
import { db } from "../../../../server/runtime.ts";

export const GET: APIRoute = async ({ params }) => {
  // A service_request_id is a tracking number (letters and digits). Anything else names nothing; checked here because
  // Astro decodes the path parameter, so `%2500` would reach the database as NUL (a 500).
  const id = params.id ?? "";
  if (!/^[A-Za-z0-9]{1,40}$/.test(id)) return Response.json([{ code: 404, description: "没有这个编号的公开事项" }], { status: 404 });
  const res = await oneRequest(await db(), id);
  return Response.json(res.body, { status: res.status });
};
