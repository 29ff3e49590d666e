// Matching quality end to end (issue 16 item 5): the hand-written fixture articles are served by a loopback HTTP server,
// half as an RSS 2.0 feed and half as an Atom feed, fetched and stored by the real fetch job (pollDueSources), and the
// precision and recall of the places and of the candidate decisions are computed on the stored monitor_items, printed
// on one line and held at 0.9 or more each — on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { monitorItems, monitorSources } from "../../../db/schema.ts";
import { pollDueSources } from "../../../src/server/monitoring/poll.ts";
import { loadRegionsAndUnits } from "../../../src/server/regions.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { atomFeed, rssFeed, startFeedServer, type FeedServer, type FixtureItem } from "../../support/feed-server.ts";
import { ARTICLES, linkOf, quality, qualityLine } from "../../fixtures/monitoring/articles.ts";

const NOW = new Date("2026-12-01T04:00:00Z");

describe.each(DRIVERS)("matching precision and recall through the fetch job on %s", (driver) => {
  let database: TestDatabase;
  let feeds: FeedServer;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await loadRegionsAndUnits(database.db, "150000", { name: "内蒙古自治区爱国卫生运动委员会办公室" });
    feeds = await startFeedServer();
  }, 120_000);
  afterAll(async () => {
    await feeds?.stop();
    await database?.dispose();
  });

  it("stores every fixture article from an RSS and an Atom feed, matched with precision and recall ≥ 0.9", async () => {
    const item = (a: (typeof ARTICLES)[number]): FixtureItem => ({ title: a.title, link: linkOf(a), summary: a.summary, published: a.publishedAt });
    feeds.setFeed("/precision/rss.xml", rssFeed(ARTICLES.filter((_, i) => i % 2 === 0).map(item)));
    feeds.setFeed("/precision/atom.xml", atomFeed(ARTICLES.filter((_, i) => i % 2 === 1).map(item)), { contentType: "application/atom+xml" });
    const sources = await database.db
      .insert(monitorSources)
      .values([
        { kind: "feed", name: "精度测试 RSS", url: feeds.url("/precision/rss.xml"), nextFetchAt: null, createdAt: NOW },
        { kind: "feed", name: "精度测试 Atom", url: feeds.url("/precision/atom.xml"), nextFetchAt: null, createdAt: NOW },
      ])
      .returning({ id: monitorSources.id });

    const run = await pollDueSources(database.db, NOW, { timeoutMs: 5_000 });
    expect(run).toMatchObject({ fetched: 2, failed: 0, added: ARTICLES.length });

    const stored = await database.db.select().from(monitorItems).where(inArray(monitorItems.sourceId, sources.map((s) => s.id)));
    expect(stored).toHaveLength(ARTICLES.length);
    const byLink = new Map(stored.map((s) => [s.link, s]));
    const outcomes = ARTICLES.map((a) => {
      const row = byLink.get(linkOf(a));
      if (!row) throw new Error(`${a.id} not stored`);
      expect(row.summary, a.id).not.toMatch(/<[a-z/]|&nbsp;/i); // stored as plain text
      expect(row.publishedAt?.toISOString()).toBe(new Date(a.publishedAt).toISOString());
      return { id: a.id, places: row.match.places.map((p) => p.codes), candidate: row.status === "candidate" };
    });
    expect(run.candidates).toBe(outcomes.filter((o) => o.candidate).length);

    const q = quality(outcomes);
    console.log(qualityLine(q, `抓取入库 ${driver}`));
    expect(q.places.precision).toBeGreaterThanOrEqual(0.9);
    expect(q.places.recall).toBeGreaterThanOrEqual(0.9);
    expect(q.candidates.precision).toBeGreaterThanOrEqual(0.9);
    expect(q.candidates.recall).toBeGreaterThanOrEqual(0.9);
  });
});
