// robots.txt: the public pages are for everyone; the back office, tracking and the API for the form are not indexed.
import type { APIRoute } from "astro";
import { config } from "../server/config.ts";

export const GET: APIRoute = () =>
  new Response(["User-agent: *", "Disallow: /admin", "Disallow: /track", "Disallow: /api/report", "Disallow: /search", "", `Sitemap: ${config().SITE_URL}/sitemap.xml`, ""].join("\n"), {
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "public, max-age=3600" },
  });
