// Fresh, migrated databases for integration tests: PGlite in a temp dir, and a new PostgreSQL database per call
// on the server named by DATABASE_URL (CI always sets it; without it the PostgreSQL half is skipped loudly).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openDatabase, type Database } from "../../src/server/db.ts";
import { emptyPostgresDatabase } from "./postgres.ts";

export const MIGRATIONS = new URL("../../db/migrations", import.meta.url).pathname;

export interface TestDatabase extends Database {
  dispose(): Promise<void>;
}

export const postgresServerUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

if (!postgresServerUrl) {
  if (process.env.CI) throw new Error("CI 必须设置 DATABASE_URL，集成测试需要真实的 PostgreSQL");
  console.warn("⚠ DATABASE_URL 未设置：跳过 PostgreSQL 上的集成测试，只在 PGlite 上运行");
}

/** The drivers to run each integration test on. */
export const DRIVERS = (postgresServerUrl ? ["pglite", "postgres"] : ["pglite"]) as ("pglite" | "postgres")[];

export async function freshDatabase(driver: "pglite" | "postgres"): Promise<TestDatabase> {
  if (driver === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "htp-pglite-"));
    const database = await openDatabase({ dataDir: dir });
    await migrateDatabase(database, MIGRATIONS);
    return {
      ...database,
      dispose: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!postgresServerUrl) throw new Error("DATABASE_URL is not set");
  const empty = await emptyPostgresDatabase(postgresServerUrl, "htp_test");
  const database = await openDatabase({ databaseUrl: empty.url, dataDir: tmpdir() });
  await migrateDatabase(database, MIGRATIONS);
  return {
    ...database,
    dispose: async () => {
      await database.close();
      await empty.drop();
    },
  };
}
