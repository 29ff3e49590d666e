// Background work of the server process, one timer each: the search outbox drain, and the deadline scheduler
// (overdue marking, reminders, mail, the daily audit checkpoint, fetching the monitored feeds). Several instances may
// run: outbox writes are idempotent upserts, and each scheduler tick is run by the one instance that claims its row
// (src/server/scheduler.ts).
import { config } from "./config.ts";
import { database } from "./runtime.ts";
import { log } from "./log.ts";
import { configuredMailer, type Mailer } from "./mail.ts";
import { claimTick, runScheduler } from "./scheduler.ts";
import { writeDailyCheckpoint } from "./audit-checkpoints.ts";
import { instanceId } from "./instance.ts";
import { pruneSpentProofs } from "./intake/abuse.ts";
import { throttlePurge } from "./throttle.ts";
import { sweepOrphanEvidence } from "./intake/evidence.ts";
import { evidenceDir } from "./evidence-store.ts";
import { caseEvidence } from "../../db/schema.ts";
import { inArray } from "drizzle-orm";
import { drainOutbox, retryWaitingNow, searchAnswers } from "./search/meili.ts";
import { indexingClient } from "./search/backend.ts";
import { onShutdown } from "./shutdown.ts";
import { pageCache } from "./cache.ts";
import { pollDueSources } from "./monitoring/poll.ts";

let started = false;
let polling = false;

const isSearchPage = (key: string) => /^\/search(\.json)?(\?|$)/.test(key);

function every(ms: number, name: string, fn: () => Promise<void>): void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await fn();
    } catch (err) {
      // While the database is known to be away, every job fails the same way; that is logged once elsewhere.
      if ((err as { code?: string }).code !== "DATABASE_UNAVAILABLE") log.warn({ err: (err as Error).message }, `${name} failed`);
    } finally {
      running = false;
    }
  };
  setInterval(tick, ms).unref();
  void tick();
}

export function startBackgroundJobs(intervalMs = 2000): void {
  if (started) return;
  started = true;
  const cfg = config();
  const client = indexingClient();
  if (client) {
    // A failed batch waits out its back-off (30 s doubling to an hour) — unless Meilisearch itself was down: then
    // the drain watches its health, and the moment it answers again every waiting row is retried at once.
    let searchDown = false;
    every(intervalMs, "search outbox drain", async () => {
      const { db } = await database();
      if (searchDown) {
        if (!(await searchAnswers(client))) return;
        searchDown = false;
        log.info({ rows: await retryWaitingNow(db, new Date()) }, "search service answers again; retrying the outbox now");
      }
      const { done, failed } = await drainOutbox(client, db, new Date());
      // A publish clears the page cache when it is written, but it reaches the index only now: search results
      // cached in between would miss it for up to the cache's lifetime.
      if (done > 0) pageCache().drop(isSearchPage);
      if (failed > 0 && !(await searchAnswers(client))) searchDown = true;
    });
  }
  const mailer: Mailer | undefined = configuredMailer(cfg.SMTP_URL, cfg.MAIL_FROM) ?? undefined;
  if (mailer) onShutdown(() => mailer.close());
  const schedulerMs = cfg.SCHEDULER_INTERVAL_SECONDS * 1000;
  every(schedulerMs, "deadline scheduler", async () => {
    const now = new Date();
    const db = await database();
    if (!(await claimTick(db.db, now, schedulerMs, instanceId()))) return;
    await pruneSpentProofs(db.db, now);
    await throttlePurge(db.db, now);
    const run = await runScheduler(db, now, { mailer, siteUrl: cfg.SITE_URL });
    if (run.overdue || run.reminded || run.mailed) log.info(run, "deadline scheduler");
    // The audit chain's head, signed once per Shanghai day by whichever instance claims the first tick of the day.
    const checkpoint = await writeDailyCheckpoint(db.db, now);
    if (checkpoint) log.info({ id: checkpoint.id, rows: checkpoint.rowCount }, "audit checkpoint written");
    // Feeds are fetched beside the tick, not inside it: a slow feed must not hold back overdue marking. Sources are
    // leased one by one (poll.ts), so a run still going when another instance claims the next tick fetches nothing twice.
    if (!polling) {
      polling = true;
      pollDueSources(db.db, now, { intervalMinutes: cfg.MONITOR_FETCH_MINUTES, timeoutMs: cfg.MONITOR_FETCH_TIMEOUT_SECONDS * 1000, maxBytes: cfg.MONITOR_FETCH_MAX_MB * 1024 * 1024 })
        .then((s) => {
          if (s.fetched || s.notModified || s.failed) log.info(s, "monitoring feeds fetched");
        })
        .catch((err: Error & { code?: string }) => {
          if (err.code !== "DATABASE_UNAVAILABLE") log.warn({ err: err.message }, "monitoring fetch failed");
        })
        .finally(() => (polling = false));
    }
  });
  // Evidence files without a committed row (a report never stored: personal data) go after an hour. Every instance
  // may run it: a file is removed only when no row names it, and an hour is far beyond any submission in flight.
  every(EVIDENCE_SWEEP_MS, "orphan evidence sweep", async () => {
    const { db } = await database();
    const removed = await sweepOrphanEvidence(evidenceDir(), async (keys) => {
      const rows = await db.select({ key: caseEvidence.storageKey }).from(caseEvidence).where(inArray(caseEvidence.storageKey, keys));
      return new Set(rows.map((r) => r.key));
    }, new Date());
    if (removed.length) log.warn({ files: removed.length }, "removed evidence files that no stored report names");
  });
}

const EVIDENCE_SWEEP_MS = 10 * 60_000;
