// The matcher of src/domain/monitoring.ts built from the database: the province's regions and the problem words
// staff keep at /admin/monitoring/words. Built afresh for each fetch run or paste (a few milliseconds), so a word
// staff add counts from the next article on, on every instance.
import { asc } from "drizzle-orm";
import { monitorWords, regions } from "../../../db/schema.ts";
import { buildMatcher, HONOUR_MENTIONS, type Matcher } from "../../domain/monitoring.ts";
import type { Tx } from "../db.ts";

export async function loadMatcher(tx: Tx): Promise<Matcher> {
  const [places, words] = await Promise.all([
    tx.select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode, prefectureCode: regions.prefectureCode }).from(regions),
    tx.select({ word: monitorWords.word, weight: monitorWords.weight }).from(monitorWords).orderBy(asc(monitorWords.word)),
  ]);
  return buildMatcher({ places, words, honours: HONOUR_MENTIONS });
}
