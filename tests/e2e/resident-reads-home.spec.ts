import { expect, test } from "../support/fixtures.ts";

test("a resident opens the home page and sees the seeded notices", async ({ page }, testInfo) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle("全国健康城镇公示与监督平台");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  const nav = page.getByRole("navigation", { name: "主导航" });
  for (const label of ["公示", "已命名城镇", "通知公告", "我要反映", "办理查询"]) {
    await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
  }
  const latest = page.getByTestId("latest-notices");
  // The real 2026 Inner Mongolia rules, with their 文号, come from the seed.
  await expect(latest).toContainText("内蒙古自治区开展全国健康城镇管理工作实施办法");
  await expect(latest).toContainText("内爱卫会发〔2026〕2号");
  expect(await latest.locator("li").count()).toBeGreaterThanOrEqual(5);
  await page.screenshot({ path: testInfo.outputPath("home.png"), fullPage: true });
});
