// The monitoring fetch job on PGlite and PostgreSQL against a loopback feed server: RSS and Atom stored as plain text
// and matched (a feed naming 达拉特旗 and 垃圾 queues a candidate in one run), conditional GET (304 leaves items alone),
// a feed that changes, de-duplication by link and by near-identical title across sources, and every way a feed goes
// wrong — malformed, an HTML page, never answering, 20 MB, a redirect loop, 404 — ending as one Chinese line on the
// source with a back-off that doubles, while the good sources of the same run are stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { monitorItems, monitorSources } from "../../../db/schema.ts";
import { pollDueSources, type PollOptions } from "../../../src/server/monitoring/poll.ts";
import { loadRegionsAndUnits } from "../../../src/server/regions.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { FIXTURE_ITEMS, HUGE_BYTES, atomFeed, rssFeed, startFeedServer, type FeedServer } from "../../support/feed-server.ts";

const T0 = new Date("2026-12-01T04:00:00Z");
const MIN = 60_000;
const OPTS: PollOptions = { timeoutMs: 500 };

describe.each(DRIVERS)("monitoring fetch job on %s", (driver) => {
  let database: TestDatabase;
  let feeds: FeedServer;
  let n = 0;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await loadRegionsAndUnits(database.db, "150000", { name: "内蒙古自治区爱国卫生运动委员会办公室" });
    feeds = await startFeedServer();
  }, 120_000);
  afterAll(async () => {
    await feeds?.stop();
    await database?.dispose();
  });

  /** A feed source for `path`; not yet due unless `due` (so each test polls only its own). */
  const addSource = async (path: string, opts: { kind?: "feed" | "manual"; state?: "active" | "paused"; due?: Date | null; defaultPrefectureCode?: string } = {}) => {
    n += 1;
    const [row] = await database.db
      .insert(monitorSources)
      .values({
        kind: opts.kind ?? "feed",
        name: `测试源 ${n}`,
        url: feeds.url(path),
        state: opts.state ?? "active",
        nextFetchAt: opts.due === undefined ? null : opts.due,
        defaultPrefectureCode: opts.defaultPrefectureCode ?? null,
        createdAt: T0,
      })
      .returning();
    return row!;
  };
  const source = async (id: number) => (await database.db.select().from(monitorSources).where(eq(monitorSources.id, id)))[0]!;
  const items = (sourceId: number) => database.db.select().from(monitorItems).where(eq(monitorItems.sourceId, sourceId)).orderBy(asc(monitorItems.link));
  /** Pause every source but these, so that a run takes only the test's own. */
  const only = async (...ids: number[]) => {
    for (const s of await database.db.select().from(monitorSources)) {
      if (!ids.includes(s.id) && s.state === "active") await database.db.update(monitorSources).set({ state: "paused" }).where(eq(monitorSources.id, s.id));
    }
  };

  it("stores an RSS feed's items as plain text, queues the 达拉特旗 垃圾 article as a candidate, and keeps the validators", async () => {
    const s = await addSource("/rss.xml");
    await only(s.id);
    const run = await pollDueSources(database.db, T0, OPTS);
    expect(run).toEqual({ fetched: 1, notModified: 0, failed: 0, added: 2, candidates: 1 });

    const stored = await items(s.id);
    expect(stored.map((i) => [i.link, i.title, i.summary, i.publishedAt?.toISOString()])).toEqual([
      ["https://news.example.org/a/1", "达拉特旗树林召镇背街小巷垃圾堆积无人清运", "居民反映垃圾堆积多日。", "2026-12-01T02:00:00.000Z"],
      ["https://news.example.org/a/2", "鄂尔多斯市召开爱国卫生运动推进会", "会议部署下一阶段工作。", "2026-12-01T01:00:00.000Z"],
    ]);
    const lead = stored.find((i) => i.link.endsWith("/a/1"))!;
    expect(lead.status).toBe("candidate");
    expect(lead.match.places.flatMap((p) => p.codes)).toEqual(["150621100"]); // 树林召镇 of 达拉特旗
    expect(lead.match.words.map((w) => w.word)).toContain("垃圾");
    expect(lead.fetchedAt.toISOString()).toBe(T0.toISOString());
    expect(stored.find((i) => i.link.endsWith("/a/2"))!.status).toBe("unmatched");

    const after = await source(s.id);
    expect(after.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(after.lastModified).toMatch(/GMT$/);
    expect(after).toMatchObject({ lastError: null, failures: 0, lastFetchedAt: T0, lastSuccessAt: T0, nextFetchAt: new Date(T0.getTime() + 15 * MIN) });
    expect(feeds.requests("/rss.xml").at(-1)).toEqual({ ifNoneMatch: null, ifModifiedSince: null });

    // Not due again before its interval.
    expect(await pollDueSources(database.db, new Date(T0.getTime() + 14 * MIN), OPTS)).toMatchObject({ fetched: 0, notModified: 0, failed: 0 });
    expect(feeds.requests("/rss.xml")).toHaveLength(1);

    // Due again: a conditional GET answered 304 leaves the items as they are and moves the next fetch on.
    const t1 = new Date(T0.getTime() + 16 * MIN);
    expect(await pollDueSources(database.db, t1, OPTS)).toEqual({ fetched: 0, notModified: 1, failed: 0, added: 0, candidates: 0 });
    expect(feeds.requests("/rss.xml").at(-1)).toEqual({ ifNoneMatch: after.etag, ifModifiedSince: after.lastModified });
    expect((await items(s.id)).map((i) => [i.id, i.title, i.fetchedAt.toISOString()])).toEqual(stored.map((i) => [i.id, i.title, i.fetchedAt.toISOString()]));
    expect(await source(s.id)).toMatchObject({ etag: after.etag, lastFetchedAt: t1, lastSuccessAt: t1, failures: 0, nextFetchAt: new Date(t1.getTime() + 15 * MIN) });
  });

  it("stores an Atom feed's entries with their links, text summaries and dates", async () => {
    const s = await addSource("/atom.xml");
    await only(s.id);
    expect(await pollDueSources(database.db, T0, OPTS)).toMatchObject({ fetched: 1, added: 1, failed: 0 });
    const [item] = await items(s.id);
    expect(item).toMatchObject({ link: FIXTURE_ITEMS.atom[0]!.link, title: FIXTURE_ITEMS.atom[0]!.title, summary: "化粪池堵塞，污水外溢。", publishedAt: new Date("2026-12-01T03:00:00Z") });
    expect(item!.match.places.flatMap((p) => p.codes)).toContain("150602");
  });

  it("takes a feed that changed between fetches: the new article once, the old link not twice", async () => {
    const s = await addSource("/changing.xml");
    await only(s.id);
    expect(await pollDueSources(database.db, T0, OPTS)).toMatchObject({ fetched: 1, added: 1 });
    const firstEtag = (await source(s.id)).etag;
    feeds.setFeed("/changing.xml", rssFeed([{ title: "第二版新闻：准格尔旗公厕无人保洁", link: "https://change.example.org/2" }, { title: "第一版新闻", link: "https://change.example.org/1" }]));
    const t1 = new Date(T0.getTime() + 20 * MIN);
    expect(await pollDueSources(database.db, t1, OPTS)).toMatchObject({ fetched: 1, notModified: 0, added: 1 });
    expect(feeds.requests("/changing.xml").at(-1)!.ifNoneMatch).toBe(firstEtag);
    expect((await items(s.id)).map((i) => i.link)).toEqual(["https://change.example.org/1", "https://change.example.org/2"]);
    expect((await source(s.id)).etag).not.toBe(firstEtag);
  });

  it("keeps a title with a script in it as text, and reduces a summary's markup to text", async () => {
    const s = await addSource("/script.xml");
    await only(s.id);
    expect(await pollDueSources(database.db, T0, OPTS)).toMatchObject({ fetched: 1, added: 1 });
    const [item] = await items(s.id);
    expect(item!.title).toBe("<script>alert(1)</script>达旗垃圾");
    expect(item!.summary).toBe("正文");
    expect(item!.status).toBe("candidate");
  });

  it("decodes a GBK feed by its XML declaration", async () => {
    const s = await addSource("/gbk.xml");
    await only(s.id);
    expect(await pollDueSources(database.db, T0, OPTS)).toMatchObject({ fetched: 1, added: 1 });
    const [item] = await items(s.id);
    expect(item).toMatchObject({ link: FIXTURE_ITEMS.gbk[0]!.link, title: "达拉特旗王爱召镇垃圾清运不及时", summary: "群众反映：垃圾桶满溢。", status: "candidate" });
  });

  it("stores a reprint in a second feed once, naming the second source", async () => {
    feeds.setFeed("/first.xml", rssFeed([{ title: "杭锦旗锡尼镇垃圾围村问题调查", link: "https://first.example.org/1" }]));
    feeds.setFeed("/second.xml", atomFeed([{ title: "杭锦旗锡尼镇垃圾围村问题调查！", link: "https://second.example.org/reprint?utm_source=x" }, { title: "杭锦旗锡尼镇垃圾围村问题调查", link: "https://first.example.org/1#top" }]));
    const a = await addSource("/first.xml");
    const b = await addSource("/second.xml");
    await only(a.id, b.id);
    const run = await pollDueSources(database.db, T0, OPTS);
    expect(run).toMatchObject({ fetched: 2, failed: 0, added: 1 });
    const all = [...(await items(a.id)), ...(await items(b.id))];
    expect(all).toHaveLength(1);
    const other = all[0]!.sourceId === a.id ? b : a;
    expect(all[0]!.alsoIn).toEqual([{ sourceId: other.id, link: other.id === b.id ? "https://second.example.org/reprint" : "https://first.example.org/1" }]);
  });

  it("puts every broken feed's error on its source in one line and backs off, while the good feed of the same run is stored", async () => {
    const cases = {
      "/malformed.xml": "不是有效的 RSS/Atom 订阅源（XML 格式错误）",
      "/not-a-feed.html": "返回的是网页，不是 RSS/Atom 订阅源",
      "/hang.xml": "超时：0.5 秒内无应答",
      "/stall.xml": "超时：0.5 秒内无应答",
      "/huge.xml": "内容过大：超过 5 MB",
      "/huge-declared.xml": "内容过大：超过 5 MB",
      "/loop-a": "重定向形成循环",
      "/redirect/9": "重定向次数过多（超过 5 次）",
      "/status/404": "HTTP 404（地址不存在）",
      "/status/503": "HTTP 503（对方服务暂不可用）",
    };
    feeds.setFeed("/good.xml", rssFeed([{ title: "伊金霍洛旗阿勒腾席热镇污水横流", link: "https://good.example.org/1" }]));
    const good = await addSource("/good.xml");
    const viaRedirects = await addSource("/redirect/2");
    const bad = new Map<number, string>();
    for (const [path, message] of Object.entries(cases)) bad.set((await addSource(path)).id, message);
    await only(good.id, viaRedirects.id, ...bad.keys());

    const run = await pollDueSources(database.db, T0, OPTS);
    expect(run).toMatchObject({ fetched: 2, failed: bad.size });
    // Neither 20 MB body was read to its end: the server could write only what the client took before it stopped.
    expect(feeds.sent("/huge.xml")).toBeLessThan(HUGE_BYTES);
    expect(feeds.sent("/huge-declared.xml")).toBeLessThan(HUGE_BYTES);
    expect((await items(good.id)).map((i) => i.title)).toEqual(["伊金霍洛旗阿勒腾席热镇污水横流"]);
    expect(feeds.requests("/rss.xml").length).toBeGreaterThan(0);
    expect(await source(viaRedirects.id)).toMatchObject({ lastError: null, failures: 0, lastSuccessAt: T0 });

    for (const [id, message] of bad) {
      const s = await source(id);
      expect({ url: s.url, lastError: s.lastError }).toEqual({ url: s.url, lastError: message }); // the URL names the failing case
      expect(s.lastError).not.toMatch(/\n/);
      expect(s).toMatchObject({ failures: 1, lastFetchedAt: T0, lastSuccessAt: null, nextFetchAt: new Date(T0.getTime() + 30 * MIN) });
    }

    // Failing again doubles the wait; the good sources, due again, answer 304.
    const t1 = new Date(T0.getTime() + 31 * MIN);
    expect(await pollDueSources(database.db, t1, OPTS)).toMatchObject({ fetched: 0, notModified: 2, failed: bad.size });
    for (const id of bad.keys()) expect(await source(id)).toMatchObject({ failures: 2, nextFetchAt: new Date(t1.getTime() + 60 * MIN) });
    expect(await source(good.id)).toMatchObject({ failures: 0, lastError: null, lastFetchedAt: t1 });
  });

  it("waits at most a day between tries, and recovers: the error goes and the interval is back", async () => {
    const s = await addSource("/status/500");
    await only(s.id);
    await database.db.update(monitorSources).set({ failures: 9 }).where(eq(monitorSources.id, s.id));
    await pollDueSources(database.db, T0, OPTS);
    expect(await source(s.id)).toMatchObject({ failures: 10, lastError: "HTTP 500（对方服务器出错）", nextFetchAt: new Date(T0.getTime() + 24 * 60 * MIN) });

    feeds.setFeed("/recovers.xml", rssFeed([{ title: "乌审旗嘎鲁图镇卫生死角", link: "https://recovers.example.org/1" }]));
    await database.db.update(monitorSources).set({ url: feeds.url("/recovers.xml"), nextFetchAt: null }).where(eq(monitorSources.id, s.id));
    const t1 = new Date(T0.getTime() + MIN);
    expect(await pollDueSources(database.db, t1, OPTS)).toMatchObject({ fetched: 1, added: 1 });
    expect(await source(s.id)).toMatchObject({ failures: 0, lastError: null, lastSuccessAt: t1, nextFetchAt: new Date(t1.getTime() + 15 * MIN) });
  });

  it("leaves paused, manual and not-yet-due sources alone, and two runners at once fetch each source once", async () => {
    feeds.setFeed("/once.xml", rssFeed([{ title: "达拉特旗白泥井镇垃圾乱倒", link: "https://once.example.org/1" }]));
    feeds.setFeed("/idle.xml", rssFeed([{ title: "不应抓取", link: "https://idle.example.org/1" }]));
    const once = await addSource("/once.xml");
    await only(once.id);
    const paused = await addSource("/idle.xml", { state: "paused" });
    const manual = await addSource("/idle.xml", { kind: "manual" });
    const later = await addSource("/idle.xml", { due: new Date(T0.getTime() + MIN) });
    const runs = await Promise.all([pollDueSources(database.db, T0, OPTS), pollDueSources(database.db, T0, OPTS)]);
    expect(runs.reduce((sum, r) => sum + r.fetched, 0)).toBe(1);
    expect(feeds.requests("/once.xml")).toHaveLength(1);
    expect(feeds.requests("/idle.xml")).toHaveLength(0);
    expect(await items(once.id)).toHaveLength(1);
    for (const id of [paused.id, manual.id]) expect(await source(id)).toMatchObject({ lastFetchedAt: null });
    expect(await source(later.id)).toMatchObject({ lastFetchedAt: null, nextFetchAt: new Date(T0.getTime() + MIN) });
  });
});
