// The server process's single database handle. PGlite is single-process: the start script closes its own handle
// before the server opens this one. While PostgreSQL is known to be unreachable (src/server/availability.ts), the
// handle is refused at once, so that a request gets its 503 without waiting for a connection attempt.
import { resolve } from "node:path";
import { config } from "./config.ts";
import { LOCKS, migrateDatabase, openDatabase, SERVER_STATEMENT_TIMEOUT_MS, type Database } from "./db.ts";
import { sql } from "drizzle-orm";
import { databaseDown, DatabaseUnavailableError, markDatabaseUp } from "./availability.ts";
import { log } from "./log.ts";
import { onShutdown } from "./shutdown.ts";

let opening: Promise<Database> | undefined;

function open(): Promise<Database> {
  if (!opening) {
    const attempt = (async () => {
      const cfg = config();
      const database = await openDatabase({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.dataDir, statementTimeoutMs: SERVER_STATEMENT_TIMEOUT_MS });
      // Idempotent; makes `astro dev` work on a fresh data directory too.
      await database.exclusive(LOCKS.setup, () => migrateDatabase(database, resolve("db/migrations")));
      log.info({ db: database.kind, where: database.where }, "database ready");
      // PGlite must be closed cleanly or the next start spends time on recovery.
      onShutdown(() => database.close());
      return database;
    })();
    opening = attempt;
    // A failed open (the server was down at the first request) is not remembered: the next call tries again.
    attempt.catch(() => {
      if (opening === attempt) opening = undefined;
    });
  }
  return opening;
}

/** The handle; DatabaseUnavailableError at once while the database is known to be unreachable. */
export async function database(): Promise<Database> {
  const handle = await open();
  if (databaseDown()) {
    probe(handle);
    throw new DatabaseUnavailableError("数据库暂时不可用");
  }
  return handle;
}

export async function db() {
  return (await database()).db;
}

let probing = false;

/** One query at a time checks whether the database is back; the first that succeeds lets requests through again. */
function probe(handle: Database): void {
  if (probing) return;
  probing = true;
  handle.db
    .execute(sql`select 1`)
    .then(
      () => {
        markDatabaseUp();
        log.info("database reachable again");
      },
      () => {},
    )
    .finally(() => {
      probing = false;
    });
}
