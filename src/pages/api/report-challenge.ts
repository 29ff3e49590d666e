// GET /api/report-challenge — a fresh proof-of-work challenge for the report form (self-hosted ALTCHA).
import type { APIRoute } from "astro";
import { newChallenge } from "../../server/intake/abuse.ts";
import { db } from "../../server/runtime.ts";

export const GET: APIRoute = async () => {
  const challenge = await newChallenge(await db(), new Date());
  return Response.json(challenge, { headers: { "Cache-Control": "no-store" } });
};
