// Shared plumbing for the command-line scripts: one clear line on failure, never a bare stack trace.
import { ConfigError, parseConfig, type Config } from "../src/server/config.ts";
import { DatabaseError, LOCKS, migrateDatabase, openDatabase, type Database } from "../src/server/db.ts";

export const MIGRATIONS = new URL("../db/migrations", import.meta.url).pathname;

export function fail(message: string): never {
  console.error(`✗ ${message}`);
  process.exit(1);
}

export function loadConfig(): Config {
  try {
    return parseConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}

export async function openMigrated(cfg: Config): Promise<Database> {
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.dataDir });
  } catch (err) {
    if (err instanceof DatabaseError) fail(err.message);
    throw err;
  }
  try {
    // Instances started together on an empty database: one migrates, the others wait and find nothing to do.
    await database.exclusive(LOCKS.setup, () => migrateDatabase(database, MIGRATIONS));
  } catch (err) {
    await database.close().catch(() => {});
    fail(`数据库迁移失败 (${database.where}): ${(err as Error).message}`);
  }
  return database;
}
