import type { APIRoute } from "astro";
import { conditionalResponse } from "../../../server/conditional.ts";
import { regionFeed } from "../../../server/feeds.ts";
import { db } from "../../../server/runtime.ts";

export const GET: APIRoute = async ({ request, params, rewrite }) => {
  const code = params.prefectureCode ?? "";
  const feed = /^\d{6}$/.test(code) ? await regionFeed(await db(), code) : null;
  if (!feed) return rewrite("/404");
  return conditionalResponse(request, feed.xml, { contentType: "application/atom+xml; charset=utf-8", lastModified: feed.updated, maxAge: 60 });
};
