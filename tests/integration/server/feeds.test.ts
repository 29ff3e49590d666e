// Atom feeds on the demo data, parsed with a real feed parser, and conditional GET answered with 304.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFeed } from "@rowanmanning/feed-parser";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { conditionalResponse } from "../../../src/server/conditional.ts";
import { noticesFeed, publicityFeed, regionFeed } from "../../../src/server/feeds.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { eq, isNotNull } from "drizzle-orm";
import { notices, publicityLists, translations } from "../../../db/schema.ts";

const NOW = new Date("2026-11-23T04:00:00Z");

describe.each(DRIVERS)("Atom feeds on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it("lists every published notice with its 文号, link and content", async () => {
    const { xml, updated } = await noticesFeed(database.db);
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe("atom");
    expect(feed.title).toContain("通知公告");
    expect(feed.items.length).toBe(10);
    const rules = feed.items.find((i) => i.title?.includes("内爱卫会发〔2026〕2号"));
    expect(rules?.url).toMatch(/\/notices\/nmg-2026-health-towns-rules$/);
    expect(rules?.content).toContain("<p>");
    expect(updated).toBeInstanceOf(Date);
  });

  it("filters by notice type", async () => {
    const feed = parseFeed((await noticesFeed(database.db, "publicity")).xml);
    expect(feed.items.length).toBe(2);
    expect(feed.items.every((i) => i.title?.includes("公示"))).toBe(true);
  });

  it("follows a league/city: its towns' honour events", async () => {
    const built = await regionFeed(database.db, "150600");
    const feed = parseFeed(built!.xml);
    expect(feed.title).toContain("鄂尔多斯市");
    expect(feed.items.some((i) => i.title?.startsWith("达拉特旗"))).toBe(true);
    expect(feed.items.every((i) => /\/(towns|notices)\//.test(i.url ?? ""))).toBe(true);
    expect(await regionFeed(database.db, "150621")).toBeNull(); // a banner is not a league/city
    expect(await regionFeed(database.db, "990000")).toBeNull();
  });

  it("lists publicity lists with their window", async () => {
    const feed = parseFeed((await publicityFeed(database.db)).xml);
    expect(feed.items.map((i) => i.title)).toEqual(expect.arrayContaining([expect.stringContaining("第一批"), expect.stringContaining("第二批")]));
    expect(feed.items[0]?.description).toContain("公示期");
  });

  it("links an entry to its staff-entered English and Mongolian versions, and only those that exist", async () => {
    const db = database.db;
    const [notice] = await db.select().from(notices).where(eq(notices.slug, "nmg-2026-health-towns-rules"));
    const [list] = await db.select().from(publicityLists).where(isNotNull(publicityLists.publishedAt)).limit(1);
    await db.insert(translations).values([
      { noticeId: notice!.id, locale: "en", title: "Rules for national health towns, 2026", body: "…", updatedAt: NOW },
      { noticeId: notice!.id, locale: "mn", title: "ᠡᠷᠡᠭᠦᠯ ᠬᠣᠲᠠ ᠶᠢᠨ ᠵᠢᠷᠤᠮ", body: "…", updatedAt: NOW },
      { publicityId: list!.id, locale: "en", title: "Proposed towns & <counties>", body: "", updatedAt: NOW },
    ]);
    const { xml } = await noticesFeed(db);
    const entry = xml.slice(xml.indexOf(`/notices/${notice!.slug}</id>`), xml.indexOf("</entry>", xml.indexOf(`/notices/${notice!.slug}</id>`)));
    expect(entry).toMatch(/<link rel="alternate" hreflang="en" href="http:\/\/[^"]+\/en\/notices\/nmg-2026-health-towns-rules" title="Rules for national health towns, 2026"\/>/);
    expect(entry).toMatch(/<link rel="alternate" hreflang="mn-Mong" href="[^"]+\/mn\/notices\/nmg-2026-health-towns-rules" title="ᠡᠷᠡᠭᠦᠯ ᠬᠣᠲᠠ ᠶᠢᠨ ᠵᠢᠷᠤᠮ"\/>/);
    expect(xml.match(/hreflang=/g)).toHaveLength(2); // no other notice has a version
    expect(parseFeed(xml).items.length).toBe(10); // still well-formed, every entry there
    const pub = (await publicityFeed(db)).xml;
    expect(pub).toContain(`href="${pub.match(/<id>(http:\/\/[^<]+?)\/publicity\/\d+<\/id>/)![1]}/en/publicity/${list!.id}" title="Proposed towns &amp; &lt;counties&gt;"/>`);
    expect(pub).not.toContain('hreflang="mn-Mong"');
    expect(parseFeed(pub).items.length).toBeGreaterThan(1);
  });

  it("answers 304 to a matching If-None-Match or If-Modified-Since", async () => {
    const { xml, updated } = await noticesFeed(database.db);
    const first = conditionalResponse(new Request("http://x/feeds/notices.xml"), xml, { contentType: "application/atom+xml", lastModified: updated, maxAge: 60 });
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = conditionalResponse(new Request("http://x/", { headers: { "If-None-Match": etag } }), xml, { contentType: "application/atom+xml", lastModified: updated, maxAge: 60 });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const since = conditionalResponse(new Request("http://x/", { headers: { "If-Modified-Since": lastModified } }), xml, { contentType: "application/atom+xml", lastModified: updated, maxAge: 60 });
    expect(since.status).toBe(304);
    const changed = conditionalResponse(new Request("http://x/", { headers: { "If-None-Match": '"other"' } }), xml, { contentType: "application/atom+xml", lastModified: updated, maxAge: 60 });
    expect(changed.status).toBe(200);
  });
});
