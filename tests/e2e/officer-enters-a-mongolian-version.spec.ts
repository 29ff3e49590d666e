// Issue 18 item 3: an officer enters the Mongolian version of a published notice in its editor (外文版本) — a numbered
// revision with its note, listed in the history — and a resident reading /mn/ sees it instead of the Chinese original,
// within seconds of the save (the page cache follows the outbox). A bad save is refused beside its field, in Chinese.
// Then the officer changes a place's official English name. On a portal of its own: the officer enrols a second factor.
import { expect, test } from "../support/fixtures.ts";
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

const MN_TITLE = "ᠡᠷᠡᠭᠦᠯ ᠰᠣᠮᠣᠨ ᠤ ᠦᠨᠡᠯᠡᠭᠡᠨ ᠤ ᠲᠤᠬᠠᠢ ᠮᠡᠳᠡᠭᠳᠡᠯ";
const MN_BODY = "ᠠᠶᠢᠮᠠᠭ ᠬᠣᠲᠠ ᠶᠢᠨ ᠡᠷᠡᠭᠦᠯ ᠠᠬᠤᠢ ᠶᠢᠨ ᠬᠣᠷᠢᠶ᠎ᠠ ᠳᠤ᠄ ᠦᠨᠡᠯᠡᠭᠡᠨ ᠤ ᠠᠵᠢᠯ ᠢ ᠮᠡᠳᠡᠭᠳᠡᠨ᠎ᠡ᠃";

test("an officer enters a Mongolian version of a notice and /mn/ shows it", async ({ browser, page }, testInfo) => {
  test.setTimeout(240_000);
  const officer = await firstSignIn(browser, portal, "officer");
  const title = `关于开展健康苏木评估的通知（测试${Date.now() % 100000}）`;

  // A published notice.
  await officer.goto("/admin/publish/notices/new");
  await officer.getByLabel("标题", { exact: true }).fill(title);
  await officer.getByLabel("正文（Markdown）").fill("各盟市爱卫会：\n\n现就健康苏木评估有关事项通知如下。");
  await officer.getByRole("button", { name: "保存草稿" }).click();
  await expect(officer.getByRole("status")).toHaveText("草稿已保存");
  await officer.getByRole("button", { name: "发布", exact: true }).click();
  await expect(officer.getByRole("status")).toHaveText("已发布");
  const slug = decodeURIComponent((await officer.getByRole("link", { name: "查看公开页面" }).getAttribute("href"))!.replace("/notices/", ""));

  // Before any version, /mn/ shows the Chinese original, marked as Chinese.
  await page.goto(`${portal.url}/mn/notices/${encodeURIComponent(slug)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  // A save without a note is refused beside the field, and nothing is kept.
  const mn = officer.getByTestId("translation-mn");
  await mn.getByLabel("蒙古文题目").fill(MN_TITLE);
  await mn.getByRole("button", { name: "保存蒙古文版本" }).click();
  await expect(officer.getByRole("alert")).toHaveText("请检查填写的内容");
  await expect(officer.getByTestId("translation-mn").locator(".field-error")).toHaveText("请填写修改说明（至少 2 个字）");
  await expect(officer.getByTestId("translation-mn").getByLabel("蒙古文题目")).toHaveValue(MN_TITLE);
  await expect(officer.getByTestId("translation-history")).toHaveCount(0);

  // The version, with its note: revision 1 in the history.
  await officer.getByTestId("translation-mn").getByLabel("蒙古文正文（可选）").fill(MN_BODY);
  await officer.getByTestId("translation-mn").getByLabel("修改说明").fill("初次翻译");
  await officer.getByTestId("translation-mn").getByRole("button", { name: "保存蒙古文版本" }).click();
  await expect(officer.getByRole("status")).toHaveText("蒙古文版本已保存（第 1 版）");
  await expect(officer.getByTestId("translation-history")).toContainText("初次翻译");
  await expect(officer.getByTestId("translation-history").locator("tbody tr")).toHaveCount(1);
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("officer-translation.png"), fullPage: true });

  // The resident's Mongolian page follows within seconds (cached before the save, dropped through the outbox).
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(MN_TITLE, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("main")).toContainText(MN_BODY);
  // Chinese and English readers are not affected.
  await page.goto(`${portal.url}/notices/${encodeURIComponent(slug)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  // The API carries the version beside the Chinese original.
  const api = await (await page.request.get(`${portal.url}/api/v1/notices/${encodeURIComponent(slug)}`)).json();
  expect(api).toMatchObject({ title, translations: { mn: { title: MN_TITLE, body: MN_BODY } } });

  // Official English names: the demo's 达拉特旗 → Dalad Banner, changed in /admin/names.
  await officer.goto(`/admin/names?q=${encodeURIComponent("达拉特旗")}`);
  const field = officer.getByTestId("names-found").getByLabel("达拉特旗的官方英文名称");
  await expect(field).toHaveValue("Dalad Banner");
  await field.fill("达拉特");
  await officer.getByTestId("names-found").getByRole("button", { name: "保存达拉特旗的英文名称" }).click();
  await expect(officer.getByTestId("names-found").locator(".field-error")).toContainText("英文字母");
  await officer.getByTestId("names-found").getByLabel("达拉特旗的官方英文名称").fill("Dalad Qi");
  await officer.getByTestId("names-found").getByRole("button", { name: "保存达拉特旗的英文名称" }).click();
  await expect(officer.getByRole("status")).toHaveText("已将达拉特旗的英文名称设为 Dalad Qi");
  await expect(officer.getByTestId("names-set")).toContainText("达拉特旗（150621）");
  await axe(officer);
});
