// Files for media and civic developers on the demo data: the iCalendar feed parses with a real parser (ical.js),
// the register CSV round-trips through a real CSV parser with its Chinese text and a BOM, the sitemap lists pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { parse } from "csv-parse/sync";
import { like } from "drizzle-orm";
import { publicityLists } from "../../../db/schema.ts";
import { formatShanghai } from "../../../src/domain/time.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { calendarFeed } from "../../../src/server/ics.ts";
import { registerCsv } from "../../../src/server/open-data.ts";
import { sitemapXml } from "../../../src/server/sitemap.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const NOW = new Date("2026-11-23T04:00:00Z");

describe.each(DRIVERS)("open data on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
  }, 120_000);
  afterAll(() => database?.dispose());

  it("publishes every publicity window with its cut-off and the review-cycle milestones as iCalendar", async () => {
    const { body } = await calendarFeed(database.db, NOW);
    const cal = new ICAL.Component(ICAL.parse(body));
    expect(cal.getFirstPropertyValue("version")).toBe("2.0");
    const events = cal.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
    const windows = events.filter((e) => e.summary.startsWith("社会公示："));
    expect(windows.length).toBeGreaterThanOrEqual(2);
    const open = windows.find((e) => e.summary.includes("第二批"))!;
    // The event spans exactly the window stored for the list, to the second, and names the cut-off in Beijing time.
    const [list] = await database.db.select().from(publicityLists).where(like(publicityLists.title, "%第二批%"));
    expect(open.startDate.toJSDate().toISOString()).toBe(list!.opensAt.toISOString());
    expect(open.endDate.toJSDate().toISOString()).toBe(list!.closesAt.toISOString());
    expect(open.description).toContain(formatShanghai(list!.closesAt));
    const milestones = events.filter((e) => e.startDate.isDate);
    expect(milestones.length).toBeGreaterThanOrEqual(10);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it("gives the register as CSV that opens in Excel and round-trips with its Chinese text", async () => {
    const { body } = await registerCsv(database.db);
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(body, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(["行政区划代码", "名称", "所属盟市", "称号", "状态", "命名日期", "最近复审日期", "下次复审到期", "示例数据"]);
    const zhungeer = rows.find((r) => r.名称 === "准格尔旗");
    expect(zhungeer).toMatchObject({ 行政区划代码: "150622", 所属盟市: "鄂尔多斯市" });
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it("lists notices, publicity lists and town pages in the sitemap", async () => {
    const xml = await sitemapXml(database.db);
    expect(xml).toContain("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    expect(xml).toMatch(/<loc>http:\/\/localhost:\d+\/towns\/150622<\/loc>/);
    expect(xml).toMatch(/<loc>[^<]+\/publicity\/\d+<\/loc><lastmod>/);
    expect(xml).not.toContain("/admin");
  });
});
