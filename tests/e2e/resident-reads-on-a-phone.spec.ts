// A resident on a 390 px phone: the home page leads with the three things residents come to do, targets are big
// enough for a thumb, and the register says which towns are overdue for 复审. (Every page fitting the phone is checked
// with the other public pages, in resident-reads-public-pages and resident-uses-elder-mode.)
import { expect, test, type Page } from "../support/fixtures.ts";
import { firstHref } from "../support/pages.ts";

test.skip(({ viewport }) => (viewport?.width ?? 0) > 390, "phone project only");

async function heightOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on the page`);
  return box.height;
}

test("the home page leads with three large actions and labels other provinces' documents", async ({ page }) => {
  await page.goto("/");
  const actions = page.getByTestId("home-actions");
  for (const label of ["查看公示并提出异议", "我要反映", "办理查询"]) {
    const link = actions.getByRole("link", { name: new RegExp(label) });
    await expect(link).toBeVisible();
    expect((await link.boundingBox())!.height, label).toBeGreaterThanOrEqual(44);
  }
  // The actions come before anything else on the first screen, and the header's search box is the only one.
  expect((await actions.boundingBox())!.y + (await actions.boundingBox())!.height).toBeLessThanOrEqual(844);
  await expect(page.getByRole("searchbox")).toHaveCount(1);
  // 焦作, 相山 and 云南 documents are reference documents, listed after the province's own.
  const own = page.getByTestId("latest-notices");
  const refs = page.getByTestId("reference-notices");
  await expect(refs).toContainText("焦作市");
  await expect(refs).toContainText("云南省");
  await expect(own).not.toContainText("焦作市");
  await expect(page.getByRole("heading", { name: "参考文件（外省区）" })).toBeVisible();
  expect((await refs.boundingBox())!.y).toBeGreaterThan((await own.boundingBox())!.y);
  await refs.getByRole("link", { name: /焦作市/ }).click();
  await expect(page.getByTestId("reference-notice")).toContainText("参考文件（外省区）");
});

test("the register flags a town whose 复审 is overdue, on the list and on its page", async ({ page }) => {
  await page.goto("/towns?prefecture=150100");
  const row = page.getByTestId("register").locator("tr", { hasText: "呼和浩特市" }).filter({ hasText: "国家卫生城市" });
  await expect(row.getByTestId("review-flag")).toHaveText("复审已逾期");
  await page.goto("/towns/150100");
  await expect(page.getByTestId("review-flag").first()).toHaveText("复审已逾期");
});

test("an open publicity list offers 提出异议 as a thumb-sized button and the phone number as a tel: link", async ({ page }) => {
  await page.goto(await firstHref(page, "/publicity?status=open", /^\/publicity\/\d+$/));
  expect(await heightOf(page, "a[href^='/report?type=objection']")).toBeGreaterThanOrEqual(44);
  await expect(page.getByTestId("publicity-window").locator("a[href^='tel:']")).toHaveAttribute("href", /^tel:\+?\d{5,}$/);
});
