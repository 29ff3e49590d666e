// Background work of the server process. One timer per process; with several instances, drains may overlap
// harmlessly because outbox writes are idempotent upserts (advisory locks come with the scheduler issue).
import { database } from "./runtime.ts";
import { log } from "./log.ts";
import { drainOutbox } from "./search/meili.ts";
import { searchClient } from "./search/backend.ts";

let started = false;

export function startBackgroundJobs(intervalMs = 5000): void {
  if (started) return;
  started = true;
  const client = searchClient();
  if (!client) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const { db } = await database();
      await drainOutbox(client, db, new Date());
    } catch (err) {
      log.warn({ err: (err as Error).message }, "search outbox drain failed");
    } finally {
      running = false;
    }
  };
  setInterval(tick, intervalMs).unref();
  void tick();
}
