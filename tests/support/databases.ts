// Fresh, migrated databases for integration tests: PGlite in a temp dir, and a new PostgreSQL database per call on
// the run's PostgreSQL server — DATABASE_URL's when set (CI), else a throwaway embedded one started once for the run
// by tests/integration/global-setup.ts. Only when neither exists is the PostgreSQL half skipped (the global setup
// printed the one warning line; in CI it failed instead).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { migrateDatabase, openDatabase, type Database } from "../../src/server/db.ts";
import { emptyPostgresDatabase } from "./postgres.ts";

export const MIGRATIONS = new URL("../../db/migrations", import.meta.url).pathname;

export interface TestDatabase extends Database {
  /** The PostgreSQL database's URL, for a second handle acting as another instance (undefined on PGlite). */
  url?: string;
  dispose(): Promise<void>;
}

/** The run's PostgreSQL server URL, provided by tests/integration/global-setup.ts; undefined when there is none. */
export const postgresServerUrl = inject("postgresServerUrl") ?? undefined;

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
  if (!postgresServerUrl) throw new Error("no PostgreSQL server for this run (see tests/support/postgres-server.ts)");
  const empty = await emptyPostgresDatabase(postgresServerUrl, "htp_test");
  const database = await openDatabase({ databaseUrl: empty.url, dataDir: tmpdir() });
  await migrateDatabase(database, MIGRATIONS);
  return {
    ...database,
    url: empty.url,
    dispose: async () => {
      await database.close();
      await empty.drop();
    },
  };
}
