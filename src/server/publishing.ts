// Publishing 发布: every change the public can see writes the search outbox in the same transaction, so search,
// feeds and the page cache follow within seconds and nothing is lost if Meilisearch is down (DESIGN.md §6).
import { and, eq } from "drizzle-orm";
import { notices, searchOutbox } from "../../db/schema.ts";
import type { Db, Tx } from "./db.ts";
import type { IndexName } from "./search/documents.ts";

export async function enqueueSearch(tx: Tx, index: IndexName, ids: (number | string)[], now: Date, op: "upsert" | "delete" = "upsert"): Promise<void> {
  if (ids.length === 0) return;
  await tx.insert(searchOutbox).values(ids.map((id) => ({ indexName: index, docId: String(id), op, createdAt: now, nextAttemptAt: now })));
}

/** Publishes a draft notice; throws (and writes nothing) when it is not a draft. */
export async function publishNotice(db: Db, noticeId: number, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(notices)
      .set({ status: "published", publishedAt: now, updatedAt: now })
      .where(and(eq(notices.id, noticeId), eq(notices.status, "draft")))
      .returning({ id: notices.id });
    if (updated.length === 0) throw new Error(`通知 ${noticeId} 不是草稿，无法发布`);
    await enqueueSearch(tx, "notices", [noticeId], now);
  });
}

/** Withdraws a published notice from the public site (it stays in the database with its revisions). */
export async function withdrawNotice(db: Db, noticeId: number, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(notices).set({ status: "withdrawn", updatedAt: now }).where(eq(notices.id, noticeId));
    await enqueueSearch(tx, "notices", [noticeId], now, "delete");
  });
}
