// GET /api/regions/search.json?q= — regions by part of the name or pinyin, for the place picker.
import type { APIRoute } from "astro";
import { z } from "zod";
import { searchRegions } from "../../../server/intake/options.ts";
import { db } from "../../../server/runtime.ts";

const query = z.string().trim().min(1, "请输入地名").max(30, "地名最多 30 个字");

export const GET: APIRoute = async ({ url }) => {
  const parsed = query.safeParse(url.searchParams.get("q") ?? "");
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message }, { status: 400 });
  return Response.json({ regions: await searchRegions(await db(), parsed.data) }, { headers: { "Cache-Control": "public, max-age=300" } });
};
