import type { APIRoute } from "astro";
import { conditionalResponse } from "../../../server/conditional.ts";
import { noticesFeed } from "../../../server/feeds.ts";
import { isNoticeType } from "../../../server/notices.ts";
import { db } from "../../../server/runtime.ts";

export const GET: APIRoute = async ({ request, params, rewrite }) => {
  if (!isNoticeType(params.type ?? "")) return rewrite("/404");
  const feed = await noticesFeed(await db(), params.type as never);
  return conditionalResponse(request, feed.xml, { contentType: "application/atom+xml; charset=utf-8", lastModified: feed.updated, maxAge: 60 });
};
