// The island's answer is lost after the server stored the report (a dropped connection): the island sends it again
// with the same Idempotency-Key and a fresh proof of work, and the citizen gets the original receipt — one case, and
// no "人机验证已失效" nor "不要重复提交". Afterwards nothing personal is left in the browser's draft.
import { expect, test, type Page } from "../support/fixtures.ts";

/** Goes through the island's steps with a suggestion and presses 提交; `who` fills the contact step. */
async function fileSuggestion(page: Page, description: string, who?: { name: string; phone: string }) {
  await page.goto("/report");
  await expect(page.getByText(/第 \d 步，共 6 步/)).toBeVisible();
  await page.getByLabel("建议").check();
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByLabel("问题类别").selectOption({ label: "健康教育" });
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByLabel(/具体情况/).fill(description);
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "下一步" }).click();
  if (who) {
    await page.getByLabel(/^姓名/).fill(who.name);
    await page.getByLabel(/^联系电话/).fill(who.phone);
  }
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByRole("button", { name: "提交" }).click();
}

test("a lost answer is retried with the same key and the original receipt is shown", async ({ page }) => {
  const description = `丢失应答重试：建议在镇区主街增设垃圾分类回收点并定时清运。${Date.now()}`;
  const sent: { key: string | null; proof: boolean; status: number }[] = [];
  await page.route("**/api/reports", async (route) => {
    const req = route.request();
    const response = await route.fetch(); // the server gets it and answers…
    sent.push({ key: req.headers()["idempotency-key"] ?? null, proof: (req.postData() ?? "").includes('name="altcha"'), status: response.status() });
    if (sent.length === 1) await route.abort("connectionreset"); // …and the first answer never arrives
    else await route.fulfill({ response });
  });
  await fileSuggestion(page, description, { name: "王五", phone: "13800001234" });

  await expect(page.getByTestId("receipt")).toBeVisible({ timeout: 30_000 });
  expect(sent).toHaveLength(2);
  expect(sent[0]).toMatchObject({ status: 201, proof: true });
  expect(sent[1]).toMatchObject({ status: 200, key: sent[0]!.key, proof: true });
  await expect(page.getByTestId("receipt")).toContainText("您已提交过，以下是原回执");
  const draft = await page.evaluate(() => localStorage.getItem("report-draft-v1"));
  expect(draft ?? "").not.toContain("13800001234");
  expect(draft ?? "").not.toContain("王五");
});

test("a report whose answers were all lost is still the same report after a reload", async ({ page }) => {
  test.setTimeout(90_000);
  const description = `重新加载后重试：建议在镇区主街增设公共厕所并每日保洁。${Date.now()}`;
  const statuses: number[] = [];
  await page.route("**/api/reports", async (route) => {
    const response = await route.fetch();
    statuses.push(response.status());
    await route.abort("connectionreset"); // no answer ever arrives
  });
  await fileSuggestion(page, description);
  await expect(page.getByRole("alert")).toContainText("网络连接中断", { timeout: 30_000 });
  // Stored by the first attempt, answered from its key by every retry; the browser saw none of it.
  expect(statuses[0]).toBe(201);
  expect(statuses.slice(1).every((s) => s === 200)).toBe(true);

  await page.unroute("**/api/reports");
  await page.reload();
  await expect(page.getByText(/第 \d 步，共 6 步/)).toBeVisible();
  await expect(page.getByLabel("建议")).toBeChecked();
  for (let i = 0; i < 5; i++) await page.getByRole("button", { name: "下一步" }).click();
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByTestId("receipt")).toContainText("您已提交过，以下是原回执");
});
