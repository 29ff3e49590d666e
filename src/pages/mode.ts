// GET /mode?to=elder|standard&back=/path — switches between the standard and the elder (大字版) layout without
// JavaScript: remembers the choice in a cookie and goes back to the page the link was on (same-site paths only).
import type { APIRoute } from "astro";
import { z } from "zod";
import { config } from "../server/config.ts";
import { modeCookie, safeReturnPath } from "../server/display-mode.ts";

const query = z.object({ to: z.enum(["elder", "standard"]).catch("standard"), back: z.string().optional().catch(undefined) });

export const GET: APIRoute = ({ url }) => {
  const { to, back } = query.parse(Object.fromEntries(url.searchParams));
  const headers = new Headers({ location: safeReturnPath(back), "cache-control": "no-store" });
  headers.append("set-cookie", modeCookie(to, config().secureCookies));
  return new Response(null, { status: 303, headers });
};
