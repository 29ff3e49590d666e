import type { APIRoute } from "astro";
import { conditionalResponse } from "../server/conditional.ts";
import { sitemapXml } from "../server/sitemap.ts";
import { db } from "../server/runtime.ts";

export const GET: APIRoute = async ({ request }) =>
  conditionalResponse(request, await sitemapXml(await db()), { contentType: "application/xml; charset=utf-8", lastModified: null, maxAge: 600 });
