// Reference data 参考数据 in memory: regions, units, routing rules, the official calendar, settings — read by nearly
// every page, changed only by staff. Each is loaded once and kept until the page cache is cleared (src/server/cache.ts
// PageCache.clear): on the change signal, within a poll on every instance, and at once on the instance where staff
// wrote. A load that fails is not kept, so the next request tries again.
//
// What is kept is shared by every request: callers must not change it (loaders freeze what they can).
//
// A change to reference data writes no outbox row, so each one also moves the `reference_generation` setting in its
// own transaction (referenceChanged); the poll reads it with the outbox and the alert queue (changeGeneration), so a
// change made by another instance or another process (npm run calendar:load) reaches this one within a poll.
import { sql } from "drizzle-orm";
import { alertQueue, searchOutbox, settings } from "../../db/schema.ts";
import { firstRow, type Tx } from "./db.ts";

const KEY = Symbol.for("health-towns.reference");
type Holder = { entries: Map<string, Promise<unknown>>; databases: WeakMap<object, number>; nextDatabase: number };
// Shared through globalThis like the page cache: the start script and the Astro bundle load this module twice.
const holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= { entries: new Map(), databases: new WeakMap(), nextDatabase: 1 });

export function reference<T>(key: string, load: () => Promise<T>): Promise<T> {
  const held = holder.entries.get(key) as Promise<T> | undefined;
  if (held) return held;
  const loading = load();
  holder.entries.set(key, loading);
  loading.catch(() => {
    if (holder.entries.get(key) === loading) holder.entries.delete(key);
  });
  return loading;
}

/**
 * `reference` for data read from `tx`'s database. A process may hold several databases (the tests open one per case
 * and driver), so entries are kept per database. Drizzle gives a database and every transaction opened on it the same
 * dialect object, which is what tells them apart.
 *
 * Inside a transaction what is held is used, but what is loaded is not kept: it may include the transaction's own
 * uncommitted writes (a seed that loads units, then adds more) or vanish with a rollback.
 */
export function referenceOf<T>(tx: Tx, key: string, load: () => Promise<T>): Promise<T> {
  const owner = (tx as unknown as { dialect?: object }).dialect ?? tx;
  let id = holder.databases.get(owner);
  if (id === undefined) holder.databases.set(owner, (id = holder.nextDatabase++));
  const full = `${id}:${key}`;
  if (typeof (tx as { rollback?: unknown }).rollback === "function") return (holder.entries.get(full) as Promise<T> | undefined) ?? load();
  return reference(full, load);
}

/** Everything goes: the next request reads it afresh. */
export function dropReference(): void {
  holder.entries.clear();
}

/** Rows frozen, one level deep: a shared list that no caller can change by accident. */
export function frozen<T extends object>(rows: T[]): readonly Readonly<T>[] {
  for (const r of rows) Object.freeze(r);
  return Object.freeze(rows);
}

export const REFERENCE_GENERATION = "reference_generation";

/**
 * Call in the transaction that changes reference data: moves the generation every instance polls, and drops what
 * this one holds. The drop happens before the commit, so a request may still load the old rows meanwhile; the poll
 * that sees the new generation drops them again.
 */
export async function referenceChanged(tx: Tx): Promise<void> {
  await tx
    .insert(settings)
    .values({ key: REFERENCE_GENERATION, value: 1 })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`to_jsonb(coalesce((${settings.value} #>> '{}')::bigint, 0) + 1)`, updatedAt: sql`now()` } });
  dropReference();
}

/**
 * What the page cache poll compares (src/middleware.ts): the newest outbox and alert queue ids and the reference
 * generation, in one statement. A change in any means something was published or staff changed reference data.
 */
export async function changeGeneration(tx: Tx): Promise<string> {
  const res = await tx.execute(
    sql`select (select max(${searchOutbox.id}) from ${searchOutbox}) as s, (select max(${alertQueue.id}) from ${alertQueue}) as a, (select ${settings.value} #>> '{}' from ${settings} where ${settings.key} = ${REFERENCE_GENERATION}) as r`,
  );
  const row = firstRow<{ s: unknown; a: unknown; r: unknown }>(res);
  return `${row?.s ?? 0}:${row?.a ?? 0}:${row?.r ?? 0}`;
}
