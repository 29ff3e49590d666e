// 退出: ends this session only.
import type { APIRoute } from "astro";
import { blankSessionCookie, invalidateSession } from "../../server/auth/sessions.ts";
import { config } from "../../server/config.ts";
import { db } from "../../server/runtime.ts";

export const POST: APIRoute = async ({ locals }) => {
  if (locals.staff) await invalidateSession(await db(), locals.staff.session.id);
  return new Response(null, { status: 303, headers: { location: "/admin/login", "set-cookie": blankSessionCookie(config().secureCookies) } });
};
