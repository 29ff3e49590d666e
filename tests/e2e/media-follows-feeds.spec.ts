// Media follow the programme by feed: pages announce their feeds, the feeds parse with a real feed parser, each
// entry's link opens the page it describes, and conditional requests get 304.
import { parseFeed } from "@rowanmanning/feed-parser";
import { expect, test } from "../support/fixtures.ts";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "feeds do not depend on the screen");
});

async function alternates(page: import("@playwright/test").Page, path: string) {
  await page.goto(path);
  return page.locator('head link[rel="alternate"][type="application/atom+xml"]').evaluateAll((ls) => ls.map((l) => ({ href: l.getAttribute("href")!, title: l.getAttribute("title") })));
}

test("a journalist finds the feeds from the pages and follows an entry to its notice", async ({ page, request }) => {
  const fromNotices = await alternates(page, "/notices");
  expect(fromNotices.map((l) => l.href)).toContain("/feeds/notices.xml");
  const res = await request.get("/feeds/notices.xml");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/application\/atom\+xml/);
  const feed = parseFeed(await res.text());
  expect(feed.meta.type).toBe("atom");
  expect(feed.title).toMatch(/通知公告/);
  expect(feed.items.length).toBeGreaterThanOrEqual(5);
  const item = feed.items.find((i) => i.title?.includes("实施办法"))!;
  expect(item, "the real 2026 rules are in the feed").toBeTruthy();
  expect(item.published ?? item.updated).toBeInstanceOf(Date);
  await page.goto(item.url!);
  // Feed titles carry the 文号 after the title so that readers see it in their list.
  const heading = (await page.locator("h1").textContent())!.trim();
  expect(item.title!.startsWith(heading)).toBe(true);
  expect(item.title).toContain("内爱卫会发〔2026〕2号");

  // Conditional GET: the same feed again with its validators is 304.
  const again = await request.get("/feeds/notices.xml", { headers: { "if-none-match": res.headers().etag! } });
  expect(again.status()).toBe(304);
});

test("a notice page announces the feed of its type, and that feed lists only that type", async ({ page, request }) => {
  await page.goto("/notices?type=circular");
  const href = await page.locator("main a[href^='/notices/']").first().getAttribute("href");
  const links = await alternates(page, href!);
  const typed = links.find((l) => /^\/feeds\/notices\/\w+\.xml$/.test(l.href));
  expect(typed).toBeTruthy();
  const feed = parseFeed(await (await request.get(typed!.href)).text());
  expect(feed.items.length).toBeGreaterThan(0);
  for (const item of feed.items) expect(item.categories.map((c) => c.label ?? c.term)).toContain("通报");
});

test("a local reporter follows one league/city and the publicity lists", async ({ page, request }) => {
  const town = await page.goto("/towns?prefecture=150600");
  expect(town?.status()).toBe(200);
  const links = await alternates(page, "/towns?prefecture=150600");
  expect(links.map((l) => l.href)).toContain("/feeds/regions/150600.xml");
  const regional = parseFeed(await (await request.get("/feeds/regions/150600.xml")).text());
  expect(regional.title).toContain("鄂尔多斯市");
  const publicity = parseFeed(await (await request.get("/feeds/publicity.xml")).text());
  expect(publicity.items.some((i) => i.title?.includes("公示"))).toBe(true);
  const listPage = publicity.items[0]!.url!;
  await page.goto(listPage);
  await expect(page.getByTestId("publicity-window")).toBeVisible();
  expect((await request.get("/feeds/regions/999999.xml")).status()).toBe(404);
});
