import type { APIRoute } from "astro";
import { conditionalResponse } from "../../server/conditional.ts";
import { noticesFeed } from "../../server/feeds.ts";
import { db } from "../../server/runtime.ts";

export const GET: APIRoute = async ({ request }) => {
  const feed = await noticesFeed(await db());
  return conditionalResponse(request, feed.xml, { contentType: "application/atom+xml; charset=utf-8", lastModified: feed.updated, maxAge: 60 });
};
