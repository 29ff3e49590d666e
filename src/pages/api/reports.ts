// POST /api/reports — the island's submission (multipart, Idempotency-Key header). Same rules as the plain form.
import type { APIRoute } from "astro";
import { receiveReport } from "../../server/intake/receive.ts";
import { presentOutcome } from "../../server/intake/present.ts";
import { REFUSAL_HEADERS } from "../../server/http/body.ts";

export const POST: APIRoute = async ({ request, locals }) => {
  const received = await receiveReport(request, locals.client.address);
  if ("retryAfterMs" in received && received.retryAfterMs) locals.retryAfterSeconds = received.retryAfterMs / 1000;
  const refused = "bodyRefused" in received ? REFUSAL_HEADERS : {};
  return Response.json(presentOutcome(received), { status: received.http, headers: { "Cache-Control": "no-store", ...refused } });
};
