// Issue 15 items 1 and 2: an officer triages the queue — most urgent first with 剩余工作日 and a count on every tab —
// saves a filter, accepts several cases at once and reads a result per case (one refused: someone else moved it),
// exports the filter as CSV with the submitter masked, then opens a case and refuses it from the confirmation
// screen. On a portal of its own, because the officer enrols a second factor here.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "../support/fixtures.ts";
import { act, firstSignIn } from "../support/back-office.ts";
import { axe } from "../support/pages.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";

let portal: PortalServer;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "a back-office journey: desktop only");
  test.setTimeout(180_000);
  portal = await startPortal({ SEARCH: "off", REPORT_HOURLY_LIMIT: "1000" });
});
test.afterAll(async () => {
  await portal?.stop();
});

test("an officer sees the most urgent first, saves a filter, accepts several cases at once, exports, and refuses one after confirming", async ({ browser, page }, testInfo) => {
  test.setTimeout(240_000);
  // Four residents report the same street; one gives a name and a phone number.
  const token = `批量${Date.now().toString(36)}`;
  await page.goto(`${portal.url}/report`);
  const filed: { trackingNumber: string }[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await page.request.post(`${portal.url}/api/reports`, {
      headers: { Origin: portal.url },
      multipart: { kind: "complaint", regionCode: "150621", category: "sanitation", description: `${token}第${i}件：达拉特旗树林召镇农贸市场周边垃圾堆放，污水横流。`, ...(i === 0 ? { name: "欧阳明", phone: "13912345678" } : {}) },
    });
    expect(res.status()).toBe(201);
    filed.push((await res.json()).receipt);
  }

  const officer = await firstSignIn(browser, portal, "officer");
  // The whole queue: most urgent first, 剩余工作日 beside each case, a count on every tab.
  await officer.goto("/admin/cases?queue=all");
  const queue = officer.getByTestId("case-queue");
  await expect(queue.getByRole("columnheader", { name: "剩余工作日" })).toBeVisible();
  const left = (await officer.getByTestId("working-days-left").allInnerTexts()).map((t) => Number.parseInt(t, 10)).filter((n) => !Number.isNaN(n));
  expect(left.length).toBeGreaterThan(3);
  expect(left).toEqual([...left].sort((a, b) => a - b));
  await expect(officer.getByTestId("queue-tabs")).toContainText(/全部 \d+/);
  await expect(officer.getByTestId("queue-tabs")).toContainText(/已超期 \d+/);
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("queue.png"), fullPage: true });

  // The officer narrows to the four new reports still waiting, and saves that filter.
  await officer.getByRole("link", { name: /^待受理\/待交办/ }).click();
  await officer.getByLabel("编号或标题").fill(token);
  await officer.getByLabel("状态").selectOption({ label: "待受理" });
  await officer.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(officer).toHaveURL(/queue=unassigned/);
  await expect(officer).toHaveURL(new RegExp(`q=${encodeURIComponent(token)}`));
  await expect(queue.locator("tbody tr")).toHaveCount(4);
  await expect(officer.getByTestId("queue-tabs")).toContainText("待受理/待交办 4");
  await officer.getByLabel("名称").fill("今天的新件");
  await officer.getByRole("button", { name: "保存当前筛选" }).click();
  await expect(officer.getByRole("status")).toHaveText("已保存筛选条件“今天的新件”");
  await officer.goto("/admin/cases");
  await officer.getByTestId("saved-filters").getByRole("link", { name: "今天的新件" }).click();
  await expect(queue.locator("tbody tr")).toHaveCount(4);
  await axe(officer);

  // Three are ticked; meanwhile a colleague accepts one of them, so its version moves.
  const [a, b, c, d] = filed as [(typeof filed)[number], (typeof filed)[number], (typeof filed)[number], (typeof filed)[number]];
  for (const x of [a, b, c]) await officer.getByLabel(`选择 ${x.trackingNumber}`).check();
  const caseUrl = async (x: { trackingNumber: string }) => `${portal.url}${await officer.getByRole("link", { name: x.trackingNumber, exact: true }).getAttribute("href")}`;
  const colleague = await officer.context().newPage();
  await colleague.goto(await caseUrl(b));
  await act(colleague, "受理");
  await colleague.close();
  await officer.getByRole("button", { name: "批量受理" }).click();
  await expect(officer.getByRole("heading", { level: 1 })).toHaveText("批量受理结果");
  await expect(officer.getByTestId("bulk-summary")).toContainText("共 3 件：办理 2 件，未办理 1 件");
  const results = officer.getByTestId("bulk-results");
  await expect(results.getByRole("row", { name: new RegExp(a.trackingNumber) })).toContainText("已受理");
  await expect(results.getByRole("row", { name: new RegExp(b.trackingNumber) })).toContainText("未办理：该受理件已被他人更新");
  await expect(results.getByRole("row", { name: new RegExp(c.trackingNumber) })).toContainText("已受理");
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("bulk-results.png"), fullPage: true });

  // Back in the queue (the saved filter still applies), one case waits; the export holds exactly it, masked.
  await officer.getByRole("link", { name: "返回受理件列表" }).click();
  await expect(queue.locator("tbody tr")).toHaveCount(1);
  await officer.getByLabel("状态").selectOption({ label: "全部" });
  await officer.getByRole("button", { name: "筛选", exact: true }).click();
  await officer.getByRole("link", { name: /^全部/ }).click();
  await expect(queue.locator("tbody tr")).toHaveCount(4);
  const downloading = officer.waitForEvent("download");
  await officer.getByRole("link", { name: "CSV" }).click();
  const csv = parse(readFileSync((await (await downloading).path())!, "utf8").replace(/^\uFEFF/, "")) as string[][];
  expect(csv[0]).toContain("剩余工作日");
  expect(csv.slice(1).map((r) => r[0]).sort()).toEqual(filed.map((f) => f.trackingNumber).sort());
  const named = csv.find((r) => r[0] === a.trackingNumber)!;
  expect(named).toContain("欧阳*");
  expect(named).toContain("139****5678");
  expect(csv.flat().join()).not.toContain("欧阳明");

  // The fourth case: state, deadline and working days left lead; one primary action; 不予受理 only after confirming.
  const dUrl = await caseUrl(d);
  await officer.getByRole("link", { name: d.trackingNumber }).click();
  await expect(officer.getByTestId("case-state")).toHaveText("待受理");
  await expect(officer.getByTestId("case-days-left")).toHaveText(/^\d+$/);
  await expect(officer.getByTestId("primary-action").getByRole("button")).toHaveText("受理");
  await expect(officer.getByRole("form", { name: "不予受理" })).toHaveCount(0);
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("case.png"), fullPage: true });
  // A forged POST without the confirmation screen is refused.
  const v = await officer.locator('input[name="version"]').first().inputValue();
  const forced = await officer.request.post(dUrl, { headers: { Origin: portal.url }, form: { action: "refuse", version: v, reason: "不属于爱国卫生工作范围" } });
  expect(forced.status()).toBe(400);
  expect(await forced.text()).toContain("须在确认页面上确认后办理");
  await officer.getByRole("link", { name: "不予受理…" }).click();
  await expect(officer.getByRole("heading", { level: 1 })).toHaveText("确认不予受理");
  await expect(officer.getByTestId("consequence")).toContainText("不能撤销");
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("confirm-refuse.png"), fullPage: true });
  await act(officer, "不予受理", (f) => f.getByLabel("不予受理的理由").fill("反映事项已由属地处理完毕，不属于本次受理范围"));
  await expect(officer.getByTestId("case-state")).toHaveText("不予受理");
});
