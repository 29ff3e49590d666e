// Background work of the server process, one timer each: the search outbox drain, and the deadline scheduler
// (overdue marking, reminders, mail). Several instances may run: outbox writes are idempotent upserts, and the
// scheduler takes a PostgreSQL advisory lock (src/server/scheduler.ts).
import { config } from "./config.ts";
import { database } from "./runtime.ts";
import { log } from "./log.ts";
import { configuredMailer, type Mailer } from "./mail.ts";
import { runScheduler } from "./scheduler.ts";
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
  every(cfg.SCHEDULER_INTERVAL_SECONDS * 1000, "deadline scheduler", async () => {
    const run = await runScheduler(await database(), new Date(), { mailer, siteUrl: cfg.SITE_URL });
    if (run.overdue || run.reminded || run.mailed) log.info(run, "deadline scheduler");
  });
}
