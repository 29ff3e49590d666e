// Site search against a real Meilisearch (the npm binary on a free port) and the database fallback, on the demo
// data: the golden set's hit rate, facets, degradation when Meilisearch stops, and publishing through the outbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { notices, searchOutbox } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { publishNotice } from "../../../src/server/publishing.ts";
import { drainOutbox, meiliClient, reindexAll } from "../../../src/server/search/meili.ts";
import { search, searchMeili, type SearchHit, type SearchQuery } from "../../../src/server/search/service.ts";
import { searchDatabase } from "../../../src/server/search/database-provider.ts";
import { freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { testMeili } from "../../support/meili.ts";
import { GOLDEN_SET, type Expected } from "./golden-set.ts";

const NOW = new Date("2026-11-23T04:00:00Z");
const q = (text: string, extra: Partial<SearchQuery> = {}): SearchQuery => ({ q: text, page: 1, ...extra });
const plain = (html: string) => html.replace(/<[^>]+>/g, "");

function found(hits: SearchHit[], expect: Expected): boolean {
  return hits.some((h) =>
    "notice" in expect ? h.url === `/notices/${expect.notice}` : "town" in expect ? h.url === `/towns/${expect.town}` : "page" in expect ? h.url === expect.page : h.kind === "publicity" && plain(h.titleHtml).includes(expect.publicity),
  );
}

describe("site search", () => {
  let database: TestDatabase;
  let meili: Awaited<ReturnType<typeof testMeili>>;
  let client: ReturnType<typeof meiliClient>;

  beforeAll(async () => {
    [database, meili] = await Promise.all([freshDatabase("pglite"), testMeili()]);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱卫办", now: NOW });
    client = meiliClient(meili.url, meili.masterKey);
    await reindexAll(client, database.db);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([database?.dispose(), meili?.dispose()]);
  });

  it(`finds the expected document in the top 10 for at least 95% of ${GOLDEN_SET.length} golden queries`, async () => {
    expect(GOLDEN_SET.length).toBeGreaterThanOrEqual(50);
    const misses: string[] = [];
    for (const g of GOLDEN_SET) {
      const { hits } = await searchMeili(client, q(g.q));
      if (!found(hits, g.expect)) misses.push(`${g.q} (${g.why}) → ${hits.map((h) => h.url).slice(0, 5).join(" ")}`);
    }
    const rate = 1 - misses.length / GOLDEN_SET.length;
    console.log(`golden set (Meilisearch): ${(rate * 100).toFixed(1)}% in top 10 (${GOLDEN_SET.length - misses.length}/${GOLDEN_SET.length})${misses.length ? `\n  misses:\n  ${misses.join("\n  ")}` : ""}`);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it("answers most of the golden set from the database too", async () => {
    let hitsFound = 0;
    for (const g of GOLDEN_SET) if (found((await searchDatabase(database.db, q(g.q))).hits, g.expect)) hitsFound += 1;
    const rate = hitsFound / GOLDEN_SET.length;
    console.log(`golden set (database fallback): ${(rate * 100).toFixed(1)}% in top 10`);
    expect(rate).toBeGreaterThanOrEqual(0.8);
  });

  it("puts the expected document first for the golden queries marked so, from Meilisearch and from the database alike", async () => {
    for (const g of GOLDEN_SET.filter((x) => x.first)) {
      const meili = (await searchMeili(client, q(g.q))).hits;
      const db = (await searchDatabase(database.db, q(g.q))).hits;
      expect(found(meili.slice(0, 1), g.expect), `Meilisearch: ${g.q} → ${meili[0]?.url}`).toBe(true);
      expect(found(db.slice(0, 1), g.expect), `database: ${g.q} → ${db[0]?.url}`).toBe(true);
    }
  });

  it("finds a banner without any designation and says so in Chinese, and labels statuses instead of showing codes", async () => {
    for (const answer of [await searchMeili(client, q("etkqq")), await searchDatabase(database.db, q("etkqq"))]) {
      expect(answer.hits[0]).toMatchObject({ kind: "town", url: "/towns/150623", meta: ["暂无全国健康城镇或国家卫生城镇称号记录"] });
      expect(plain(answer.hits[0]!.titleHtml)).toBe("鄂托克前旗");
      expect(plain(answer.hits[0]!.snippetHtml)).toBe("鄂尔多斯市 · 旗");
    }
    const codes = /\b(cultivating|recommended|in_publicity|named|re_review|confirmed|warned|revoked|merged)\b/;
    for (const word of ["鄂尔多斯", "达拉特旗", "公示中", "健康县"]) {
      for (const answer of [await searchMeili(client, q(word)), await searchDatabase(database.db, q(word))]) {
        for (const h of answer.hits) expect(h.meta.join(" ") + h.titleHtml + h.snippetHtml, word).not.toMatch(codes);
      }
    }
    const dalate = (await searchMeili(client, q("达拉特旗"))).hits[0];
    expect(dalate?.meta).toEqual(["全国健康县：公示中"]);
  });

  it("says in Chinese whether a publicity list is open, by the time it is asked", async () => {
    const later = new Date(NOW.getTime() + 60 * 86_400_000);
    for (const [now, label] of [[NOW, "公示中"], [later, "已结束"]] as const) {
      for (const answer of [await searchMeili(client, q("第二批"), now), await searchDatabase(database.db, q("第二批"), now)]) {
        expect(answer.hits.find((h) => h.kind === "publicity")?.meta[0]).toBe(label);
      }
    }
  });

  // The reference document is written first and is newer: only the rule puts the own one ahead of it.
  it("ranks the province's own notice before an equally relevant reference document of another region, though older", async () => {
    const body = "关于病媒生物密度监测的安排。";
    const drafts = await database.db
      .insert(notices)
      .values([
        { slug: "test-reference-vector", title: "病媒生物密度监测方案", type: "notice", issuer: "焦作市爱国卫生运动委员会", issuedOn: "2026-03-05", body, status: "draft", updatedAt: NOW },
        { slug: "test-own-vector", title: "病媒生物密度监测方案", type: "notice", issuer: "内蒙古自治区爱国卫生运动委员会办公室", issuedOn: "2026-01-05", body, status: "draft", updatedAt: NOW },
      ])
      .returning();
    for (const d of drafts) await publishNotice(database.db, d.id, NOW);
    await drainOutbox(client, database.db, NOW);
    for (const answer of [await searchMeili(client, q("病媒生物密度监测方案")), await searchDatabase(database.db, q("病媒生物密度监测方案"))]) {
      expect(answer.hits.slice(0, 2).map((h) => [h.url, h.isReference])).toEqual([
        ["/notices/test-own-vector", false],
        ["/notices/test-reference-vector", true],
      ]);
    }
  });

  it("answers words that are names of Object.prototype's members from the database (they were synonyms, and a 500)", async () => {
    for (const word of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const result = await searchDatabase(database.db, q(word));
      expect(Array.isArray(result.hits), word).toBe(true);
    }
  });

  it("finds the open publicity list and its notice for 健康县, and 达拉特旗 for dalate", async () => {
    const { hits } = await searchMeili(client, q("健康县"));
    const top = hits.map((h) => `${h.kind}:${plain(h.titleHtml)}`);
    expect(top.some((t) => t.startsWith("publicity:") && t.includes("第二批"))).toBe(true);
    expect(hits.some((h) => h.url === "/notices/demo-publicity-current")).toBe(true);
    const dalate = await searchMeili(client, q("dalate"));
    expect(dalate.hits[0]?.url).toBe("/towns/150621");
  });

  it("narrows results with a facet filter and counts facets", async () => {
    const all = await searchMeili(client, q("鄂尔多斯"));
    expect(all.facets.type.town).toBeGreaterThan(0);
    const towns = await searchMeili(client, q("鄂尔多斯", { type: "town" }));
    expect(towns.hits.length).toBeGreaterThan(0);
    expect(towns.hits.every((h) => h.kind === "town")).toBe(true);
    expect(towns.total).toBeLessThan(all.total);
    const county = await searchMeili(client, q("旗", { type: "town", honour: "sanitary_county", prefecture: "150600" }));
    expect(county.hits.map((h) => h.url).sort()).toEqual(["/towns/150622", "/towns/150625"]);
  });

  it("escapes document text and marks matches", async () => {
    const { hits } = await searchMeili(client, q("达拉特"));
    expect(hits[0]?.titleHtml).toContain("<mark>");
    expect(hits.every((h) => !/<(?!\/?mark>)/.test(h.titleHtml + h.snippetHtml))).toBe(true);
  });

  it("publishes a notice through the outbox and finds it after the drain", async () => {
    const [draft] = await database.db
      .insert(notices)
      .values({ slug: "test-wuhai-inspection", title: "关于乌海市病媒生物防制专项检查的通知", type: "notice", issuer: "测试机关", issuedOn: "2026-11-23", body: "检查安排。", status: "draft", updatedAt: NOW })
      .returning();
    expect(found((await searchMeili(client, q("病媒生物防制专项检查"))).hits, { notice: "test-wuhai-inspection" })).toBe(false);
    await publishNotice(database.db, draft!.id, NOW);
    const pending = await database.db.select().from(searchOutbox).where(and(eq(searchOutbox.docId, String(draft!.id)), isNull(searchOutbox.doneAt)));
    expect(pending.map((p) => [p.indexName, p.op])).toEqual([["notices", "upsert"]]);
    await drainOutbox(client, database.db, NOW);
    expect(found((await searchMeili(client, q("病媒生物防制专项检查"))).hits, { notice: "test-wuhai-inspection" })).toBe(true);
    await expect(publishNotice(database.db, draft!.id, NOW)).rejects.toThrow("不是草稿");
  });

  it("answers from the database and says so when Meilisearch is gone", async () => {
    const down = meiliClient("http://127.0.0.1:9", "x".repeat(16));
    const result = await search(database.db, down, q("达拉特"), NOW);
    expect(result.degraded).toBe(true);
    expect(result.hits[0]?.url).toBe("/towns/150621");
    const none = await search(database.db, null, q("dltq"), NOW);
    expect(none).toMatchObject({ degraded: true });
    expect(none.hits.map((h) => h.url)).toContain("/towns/150621");
  });
});
