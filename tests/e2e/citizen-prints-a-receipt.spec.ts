// A citizen prints the receipt: it carries a QR code to /track (with the tracking number, never the access code),
// says what happens next and that an anonymous report's code cannot be recovered, and prints without the page around it.
import { expect, test } from "../support/fixtures.ts";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a citizen prints the receipt of an anonymous complaint", async ({ page }, testInfo) => {
    await page.goto("/report");
    await page.getByLabel("投诉").check();
    await page.getByLabel("所涉地区").selectOption({ label: "达拉特旗" });
    await page.getByLabel("问题类别").selectOption({ label: "环境卫生" });
    await page.getByLabel(/具体情况/).fill(`打印回执：公园公厕长期无人打扫，气味难闻。${Date.now()}`);
    await page.getByRole("button", { name: "下一步：核对填写内容" }).click();
    await page.getByRole("button", { name: "提交", exact: true }).click();
    const receipt = page.getByTestId("receipt");
    await expect(receipt).toContainText("提交成功");
    await expect(receipt).toContainText("前决定是否受理");
    await expect(page.getByTestId("recovery-note")).toContainText("匿名提交的无法找回");
    const qr = page.getByTestId("receipt-qr").locator("svg");
    await expect(qr).toBeVisible();
    const code = (await page.getByTestId("access-code").innerText()).trim();
    expect(await page.getByTestId("receipt-qr").innerHTML()).not.toContain(code);

    await page.emulateMedia({ media: "print" });
    await expect(receipt).toBeVisible();
    await expect(qr).toBeVisible();
    await expect(page.locator(".site-header")).toBeHidden();
    await expect(page.getByRole("heading", { level: 1, name: "我要反映" })).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath("receipt-print.png"), fullPage: true });
  });
});
