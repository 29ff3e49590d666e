// A Mongolian-reading resident follows a report on /mn/track without JavaScript: the number and access code from the
// receipt show the case's status and timeline in Mongolian (no message left in Chinese, the report's own Chinese
// words marked as Chinese), and the same case in Chinese is one button away — the layout's language switch is a
// link and the access code never goes into an address, so the case page posts number and code to /track itself.
import { expect, test } from "../support/fixtures.ts";
import { untranslatedText } from "../support/i18n.ts";

test("a resident tracks a report in Mongolian and switches to Chinese without JavaScript", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();

  // Filed through the plain Chinese form (the report form's own languages are tested with it).
  const description = `蒙古文查询测试：小区二次供水水箱长期不清洗，自来水发黄有异味。${Date.now()}`;
  await page.goto("/report");
  await page.getByLabel("投诉").check();
  await page.getByLabel("所涉地区").selectOption({ label: "达拉特旗" });
  await page.getByLabel("问题类别").selectOption({ label: "生活饮用水" });
  await page.getByLabel(/具体情况/).fill(description);
  await page.getByRole("button", { name: "下一步：核对填写内容" }).click();
  await page.getByRole("button", { name: "提交", exact: true }).click();
  const number = (await page.getByTestId("tracking-number").textContent())!.trim();
  const code = (await page.getByTestId("access-code").textContent())!.trim();
  expect(number).toMatch(/^GS\d{14}$/);

  await page.goto("/mn/track");
  await expect(page.locator("html")).toHaveAttribute("lang", "mn-Mong");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ᠪᠠᠢᠳᠠᠯ ᠢ ᠯᠠᠪᠯᠠᠬᠤ");
  await page.locator("#trackingNumber").fill(number);
  await page.locator("#accessCode").fill(code);
  await page.locator("main form.track-form button[type=submit]").click();

  // The case in Mongolian: still on /mn/, status and timeline from the track catalog.
  expect(new URL(page.url()).pathname).toBe("/mn/track");
  const status = page.getByTestId("case-status");
  await expect(status.getByRole("heading", { level: 2 })).toContainText(number);
  await expect(page.getByTestId("track-status")).toHaveText("ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠬᠤ ᠶᠢ ᠬᠦᠯᠢᠶᠡᠵᠦ ᠪᠠᠢᠨ᠎ᠠ");
  await expect(status).toContainText("ᠭᠣᠮᠳᠠᠯ"); // the kind: complaint
  const timeline = page.getByTestId("track-timeline");
  await expect(timeline).toContainText("ᠰᠠᠨᠠᠯ ᠢᠯᠡᠭᠡᠪᠡ"); // the first event: report sent
  await expect(timeline).not.toContainText("提交");
  await expect(timeline.locator("time").first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  expect(await untranslatedText(page), "Chinese text not marked lang=zh-CN").toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("mn-track-case.png"), fullPage: true });

  // The same case in Chinese, without typing the code again.
  await page.getByTestId("case-languages").getByRole("button", { name: "中文" }).click();
  expect(new URL(page.url()).pathname).toBe("/track");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(`${number}：待受理`);
  await expect(page.getByTestId("track-timeline")).toContainText("提交");
  await expect(page.getByTestId("case-status")).toContainText("蒙古文查询测试");
  // And the layout's language switch (a plain link) leads back to the Mongolian page.
  await expect(page.getByRole("navigation", { name: "语言" }).getByRole("link", { name: "ᠮᠣᠩᠭᠣᠯ" })).toHaveAttribute("href", "/mn/track");
  await context.close();
});
