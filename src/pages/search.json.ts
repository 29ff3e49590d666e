// GET /search.json?q= — the same search as /search, as JSON (for scripts and a future instant-results island).
import type { APIRoute } from "astro";
import { db } from "../server/runtime.ts";
import { searchPage } from "../server/search/page.ts";

export const GET: APIRoute = async ({ url }) => {
  const page = await searchPage(await db(), url.searchParams, new Date());
  if (page.status === "invalid") return Response.json({ error: page.message }, { status: 400 });
  if (page.status === "empty") return Response.json({ hits: [], total: 0, degraded: false });
  const { hits, total, degraded, facets } = page.result;
  // Answered by the database because search was down: not worth keeping once search is back.
  return Response.json({ hits, total, degraded, facets, page: page.query.page }, { headers: { "Cache-Control": degraded ? "no-store" : "public, max-age=30" } });
};
