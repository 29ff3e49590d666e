// Leases on services only one instance may own (the bundled Meilisearch): a row per service, held by heartbeat.
// Taking one is a single conditional upsert, so two instances starting together cannot both win.
import { and, eq, lt, or } from "drizzle-orm";
import { serviceLeases } from "../../db/schema.ts";
import type { Tx } from "./db.ts";

export type LeaseResult = { ok: true } | { ok: false; holder: string; detail: string; expiresAt: Date };

export async function takeLease(tx: Tx, input: { name: string; holder: string; detail: string; ttlMs: number; mayReplace?: (holder: string, detail: string) => boolean }, now: Date): Promise<LeaseResult> {
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  const taken = async (extra?: string) => {
    const rows = await tx
      .insert(serviceLeases)
      .values({ name: input.name, holder: input.holder, detail: input.detail, expiresAt })
      .onConflictDoUpdate({
        target: serviceLeases.name,
        set: { holder: input.holder, detail: input.detail, expiresAt },
        // Free, expired, already ours — or the named holder, when the caller proved it is gone.
        setWhere: or(lt(serviceLeases.expiresAt, now), eq(serviceLeases.holder, input.holder), ...(extra ? [eq(serviceLeases.holder, extra)] : [])),
      })
      .returning({ holder: serviceLeases.holder });
    return rows.length === 1;
  };
  if (await taken()) return { ok: true };
  const [current] = await tx.select().from(serviceLeases).where(eq(serviceLeases.name, input.name)).limit(1);
  if (!current) return (await taken()) ? { ok: true } : { ok: false, holder: "?", detail: "", expiresAt: now };
  if (input.mayReplace?.(current.holder, current.detail) && (await taken(current.holder))) return { ok: true };
  return { ok: false, holder: current.holder, detail: current.detail, expiresAt: current.expiresAt };
}

/** Extends a lease we hold; false when another instance has taken it meanwhile. */
export async function renewLease(tx: Tx, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const rows = await tx
    .update(serviceLeases)
    .set({ expiresAt: new Date(now.getTime() + ttlMs) })
    .where(and(eq(serviceLeases.name, name), eq(serviceLeases.holder, holder)))
    .returning({ name: serviceLeases.name });
  return rows.length === 1;
}

export async function releaseLease(tx: Tx, name: string, holder: string): Promise<void> {
  await tx.delete(serviceLeases).where(and(eq(serviceLeases.name, name), eq(serviceLeases.holder, holder)));
}

/** Whether a holder id of the form host:pid:… (src/server/instance.ts) names a process gone from this host. */
export function holderIsDeadHere(holder: string, host: string): boolean {
  const [h, pid] = holder.split(":");
  if (h !== host || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

