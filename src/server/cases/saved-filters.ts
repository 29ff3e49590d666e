// Saved queue filters 常用筛选: a person keeps a filter of /admin/cases under a name — the query string itself, so
// applying one is a link. Saving and deleting are audited like any other staff write.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { savedFilters } from "../../../db/schema.ts";
import { appendAudit } from "../audit.ts";
import type { Db, Tx } from "../db.ts";
import { actorLabel, type StaffActor } from "./actions.ts";

/** The keys of the queue's URL a saved filter keeps; the cursor is a position, not a filter. */
export const FILTER_KEYS = ["queue", "unitId", "state", "kind", "q"] as const;
export const MAX_SAVED_FILTERS = 30;

/** The query string of a filter, its keys in a fixed order and only the ones that filter. */
export function filterQuery(params: URLSearchParams | Record<string, string | undefined>): string {
  const get = (k: string) => (params instanceof URLSearchParams ? params.get(k) : params[k]) ?? "";
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = get(k).trim().slice(0, 60);
    if (v) q.set(k, v);
  }
  return q.toString();
}

const saveForm = z.object({
  name: z.string({ error: "请为筛选条件起一个名称" }).trim().min(1, "请为筛选条件起一个名称").max(30, "名称不能超过 30 个字"),
  query: z.string().max(400, "筛选条件过长").default(""),
});

export type FilterResult = { ok: true; message: string } | { ok: false; status: 400 | 404 | 409 | 422; reason: string };

export async function listSavedFilters(tx: Tx, userId: string) {
  return tx.select({ id: savedFilters.id, name: savedFilters.name, query: savedFilters.query }).from(savedFilters).where(eq(savedFilters.staffUserId, userId)).orderBy(asc(savedFilters.name));
}

export async function saveFilter(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<FilterResult> {
  const parsed = saveForm.safeParse(form);
  if (!parsed.success) return { ok: false, status: 422, reason: parsed.error.issues[0]?.message ?? "筛选条件无效" };
  const { name } = parsed.data;
  const query = filterQuery(new URLSearchParams(parsed.data.query));
  return db.transaction(async (tx) => {
    const mine = await listSavedFilters(tx, actor.userId);
    if (mine.some((f) => f.name === name)) return { ok: false, status: 409, reason: `已有名为“${name}”的筛选条件，请换一个名称或先删除原有的` } as const;
    if (mine.length >= MAX_SAVED_FILTERS) return { ok: false, status: 422, reason: `每人最多保存 ${MAX_SAVED_FILTERS} 个筛选条件` } as const;
    const [row] = await tx.insert(savedFilters).values({ staffUserId: actor.userId, name, query, createdAt: now }).returning({ id: savedFilters.id });
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: actorLabel(actor), action: "saved_filter.create", objectType: "saved_filter", objectId: String(row!.id), details: { name, query } });
    return { ok: true, message: `已保存筛选条件“${name}”` } as const;
  });
}

export async function deleteFilter(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<FilterResult> {
  const id = z.coerce.number().int().min(1).max(2_147_483_647).safeParse(form.filterId);
  if (!id.success) return { ok: false, status: 400, reason: "要删除的筛选条件无效" };
  return db.transaction(async (tx) => {
    // Only one's own: another person's filter is simply not found.
    const [gone] = await tx
      .delete(savedFilters)
      .where(and(eq(savedFilters.id, id.data), eq(savedFilters.staffUserId, actor.userId)))
      .returning({ id: savedFilters.id, name: savedFilters.name, query: savedFilters.query });
    if (!gone) return { ok: false, status: 404, reason: "筛选条件不存在或已删除" } as const;
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: actorLabel(actor), action: "saved_filter.delete", objectType: "saved_filter", objectId: String(gone.id), details: { name: gone.name, query: gone.query } });
    return { ok: true, message: `已删除筛选条件“${gone.name}”` } as const;
  });
}
