// The server process's single database handle. PGlite is single-process: the start script closes its own handle
// before the server opens this one.
import { resolve } from "node:path";
import { config } from "./config.ts";
import { LOCKS, migrateDatabase, openDatabase, type Database } from "./db.ts";
import { log } from "./log.ts";
import { onShutdown } from "./shutdown.ts";

let opening: Promise<Database> | undefined;

export function database(): Promise<Database> {
  opening ??= (async () => {
    const cfg = config();
    const database = await openDatabase({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.dataDir });
    // Idempotent; makes `astro dev` work on a fresh data directory too.
    await database.exclusive(LOCKS.setup, () => migrateDatabase(database, resolve("db/migrations")));
    log.info({ db: database.kind, where: database.where }, "database ready");
    // PGlite must be closed cleanly or the next start spends time on recovery.
    onShutdown(() => database.close());
    return database;
  })();
  return opening;
}

export async function db() {
  return (await database()).db;
}
