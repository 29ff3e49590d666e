// Reference data 参考数据 in memory: regions, units, routing rules, the official calendar, settings — read by nearly
// every page, changed only by staff. Each is loaded once and kept until the page cache is cleared (src/server/cache.ts
// PageCache.clear): on the outbox signal, within a poll on every instance, and at once on the instance where staff
// wrote. A load that fails is not kept, so the next request tries again.
const KEY = Symbol.for("health-towns.reference");
type Holder = { entries: Map<string, Promise<unknown>> };
// Shared through globalThis like the page cache: the start script and the Astro bundle load this module twice.
const holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= { entries: new Map() });

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

/** Everything goes: the next request reads it afresh. */
export function dropReference(): void {
  holder.entries.clear();
}
