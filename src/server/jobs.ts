// Background work of the server process, one timer each: the search outbox drain, and the deadline scheduler
// (overdue marking, reminders, mail). Several instances may run: outbox writes are idempotent upserts, and each
// scheduler tick is run by the one instance that claims its row (src/server/scheduler.ts).
import { config } from "./config.ts";
import { database } from "./runtime.ts";
import { log } from "./log.ts";
import { configuredMailer, type Mailer } from "./mail.ts";
import { claimTick, runScheduler } from "./scheduler.ts";
import { instanceId } from "./instance.ts";
import { pruneSpentProofs } from "./intake/abuse.ts";
import { drainOutbox } from "./search/meili.ts";
import { searchClient } from "./search/backend.ts";
import { onShutdown } from "./shutdown.ts";

let started = false;

function every(ms: number, name: string, fn: () => Promise<void>): void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await fn();
    } catch (err) {
      log.warn({ err: (err as Error).message }, `${name} failed`);
    } finally {
      running = false;
    }
  };
  setInterval(tick, ms).unref();
  void tick();
}

export function startBackgroundJobs(intervalMs = 5000): void {
  if (started) return;
  started = true;
  const cfg = config();
  const client = searchClient();
  if (client) every(intervalMs, "search outbox drain", async () => void (await drainOutbox(client, (await database()).db, new Date())));
  const mailer: Mailer | undefined = configuredMailer(cfg.SMTP_URL, cfg.MAIL_FROM) ?? undefined;
  if (mailer) onShutdown(() => mailer.close());
  const schedulerMs = cfg.SCHEDULER_INTERVAL_SECONDS * 1000;
  every(schedulerMs, "deadline scheduler", async () => {
    const now = new Date();
    const db = await database();
    if (!(await claimTick(db.db, now, schedulerMs, instanceId()))) return;
    await pruneSpentProofs(db.db, now);
    const run = await runScheduler(db, now, { mailer, siteUrl: cfg.SITE_URL });
    if (run.overdue || run.reminded || run.mailed) log.info(run, "deadline scheduler");
  });
}
