// Issue 15 item 3: an officer records an objection phoned in against an entry of an open publicity list, prints the
// paper receipt (tracking number and access code, shown once), and the list's objection count goes up by one, by
// 电话; the case waits in the queue like a web report, and its code works on /track. On a portal of its own, because
// the officer enrols a second factor here and the shared portal's staff journey expects to do that itself.
import { expect, test, type Page } from "../support/fixtures.ts";
import { firstSignIn, seededPassword, signIn } from "../support/back-office.ts";
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

const countOn = async (page: Page) => Number(/(\d+) 件/.exec(await page.getByTestId("objection-count").innerText())![1]);

test("an officer records a phoned-in objection, prints the receipt, and the list counts it by 电话", async ({ browser, page }, testInfo) => {
  test.setTimeout(180_000);
  // An open list and one of its entries, as a resident sees them.
  await page.goto(`${portal.url}/publicity?status=open`);
  const listHref = await page.locator("main a[href^='/publicity/']").first().getAttribute("href");
  await page.goto(`${portal.url}${listHref}`);
  const before = await countOn(page);
  const objectLink = page.getByRole("link", { name: /^对.+提出异议$/ }).first();
  const entryName = /^对(.+)提出异议$/.exec((await objectLink.getAttribute("aria-label"))!)![1]!;
  const entryId = new URL((await objectLink.getAttribute("href"))!, portal.url).searchParams.get("entry")!;

  const officer = await firstSignIn(browser, portal, "officer");
  await officer.goto("/admin");
  await officer.screenshot({ path: testInfo.outputPath("admin-home.png") });
  await officer.getByRole("link", { name: "登记来件（电话、信函、邮件、来访）" }).click();
  await expect(officer.getByRole("heading", { level: 1 })).toHaveText("登记来件");
  await axe(officer);

  // Submitted without the caller's name: refused beside the field, nothing recorded, the answers kept.
  await officer.getByLabel("来件渠道").selectOption({ label: "电话" });
  await officer.getByLabel("反映类型").selectOption({ label: "异议" });
  await officer.getByLabel("异议对象（仅异议填写）").selectOption(entryId);
  const text = `电话异议：${entryName}镇区背街小巷垃圾长期堆放，申报材料所述与实际不符。${Date.now()}`;
  await officer.getByLabel("反映内容").fill(text);
  await officer.getByLabel("联系电话").fill("13800000001");
  await officer.getByRole("button", { name: "登记并生成回执" }).click();
  await expect(officer.getByTestId("form-message")).toContainText("需要修改");
  await expect(officer.locator("#name-error")).toHaveText("提出异议须实名，请填写真实姓名");
  await expect(officer.getByLabel("反映内容")).toHaveValue(text);
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("record-form-errors.png"), fullPage: true });

  await officer.getByLabel("姓名", { exact: true }).fill("王某");
  await officer.getByRole("button", { name: "登记并生成回执" }).click();
  const receipt = officer.getByTestId("receipt");
  await expect(receipt).toContainText("群众反映事项受理回执");
  await expect(receipt).toContainText("通过电话收到您的异议");
  const number = (await officer.getByTestId("tracking-number").innerText()).trim();
  const code = (await officer.getByTestId("access-code").innerText()).trim();
  expect(number).toMatch(/^GS\d{14}$/);
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$/);
  expect(await officer.getByTestId("receipt-qr").innerHTML()).not.toContain(code);
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("receipt-screen.png"), fullPage: true });

  // On paper: the receipt alone, number and code included.
  await officer.emulateMedia({ media: "print" });
  await expect(receipt).toBeVisible();
  await expect(officer.getByTestId("tracking-number")).toBeVisible();
  await expect(officer.getByTestId("access-code")).toBeVisible();
  await expect(officer.locator(".site-header")).toBeHidden();
  await expect(officer.getByRole("heading", { level: 1 })).toBeHidden();
  await officer.screenshot({ path: testInfo.outputPath("receipt-print.png"), fullPage: true });
  await officer.emulateMedia({ media: "screen" });

  // The queue has it, waiting for acceptance; its page says it came by phone.
  await officer.goto(`/admin/cases?queue=all&q=${number}`);
  await axe(officer);
  const row = officer.locator("tr", { has: officer.getByRole("link", { name: number }) });
  await expect(row.getByTestId("channel")).toHaveText("电话");
  await officer.getByRole("link", { name: number }).click();
  await expect(officer.getByTestId("case-state")).toHaveText("待受理");
  await expect(officer.locator("dd", { hasText: /（电话）$/ })).toHaveCount(1);
  await expect(officer.getByTestId("case-timeline")).toContainText("提交人（电话）");
  await expect(officer.getByTestId("case-timeline")).toContainText("电话来件");

  // The list's count goes up (public pages are cached for up to 30 s) and names the channel.
  await expect
    .poll(async () => {
      await page.reload();
      return countOn(page);
    }, { timeout: 45_000, intervals: [2000] })
    .toBe(before + 1);
  await expect(page.getByTestId("objection-count")).toContainText("电话 1 件");
  await axe(page);
  await page.screenshot({ path: testInfo.outputPath("publicity-count.png"), fullPage: true });

  // The statistics count it by channel too.
  await page.goto(`${portal.url}/stats`);
  await expect(page.getByTestId("stats-channels")).toContainText("电话");
  await axe(page);
  await page.getByTestId("stats-channels").screenshot({ path: testInfo.outputPath("stats-channels.png") });
  await page.goto(`${portal.url}/stats/monthly`);
  await expect(page.getByTestId("monthly-channels")).toContainText("电话");
  await axe(page);

  // A unit's handler is neither offered the page nor let in, by link or by post.
  const handler = await signIn(browser, "handler", seededPassword(portal.output(), "handler"), { baseURL: portal.url });
  await expect(handler).toHaveURL(/\/admin$/);
  await expect(handler.getByRole("link", { name: /登记来件/ })).toHaveCount(0);
  expect((await handler.goto("/admin/cases/new"))!.status()).toBe(403);
  const forced = await handler.request.post("/admin/cases/new", { headers: { Origin: portal.url }, multipart: { channel: "visit", receivedDate: "2026-01-01", receivedTime: "09:00", kind: "suggestion", description: "单位经办人冒充登记的来件内容。" } });
  expect(forced.status()).toBe(403);

  // The person who phoned can follow it with what the paper says.
  await page.goto(`${portal.url}/track`);
  await page.getByLabel("查询编号").fill(number);
  await page.getByLabel("查询码").fill(code.replaceAll("-", ""));
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByTestId("case-status")).toContainText("已收到您通过电话提出的反映");
});
