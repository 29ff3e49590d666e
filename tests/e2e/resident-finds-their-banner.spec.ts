// A resident of 鄂托克前旗 — a banner without any honour — looks for it on a phone without JavaScript, by its initials,
// and reaches its page; the portal's own pages are found by what people call them; facets fold behind 筛选 on a
// phone and stand open beside the results on a wide screen.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "../support/fixtures.ts";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a resident finds their banner by its initials and opens its page", async ({ page }) => {
    await page.goto("/search?q=etkqq");
    const first = page.getByTestId("results").locator("li.result").first();
    await expect(first.getByRole("link")).toHaveText("鄂托克前旗");
    await expect(first).toContainText("暂无全国健康城镇或国家卫生城镇称号记录");
    await first.getByRole("link").click();
    await expect(page).toHaveURL(/\/towns\/150623$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("鄂托克前旗");
  });

  test("statuses read in Chinese and the portal's own pages are found", async ({ page }) => {
    await page.goto("/search?q=达拉特旗");
    await expect(page.getByTestId("results").locator("li.result").first()).toContainText("全国健康县：公示中");
    await expect(page.getByTestId("results")).not.toContainText(/in_publicity|confirmed|recommended/);
    await page.goto("/search?q=月通报");
    await expect(page.getByTestId("results").locator("li.result").first().getByRole("link")).toHaveAttribute("href", "/stats/monthly");
  });
});

// Scripts on: <details> needs none, but axe-core runs in the page.
test("facets fold behind 筛选 on a phone and stand open on a wide screen", async ({ page }, testInfo) => {
  await page.goto("/search?q=鄂尔多斯");
  const facets = page.getByRole("complementary", { name: "筛选结果" });
  const toggle = page.locator("summary", { hasText: "筛选" });
  if (testInfo.project.name === "phone") {
    await expect(toggle).toBeVisible();
    await expect(facets).toBeHidden();
    // The first result is on the first screen, not below the facets.
    const box = await page.getByTestId("results").locator("li.result").first().boundingBox();
    expect(box!.y).toBeLessThan(844);
    await toggle.click();
    await expect(facets).toBeVisible();
    await facets.getByRole("link", { name: "地区" }).click();
    await expect(page).toHaveURL(/type=town/);
    // A chosen filter keeps the facets open, so it can be seen and undone.
    await expect(page.getByRole("complementary", { name: "筛选结果" })).toBeVisible();
  } else {
    await expect(toggle).toBeHidden();
    await expect(facets).toBeVisible();
  }
  await page.screenshot({ path: testInfo.outputPath("search-facets.png") });
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => v.id)).toEqual([]);
});
