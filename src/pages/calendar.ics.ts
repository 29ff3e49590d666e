// GET /calendar.ics — publicity windows, review-cycle milestones and open rectification due dates for calendar apps.
import type { APIRoute } from "astro";
import { conditionalResponse } from "../server/conditional.ts";
import { calendarFeed } from "../server/ics.ts";
import { db } from "../server/runtime.ts";

export const GET: APIRoute = async ({ request }) => {
  const { body, lastModified } = await calendarFeed(await db(), new Date());
  return conditionalResponse(request, body, { contentType: "text/calendar; charset=utf-8", lastModified, maxAge: 300 });
};
