// The two databases the portal runs on, for the scenarios that compare them in one run: PGlite (the embedded
// default, a fresh DATA_DIR per portal) and PostgreSQL — a new database on DATABASE_URL's server when it is set,
// otherwise on a throwaway embedded PostgreSQL started here and stopped by its PID (tests/support code). The
// PostgreSQL database is created once per run and shared by the portals started on it; it is dropped at the end.
import { redact } from "../../src/server/db.ts";
import { startEmbeddedPostgres, type PostgresServer } from "../../tests/support/postgres-server.ts";
import { emptyPostgresDatabase, type EmptyDatabase } from "../../tests/support/postgres.ts";

export type DatabaseName = "PGlite" | "PostgreSQL";

export interface BenchDatabase {
  name: DatabaseName;
  /** Extra environment for startPortal. */
  env: Record<string, string>;
}

let server: PostgresServer | undefined;
let database: EmptyDatabase | undefined;
let unavailable: string | undefined;

async function postgresEnv(): Promise<Record<string, string> | undefined> {
  if (database) return { DATABASE_URL: database.url };
  if (unavailable) return undefined;
  try {
    const configured = process.env.DATABASE_URL;
    if (!configured) {
      server = await startEmbeddedPostgres();
      console.log(`（PostgreSQL：未设置 DATABASE_URL，已启动临时服务器 ${redact(server.url)}，PID ${server.pid}）`);
    }
    database = await emptyPostgresDatabase(configured ?? server!.url, "htp_bench");
    return { DATABASE_URL: database.url };
  } catch (err) {
    unavailable = (err as Error).message.split("\n")[0];
    console.log(`（PostgreSQL 不可用，跳过：${unavailable}）`);
    return undefined;
  }
}

/** PGlite, and PostgreSQL when one can be had. */
export async function benchDatabases(): Promise<BenchDatabase[]> {
  const pg = await postgresEnv();
  return [{ name: "PGlite", env: {} }, ...(pg ? [{ name: "PostgreSQL" as const, env: pg }] : [])];
}

/** Drops the bench's PostgreSQL database and stops the embedded server if one was started. */
export async function closeBenchDatabases(): Promise<void> {
  await database?.drop().catch(() => {});
  database = undefined;
  await server?.stop();
  server = undefined;
}
