// Meilisearch: index settings kept in code, full reindex, and the outbox worker (DESIGN.md §6).
import { Meilisearch, type Settings } from "meilisearch";
import { and, asc, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { searchOutbox } from "../../../db/schema.ts";
import type { Tx } from "../db.ts";
import { log } from "../log.ts";
import { documentsFor, INDEX_NAMES, SEARCH_INDEXES, type SearchIndexName } from "./documents.ts";
import { SYNONYMS } from "./text.ts";

export function meiliClient(url: string, apiKey?: string, timeoutMs = 5000): Meilisearch {
  return new Meilisearch({ host: url, apiKey, timeout: timeoutMs });
}

const FACETS = ["facetType", "facetHonours", "facetPrefectures", "year"];

const common: Settings = {
  localizedAttributes: [{ attributePatterns: ["*"], locales: ["cmn"] }],
  synonyms: SYNONYMS,
  // 文号 keys and pinyin initials are exact codes: a typo in them means a different document.
  typoTolerance: { disableOnAttributes: ["docNumberKeys", "pinyinInitials"] },
  pagination: { maxTotalHits: 2000 },
};

// Meilisearch's default order, which every index keeps.
const RANKING = ["words", "typo", "proximity", "attribute", "sort", "exactness"];

export const INDEX_SETTINGS: Record<SearchIndexName, Settings> = {
  notices: {
    ...common,
    searchableAttributes: ["title", "docNumber", "docNumberKeys", "summary", "issuer", "attachmentNames", "body", "grams"],
    filterableAttributes: [...FACETS, "type", "issuer", "isDemo", "own"],
    sortableAttributes: ["issuedOn"],
    // Last, so it only orders equally relevant notices: the province's own before other regions' reference documents.
    rankingRules: [...RANKING, "own:desc"],
  },
  publicity: {
    ...common,
    searchableAttributes: ["title", "entryNames", "honourLabels", "docNumber", "docNumberKeys", "description", "grams"],
    filterableAttributes: [...FACETS, "honours", "prefectureCodes", "closesAt", "opensAt"],
    sortableAttributes: ["opensAt", "closesAt"],
  },
  towns: {
    ...common,
    searchableAttributes: ["name", "pinyin", "pinyinInitials", "honourLabel", "statusLabels", "prefectureName", "parentName", "grams"],
    filterableAttributes: [...FACETS, "prefectureCode", "level", "hasDesignation"],
    sortableAttributes: ["namedOn", "name"],
  },
  pages: {
    ...common,
    searchableAttributes: ["title", "keywords", "description", "grams"],
    filterableAttributes: FACETS,
  },
};

export async function applySettings(client: Meilisearch): Promise<void> {
  for (const name of SEARCH_INDEXES) {
    await client.createIndex(name, { primaryKey: "id" }).waitTask({ timeout: 30_000 });
    const task = await client.index(name).updateSettings(INDEX_SETTINGS[name]).waitTask({ timeout: 60_000 });
    if (task.status !== "succeeded") throw new Error(`索引 ${name} 设置失败: ${task.error?.message ?? task.status}`);
  }
}

/** Rebuild every index from the database (`npm run search:reindex`). */
export async function reindexAll(client: Meilisearch, tx: Tx): Promise<Record<SearchIndexName, number>> {
  await applySettings(client);
  // The outbox rows pending before anything is read: these, and only these, are reflected by what is indexed below.
  // A publish committed while the reindex runs keeps its row pending and the worker indexes it afterwards (marking
  // every pending row done at the end dropped such a publish from search until the next reindex).
  const pending = (await tx.select({ id: searchOutbox.id }).from(searchOutbox).where(isNull(searchOutbox.doneAt))).map((r) => r.id);
  const counts = {} as Record<SearchIndexName, number>;
  for (const name of SEARCH_INDEXES) {
    const docs = await documentsFor(name, tx);
    await client.index(name).deleteAllDocuments().waitTask({ timeout: 60_000 });
    if (docs.length) {
      const task = await client.index(name).addDocuments(docs).waitTask({ timeout: 120_000 });
      if (task.status !== "succeeded") throw new Error(`索引 ${name} 写入失败: ${task.error?.message ?? task.status}`);
    }
    counts[name] = docs.length;
  }
  for (let i = 0; i < pending.length; i += 1000) {
    await tx.update(searchOutbox).set({ doneAt: new Date() }).where(and(inArray(searchOutbox.id, pending.slice(i, i + 1000)), isNull(searchOutbox.doneAt)));
  }
  return counts;
}

/** Drain due outbox rows once. Failures are retried with backoff; nothing is lost while Meilisearch is down. */
export async function drainOutbox(client: Meilisearch, tx: Tx, now: Date, batch = 200): Promise<{ done: number; failed: number }> {
  const rows = await tx
    .select()
    .from(searchOutbox)
    .where(and(isNull(searchOutbox.doneAt), lte(searchOutbox.nextAttemptAt, now)))
    .orderBy(asc(searchOutbox.id))
    .limit(batch);
  let done = 0;
  let failed = 0;
  for (const name of INDEX_NAMES) {
    const mine = rows.filter((r) => r.indexName === name);
    if (mine.length === 0) continue;
    const ids = [...new Set(mine.map((r) => Number(r.docId)))];
    try {
      const docs = await documentsFor(name, tx, ids);
      const present = new Set(docs.map((d) => d.id));
      // Town documents are regions, named by code, and a region never leaves the index: an outbox row names a
      // designation whose region's document is rebuilt above.
      const gone = name === "towns" ? [] : ids.map(String).filter((id) => !present.has(id));
      if (docs.length) await expectSuccess(client.index(name).addDocuments(docs).waitTask({ timeout: 60_000 }));
      if (gone.length) await expectSuccess(client.index(name).deleteDocuments(gone).waitTask({ timeout: 60_000 }));
      await tx.update(searchOutbox).set({ doneAt: now }).where(inArray(searchOutbox.id, mine.map((r) => r.id)));
      done += mine.length;
    } catch (err) {
      failed += mine.length;
      const message = (err as Error).message.slice(0, 500);
      await tx
        .update(searchOutbox)
        .set({
          attempts: sql`${searchOutbox.attempts} + 1`,
          lastError: message,
          // 30 s, 60 s, 120 s … capped at one hour
          nextAttemptAt: sql`${now.toISOString()}::timestamptz + least(3600, 30 * power(2, ${searchOutbox.attempts})) * interval '1 second'`,
        })
        .where(inArray(searchOutbox.id, mine.map((r) => r.id)));
      log.warn({ index: name, err: message }, "search outbox batch failed; will retry");
    }
  }
  return { done, failed };
}

/**
 * Makes every row waiting out a back-off due now. Called when Meilisearch answers again (and at start): what was
 * published during an outage is indexed within seconds of its return instead of after up to an hour of back-off.
 */
export async function retryWaitingNow(tx: Tx, now: Date): Promise<number> {
  const woken = await tx
    .update(searchOutbox)
    .set({ nextAttemptAt: now })
    .where(and(isNull(searchOutbox.doneAt), gt(searchOutbox.nextAttemptAt, now)))
    .returning({ id: searchOutbox.id });
  return woken.length;
}

/** Meilisearch answers its health check. */
export async function searchAnswers(client: Meilisearch): Promise<boolean> {
  return client.health().then(
    () => true,
    () => false,
  );
}

async function expectSuccess(p: Promise<{ status: string; error?: { message: string } | null }>) {
  const task = await p;
  if (task.status !== "succeeded") throw new Error(task.error?.message ?? `task ${task.status}`);
}
