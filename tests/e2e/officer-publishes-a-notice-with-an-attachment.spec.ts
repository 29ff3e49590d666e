// Issue 15 item 6: an officer drafts a notice, attaches a PDF, previews it as residents will see it and publishes it;
// a resident finds the attachment on the notice page with its type and size and downloads it under its own name.
// Then the officer adds entries to a publicity list by pasting names and confirming each match, and by a pinyin search.
// On a portal of its own, because the officer enrols a second factor here.
import { expect, test, type Page } from "../support/fixtures.ts";
import { firstSignIn } from "../support/back-office.ts";
import { axe } from "../support/pages.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";

let portal: PortalServer;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "a back-office journey: desktop only");
  test.setTimeout(180_000);
  portal = await startPortal({ SEARCH: "off" });
});
test.afterAll(async () => {
  await portal?.stop();
});

/** A small PDF whose document information names its author: the portal blanks it. */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n2 0 obj << /Author (Zhang San) >> endobj\ntrailer << /Root 1 0 R /Info 2 0 R >>\n%%EOF\n", "latin1");

test("an officer publishes a notice with a PDF attachment that a resident downloads, and fills a publicity list by pasting names", async ({ browser, page }, testInfo) => {
  test.setTimeout(240_000);
  const officer = await firstSignIn(browser, portal, "officer");
  const title = `关于开展健康乡镇暗访评估的通知（测试${Date.now() % 100000}）`;

  // The draft.
  await officer.goto("/admin/publish/notices/new");
  await officer.getByLabel("标题").fill(title);
  await officer.getByLabel("正文（Markdown）").fill("各盟市爱卫会：\n\n现将暗访评估细则印发给你们，请遵照执行。\n\n附件：暗访评估细则");
  await officer.getByRole("button", { name: "保存草稿" }).click();
  await expect(officer.getByRole("status")).toHaveText("草稿已保存");

  // The attachment: a PDF, checked by its bytes.
  await officer.getByLabel("添加附件").setInputFiles({ name: "暗访评估细则.pdf", mimeType: "application/pdf", buffer: PDF });
  await officer.getByRole("button", { name: "上传附件" }).click();
  await expect(officer.getByRole("status")).toHaveText("已添加附件“暗访评估细则.pdf”");
  await expect(officer.getByTestId("staff-attachments")).toContainText("暗访评估细则.pdf（PDF，1 KB）");
  // A text file dressed as a PDF is refused beside the field.
  await officer.getByLabel("添加附件").setInputFiles({ name: "伪装.pdf", mimeType: "application/pdf", buffer: Buffer.from("just text, not a PDF") });
  await officer.getByRole("button", { name: "上传附件" }).click();
  await expect(officer.locator(".field-error")).toContainText("无法作为附件");
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("officer-notice-attachments.png"), fullPage: true });

  // The preview: the page as residents will see it, not published.
  await officer.getByRole("link", { name: "预览已保存的草稿" }).click();
  await expect(officer.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(officer.getByTestId("preview-banner")).toContainText("尚未发布");
  await expect(officer.getByTestId("notice-attachments")).toContainText("暗访评估细则.pdf（PDF，1 KB）");
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("officer-notice-preview.png"), fullPage: true });
  const draftPublic = await page.goto(`${portal.url}/notices`);
  expect(draftPublic?.status()).toBe(200);
  await expect(page.getByText(title)).toHaveCount(0);

  // The preview of an unsaved edit shows the edit and saves nothing.
  await officer.getByRole("link", { name: "返回编辑页面" }).click();
  const editUrl = officer.url();
  await officer.getByLabel("标题").fill(`${title}（改）`);
  await officer.getByRole("button", { name: "预览（不保存）" }).click();
  await expect(officer.getByRole("heading", { level: 1 })).toHaveText(`${title}（改）`);
  await expect(officer.getByTestId("preview-banner")).toContainText("按编辑框中的内容显示，尚未保存");
  await officer.goto(editUrl);
  await expect(officer.getByLabel("标题")).toHaveValue(title);

  // Publish.
  await officer.getByRole("button", { name: "发布", exact: true }).click();
  await expect(officer.getByRole("status")).toHaveText("已发布");
  const slugPath = await officer.getByRole("link", { name: "查看公开页面" }).getAttribute("href");

  // The resident reads the notice and downloads the attachment.
  await page.goto(`${portal.url}${slugPath}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const item = page.getByTestId("notice-attachments").locator("li");
  await expect(item).toHaveText("暗访评估细则.pdf（PDF，1 KB）");
  await axe(page);
  await page.screenshot({ path: testInfo.outputPath("resident-notice-with-attachment.png"), fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download"), item.getByRole("link").click()]);
  expect(download.suggestedFilename()).toBe("暗访评估细则.pdf");
  const href = await item.getByRole("link").getAttribute("href");
  const file = await page.request.get(`${portal.url}${href}`);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  expect(file.headers()["content-disposition"]).toContain("filename*=UTF-8''%E6%9A%97%E8%AE%BF%E8%AF%84%E4%BC%B0%E7%BB%86%E5%88%99.pdf");
  const bytes = await file.body();
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(bytes.toString("latin1")).not.toContain("Zhang San");

  // The demo's 2026 rules notice carries its 实施办法 as a PDF.
  await page.goto(`${portal.url}/notices/nmg-2026-health-towns-rules`);
  const rules = page.getByTestId("notice-attachments").locator("li");
  await expect(rules).toHaveText(/^内蒙古自治区开展全国健康城镇管理工作实施办法\.pdf（PDF，\d+ KB）$/);
  const rulesPdf = await page.request.get(`${portal.url}${await rules.getByRole("link").getAttribute("href")}`);
  expect([rulesPdf.status(), rulesPdf.headers()["content-type"]]).toEqual([200, "application/pdf"]);

  // A publicity list filled by pasting names: each match confirmed on a second screen.
  await officer.goto("/admin/publish/publicity/new");
  await officer.getByLabel("标题").fill(`关于全国健康乡镇拟推荐名单的公示（测试${Date.now() % 100000}）`);
  await officer.getByLabel("全国健康乡镇").check();
  await officer.getByRole("button", { name: "保存草稿" }).click();
  await expect(officer.getByRole("status")).toContainText("公示草稿已保存");
  await officer.getByLabel("公示对象名称").fill("1. 王爱召镇\n2. 金河镇\n3. 不存在镇");
  await officer.getByRole("button", { name: "匹配名称" }).click();
  const confirm = officer.getByTestId("paste-confirm");
  await expect(confirm.locator('tr[data-status="exact"]')).toContainText("王爱召镇（鄂尔多斯市 达拉特旗）");
  await expect(confirm.getByLabel("王爱召镇（鄂尔多斯市 达拉特旗）")).toBeChecked();
  await expect(confirm.locator('tr[data-status="ambiguous"]')).toContainText("金河镇（呼和浩特市 赛罕区）");
  await expect(confirm.locator('tr[data-status="unknown"]')).toContainText("未找到");
  await confirm.getByLabel("金河镇（呼伦贝尔市 根河市）").check();
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("officer-paste-confirm.png"), fullPage: true });
  await confirm.getByRole("button", { name: "确认添加" }).click();
  await expect(officer.getByRole("status")).toHaveText("已添加 2 个对象");
  await expect(officer.getByTestId("list-entries")).toContainText("王爱召镇（150621103）");
  await expect(officer.getByTestId("list-entries")).toContainText("金河镇（150785101）");

  // And one more by pinyin.
  await officer.getByLabel("按名称或拼音查找").fill("shulinzhao");
  await officer.getByRole("button", { name: "查找" }).click();
  await officer.getByTestId("region-results").getByRole("button", { name: "添加树林召镇（鄂尔多斯市 达拉特旗）为全国健康乡镇" }).click();
  await expect(officer.getByRole("status")).toHaveText("已添加树林召镇");
  await expect(officer.getByTestId("list-entries").locator("tbody tr")).toHaveCount(3);
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("officer-publicity-entries.png"), fullPage: true });

  // A register event's place is found by pinyin too, and its code filled in.
  await officer.goto("/admin/publish");
  await officer.getByLabel("按名称或拼音查找地方").fill("dalate");
  await officer.getByRole("button", { name: "查找" }).click();
  await officer.getByTestId("event-places").getByRole("link", { name: "达拉特旗（鄂尔多斯市）" }).click();
  await expect(officer.getByLabel("行政区划代码")).toHaveValue("150621");
  await axe(officer);
});
