// GET /open-data/audit-checkpoints.txt — the signed daily checkpoints of the audit log, for anyone to keep copies of.
import type { APIRoute } from "astro";
import { config } from "../../server/config.ts";
import { auditCheckpointsText } from "../../server/open-data.ts";
import { db } from "../../server/runtime.ts";

export const GET: APIRoute = async () => {
  const cfg = config();
  // Never from the page cache: a checkpoint is written daily, not when something is published.
  return new Response(await auditCheckpointsText(await db(), cfg.OFFICE_NAME, cfg.SITE_URL), { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
};
