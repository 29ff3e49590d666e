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
  close(): Promise<void>;
}

export class DatabaseError extends Error {}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}

async function openPostgres(url: string): Promise<Database> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const where = redact(url);
  const client = postgres(url, { onnotice: () => {}, max: 10, connect_timeout: 10 });
  try {
    await client`select 1`;
  } catch (err) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseError(`无法连接数据库 ${where}: ${(err as Error).message}`);
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "postgres", where, close: () => client.end({ timeout: 5 }) };
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
  return { db, kind: "pglite", where: dir, close: () => client.close() };
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
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(无效的 DATABASE_URL)";
  }
}
