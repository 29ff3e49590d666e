// Matching quality on the hand-written fixture articles (issue 16 item 5), straight through the domain matcher over the
// real region list of Inner Mongolia and the problem words migration 0013 installs: precision and recall of the places
// and of the candidate decisions, each at least 0.9. tests/integration/monitoring/precision-recall.test.ts measures the
// same through the feed fetch job and the stored items.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildMatcher, HONOUR_MENTIONS, matchText, type ProblemWord } from "../../../src/domain/monitoring.ts";
import { provinceRegions } from "../../../src/server/regions.ts";
import { ARTICLES, quality, qualityLine } from "../../fixtures/monitoring/articles.ts";
import { plainText } from "../../../src/server/monitoring/ingest.ts";

/** The default problem words, as the migration inserts them. */
export function migrationWords(): ProblemWord[] {
  const sql = readFileSync(new URL("../../../db/migrations/0013_opinion_monitoring.sql", import.meta.url), "utf8");
  return [...sql.matchAll(/\('([^']+)', (\d+), now\(\)\)/g)].map((m) => ({ word: m[1]!, weight: Number(m[2]) }));
}

describe("matching quality on the fixture articles", () => {
  const regions = provinceRegions("150000");
  const words = migrationWords();
  const matcher = buildMatcher({ places: regions.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode ?? null, prefectureCode: r.prefectureCode ?? null })), words, honours: HONOUR_MENTIONS });

  it("uses the real data: 1,346 regions and the migration's 26 words; at least 60 articles with known codes", () => {
    expect(regions).toHaveLength(1346);
    expect(words).toHaveLength(26);
    expect(ARTICLES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ARTICLES.map((a) => a.id)).size).toBe(ARTICLES.length);
    for (const a of ARTICLES) for (const g of a.places) for (const c of g) expect(matcher.byCode.has(c), `${a.id}: ${c}`).toBe(true);
  });

  it("reaches precision and recall of at least 0.9 for places and for candidates", () => {
    const outcomes = ARTICLES.map((a) => {
      const m = matchText(matcher, `${plainText(a.title)}\n${plainText(a.summary)}`);
      return { id: a.id, places: m.places.map((p) => p.codes), candidate: m.candidate };
    });
    const q = quality(outcomes);
    console.log(qualityLine(q, "领域匹配"));
    expect(q.places.precision).toBeGreaterThanOrEqual(0.9);
    expect(q.places.recall).toBeGreaterThanOrEqual(0.9);
    expect(q.candidates.precision).toBeGreaterThanOrEqual(0.9);
    expect(q.candidates.recall).toBeGreaterThanOrEqual(0.9);
  });
});
