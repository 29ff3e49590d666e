// GET /api/regions/{code}.json — the children of a region, for the report form's cascading place picker.
import type { APIRoute } from "astro";
import { z } from "zod";
import { childRegions } from "../../../server/intake/options.ts";
import { db } from "../../../server/runtime.ts";

const code = z.string().regex(/^\d{6}$/);

export const GET: APIRoute = async ({ params }) => {
  const parsed = code.safeParse(params.code);
  if (!parsed.success) return Response.json({ error: "地区代码应为 6 位数字" }, { status: 400 });
  const regions = await childRegions(await db(), parsed.data);
  return Response.json({ regions }, { headers: { "Cache-Control": "public, max-age=3600" } });
};
