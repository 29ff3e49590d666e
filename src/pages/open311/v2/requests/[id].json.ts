// GET /open311/v2/requests/{service_request_id}.json — one public-safe summary.
import type { APIRoute } from "astro";
import { oneRequest } from "../../../../server/open311.ts";
import { db } from "../../../../server/runtime.ts";

export const GET: APIRoute = async ({ params }) => {
  const res = await oneRequest(await db(), params.id ?? "");
  return Response.json(res.body, { status: res.status });
};
