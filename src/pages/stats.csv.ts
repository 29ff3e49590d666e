// GET /stats.csv?year= — the public statistics per league/city and per month, UTF-8 with BOM.
import type { APIRoute } from "astro";
import { publicStats, statsYear } from "../server/case-stats.ts";
import { conditionalResponse } from "../server/conditional.ts";
import { statsCsv } from "../server/open-data.ts";
import { db } from "../server/runtime.ts";

export const GET: APIRoute = async ({ request, url }) => {
  const now = new Date();
  const year = statsYear(url.searchParams.get("year"), now);
  const body = statsCsv(await publicStats(await db(), year, now));
  const res = conditionalResponse(request, body, { contentType: "text/csv; charset=utf-8", lastModified: null, maxAge: 300 });
  res.headers.set("Content-Disposition", `attachment; filename="stats-${year}.csv"`);
  return res;
};
