// Residents read the public pages on phones and desktops: every page answers, reads in Chinese, has no axe-core
// violations, and is photographed at both widths for a person to look at.
import { expect, test } from "../support/fixtures.ts";
import { axe, firstHref } from "../support/pages.ts";

test("every public page reads well and passes axe-core", async ({ page }, testInfo) => {
  const notice = await firstHref(page, "/notices", /^\/notices\/[^?]+$/);
  const publicity = await firstHref(page, "/publicity", /^\/publicity\/\d+$/);
  const town = await firstHref(page, "/towns", /^\/towns\/\d{6,12}$/);
  const pages: [string, string, RegExp][] = [
    ["home", "/", /全国健康城镇公示与监督平台/],
    ["publicity", "/publicity", /社会公示/],
    ["publicity-list", publicity, /公示期/],
    ["towns", "/towns", /已命名城镇/],
    ["town", town, /称号|历程/],
    ["notices", "/notices", /通知公告/],
    ["notice", notice, /发布/],
    ["cycle", "/cycle", /复审/],
    ["responsibilities", "/responsibilities", /牵头/],
    ["search", "/search?q=%E5%81%A5%E5%BA%B7%E5%8E%BF", /找到约 \d+ 条结果/],
    ["stats", "/stats", /办理情况统计/],
    ["monthly", "/stats/monthly", /办理情况通报/],
    ["rectifications", "/rectifications", /整改公示/],
    ["open-data", "/open-data", /开放数据与订阅/],
    ["api-docs", "/api/v1/docs", /只读接口说明/],
    ["alerts", "/alerts", /邮件提醒/],
    ["not-found", "/towns/999999", /页面不存在|找不到/],
  ];
  for (const [name, path, text] of pages) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(name === "not-found" ? 404 : 200);
    await expect(page.locator("main")).toContainText(text);
    // Nothing runs on reading pages: no island scripts.
    expect(await page.locator("astro-island").count(), path).toBe(0);
    // Nothing is wider than the phone screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(1);
    await axe(page);
    await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  }
});

test("a resident goes from the home page to an open list and objects to an entry", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("open-publicity").getByRole("link").first().click();
  await expect(page.getByTestId("publicity-window")).toContainText("公示中");
  const link = page.getByRole("link", { name: /^对.+提出异议$/ }).first();
  const label = (await link.getAttribute("aria-label"))!;
  const town = label.replace(/^对/, "").replace(/提出异议$/, "");
  const entryId = new URL((await link.getAttribute("href"))!, page.url()).searchParams.get("entry");
  await link.click();
  await expect(page).toHaveURL(/\/report\?type=objection&entry=\d+/);
  await expect(page.getByText(/第 \d 步，共 6 步/)).toBeVisible();
  await expect(page.getByLabel("异议")).toBeChecked();
  // The chosen entry is carried into the form: it is selected on the "what it is about" step.
  if (!(await page.getByLabel("公示对象").isVisible())) await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByLabel("公示对象")).toHaveValue(entryId!);
  await expect(page.getByLabel("公示对象").locator("option:checked")).toContainText(town);
});

test("a resident searches from the header and finds a town by pinyin", async ({ page }) => {
  await page.goto("/notices");
  const header = page.getByRole("search", { name: "搜索通知公告、公示和城镇" });
  await header.getByRole("searchbox").fill("dalate");
  await header.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/\/search\?q=dalate/);
  await expect(page.getByTestId("results")).toContainText("达拉特旗");
  await expect(page.locator("main").getByRole("searchbox")).toHaveValue("dalate");
});

test("bad filters and overlong queries get a Chinese answer, never a crash", async ({ page }) => {
  const long = await page.goto(`/search?q=${"健".repeat(201)}`);
  expect(long?.status()).toBe(400);
  await expect(page.locator("main")).toContainText("200");
  const badYear = await page.goto("/notices?year=abc&page=-3");
  expect([200, 400]).toContain(badYear?.status());
  await expect(page.locator("main")).toContainText(/通知公告|年份/);
  expect((await page.goto("/publicity/0"))?.status()).toBe(404);
  expect((await page.goto("/notices/no-such-notice"))?.status()).toBe(404);
});
