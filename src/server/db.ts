// Driver choice (DESIGN.md §8): DATABASE_URL set → PostgreSQL through `postgres`; unset → PGlite under DATA_DIR.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "../../db/schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: services accept either so callers can compose them atomically. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Human-readable location without credentials, for logs. */
  where: string;
  /**
   * Runs `fn` while holding a session-level advisory lock on PostgreSQL, so that work which must happen once
   * (migrations, the first seed) is done by one instance while the others wait, then find it done. PGlite has
   * one process only: there, `fn` just runs.
   */
  exclusive<T>(lockKey: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Advisory lock keys: one per kind of once-only work. Each must differ from every other advisory key in use (the
 * audit chain's 7_240_601, the scheduler's 7_240_602): the first-run seed runs under `setup` and writes audit rows, so
 * sharing a key with the audit lock would leave it waiting on itself.
 */
export const LOCKS = { setup: 7_240_600 } as const;

export class DatabaseError extends Error {}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL only: statements running longer are cancelled by the server (the web server sets this). */
  statementTimeoutMs?: number | undefined;
}

/** What the server process allows one statement: a request waiting longer gets a 503, not a hung page. */
export const SERVER_STATEMENT_TIMEOUT_MS = 10_000;

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.statementTimeoutMs) : openPglite(opts.dataDir);
}

async function openPostgres(url: string, statementTimeoutMs?: number): Promise<Database> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const where = redact(url);
  const client = postgres(url, {
    onnotice: () => {},
    max: 10,
    // Fail fast while the server is away. A query waiting for a connection gives up after 3 s; the driver's
    // reconnect back-off (its default grows to 20 s, which kept requests waiting long after the server was back)
    // is capped at 1 s; idle connections close after a minute and none lives longer than 30 minutes, so
    // connections to a restarted or vanished server are replaced rather than reused.
    connect_timeout: 3,
    backoff: (attempt) => Math.min(0.05 * 2 ** attempt, 1),
    idle_timeout: 60,
    max_lifetime: 30 * 60,
    ...(statementTimeoutMs ? { connection: { statement_timeout: statementTimeoutMs } } : {}),
  });
  try {
    await client`select 1`;
  } catch (err) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseError(`无法连接数据库 ${where}: ${(err as Error).message}`, { cause: err });
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  const exclusive = async <T>(lockKey: number, fn: () => Promise<T>): Promise<T> => {
    // A reserved connection holds the lock for as long as `fn` takes, whatever connections `fn` itself uses. It is
    // polled with try-lock rather than waited for, so a statement timeout never cancels the wait.
    const conn = await client.reserve();
    try {
      for (;;) {
        const [row] = await conn`select pg_try_advisory_lock(${lockKey}) as ok`;
        if (row?.ok) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      try {
        return await fn();
      } finally {
        await conn`select pg_advisory_unlock(${lockKey})`;
      }
    } finally {
      conn.release();
    }
  };
  return { db, kind: "postgres", where, exclusive, close: () => client.end({ timeout: 5 }) };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = join(dataDir, "pglite");
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new DatabaseError(`无法创建数据目录 ${dir}: ${(err as Error).message}`);
  }
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create(dir);
  } catch (err) {
    throw new DatabaseError(`无法打开嵌入式数据库 ${dir}: ${(err as Error).message}`);
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "pglite", where: dir, exclusive: (_key, fn) => fn(), close: () => client.close() };
}

const preparedByHandle = new WeakMap<object, Map<string, unknown>>();

/**
 * A public page's statement, built by Drizzle once per database handle rather than on every request (building it
 * was a tenth of an uncached page's CPU time); values are passed as `sql.placeholder`s when it runs. A transaction is
 * a handle of its own and gets its own copy, dropped with it.
 */
export function prepared<T>(tx: Tx, name: string, build: (tx: Tx) => T): T {
  let statements = preparedByHandle.get(tx);
  if (!statements) preparedByHandle.set(tx, (statements = new Map()));
  let statement = statements.get(name) as T | undefined;
  if (!statement) statements.set(name, (statement = build(tx)));
  return statement;
}

/** The first row of a raw `execute()`: postgres.js answers with the rows themselves, PGlite with `{ rows }`. */
export function firstRow<T>(result: unknown): T | undefined {
  return (Array.isArray(result) ? result[0] : (result as { rows: unknown[] }).rows[0]) as T | undefined;
}

/** Run the committed drizzle-kit migrations; the same folder serves both drivers. */
export async function migrateDatabase(database: Database, migrationsFolder: string): Promise<void> {
  if (database.kind === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(database.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder });
  }
  // Data a SQL migration cannot write: case clocks are folded from the events by the domain rule.
  const { backfillCaseClocks } = await import("./cases/clock-store.ts");
  const { loadCalendar } = await import("./calendar.ts");
  await database.db.transaction((tx) => backfillCaseClocks(tx, () => loadCalendar(tx)));
}

/** The URL without its password, for logs and messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(无效的 DATABASE_URL)";
  }
}
