// The queue's URL: which tab, which filters, where the page starts. One schema for the list, the export and a saved
// filter, so what is exported or saved is exactly what is on screen; a malformed value falls back, never fails.
import { z } from "zod";
import { CASE_STATES } from "../../domain/cases.ts";
import { CASE_KINDS } from "../../domain/routing.ts";
import { QUEUES, type Queue, type QueueQuery } from "./queues.ts";

const queueUrl = z.object({
  queue: z.enum(Object.keys(QUEUES) as [Queue, ...Queue[]]).catch("mine"),
  unitId: z.string().max(40).optional().catch(undefined),
  state: z.enum(CASE_STATES).optional().catch(undefined),
  kind: z.enum(CASE_KINDS).optional().catch(undefined),
  q: z.string().trim().max(60).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});

export function parseQueueUrl(params: URLSearchParams): QueueQuery & { queue: Queue } {
  const raw = Object.fromEntries([...params].filter(([, v]) => v !== ""));
  const f = queueUrl.parse(raw);
  return { queue: f.queue, unitId: f.unitId, state: f.state, kind: f.kind, q: f.q || undefined, cursor: f.cursor };
}
