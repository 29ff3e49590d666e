// Residents read the public pages on phones and desktops: every page answers, reads in Chinese, fits the screen, has
// no axe-core violations, and is photographed at both widths for a person to look at (elder mode: its own journey).
import { expect, test } from "../support/fixtures.ts";
import { firstHref } from "../support/pages.ts";
import { publicPages, readsWell } from "../support/public-pages.ts";

test("every public page reads well and passes axe-core", async ({ page }, testInfo) => {
  // Thirty pages with axe-core each take longer than the default minute on a small machine.
  test.setTimeout(300_000);
  for (const p of await publicPages(page)) await readsWell(page, p, testInfo, `${testInfo.project.name}-standard`);
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
