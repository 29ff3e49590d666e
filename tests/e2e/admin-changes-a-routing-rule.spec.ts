// Issue 15 item 4: the admin changes where a kind of complaint goes. On /admin/routing they draft a rule, the dry
// run shows the change (from the responsibility list's task to the rule's unit), they save it, and a complaint then
// filed on /report for that place and category is proposed to, and assigned to, the rule's unit. The office reads
// the rules but is offered no change. On a portal of its own: the admin enrols a second factor here, which the
// shared portal's staff journey also does for its admin.
import { act, firstSignIn } from "../support/back-office.ts";
import { expect, test } from "../support/fixtures.ts";
import { axe } from "../support/pages.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";

let portal: PortalServer;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "a back-office journey at desktop width");
  test.setTimeout(180_000);
  portal = await startPortal({ REPORT_HOURLY_LIMIT: "1000" });
});

test.afterAll(async () => {
  await portal?.stop();
});

test("the admin routes 达拉特旗's drinking-water complaints to the city's 爱卫办 after a dry run, and the next complaint goes there", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const admin = await firstSignIn(browser, portal, "admin");
  await admin.goto("/admin/routing");
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("分办规则");
  await expect(admin.getByTestId("routing-order")).toContainText("自上而下逐条比对");
  await expect(admin.getByTestId("routing-rules").locator("tbody tr")).toHaveCount(1);
  await expect(admin.getByTestId("routing-tasks")).toContainText("鄂尔多斯市生态环境局");
  await axe(admin);
  await admin.screenshot({ path: testInfo.outputPath("admin-routing-list.png"), fullPage: true });

  // Draft: 生活饮用水 in 达拉特旗 → 鄂尔多斯市爱卫办; the dry run is for a complaint there.
  await admin.getByRole("link", { name: "新增规则" }).click();
  await expect(admin.getByRole("button", { name: "保存规则" })).toHaveCount(0);
  await admin.getByLabel("问题类别", { exact: true }).first().selectOption({ label: "生活饮用水" });
  await admin.getByLabel(/^地区/).selectOption({ label: "鄂尔多斯市 达拉特旗" });
  await admin.getByLabel("转交办理单位").selectOption({ label: "鄂尔多斯市爱卫办" });
  await admin.getByLabel("说明（可选）").fill("达拉特旗饮用水问题由市爱卫办统筹核查");
  await admin.getByLabel("所涉地区").selectOption({ label: "鄂尔多斯市 达拉特旗" });
  await admin.locator("#place-category").selectOption({ label: "生活饮用水" });
  await admin.locator("#place-kind").selectOption({ label: "投诉" });
  await admin.getByRole("button", { name: "试算" }).click();

  const run = admin.getByTestId("dry-run");
  await expect(run.getByTestId("dry-run-current")).toContainText("鄂尔多斯市生态环境局");
  await expect(run.getByTestId("dry-run-current")).toContainText("由任务分解表第15项决定");
  await expect(run.getByTestId("dry-run-proposed")).toContainText("鄂尔多斯市爱卫办");
  await expect(run.getByTestId("dry-run-proposed")).toContainText("分办规则 rule-1");
  await expect(run.getByTestId("dry-run-summary")).toHaveText("保存后，这类受理件将改由鄂尔多斯市爱卫办办理（现由鄂尔多斯市生态环境局办理）。");
  await axe(admin);
  await admin.screenshot({ path: testInfo.outputPath("admin-routing-dry-run.png"), fullPage: true });

  await admin.getByRole("button", { name: "保存规则" }).click();
  await expect(admin).toHaveURL(/\/admin\/routing\?done=/);
  await expect(admin.getByRole("status")).toContainText("已新增分办规则 rule-1");
  const first = admin.getByTestId("routing-rules").locator("tbody tr").first();
  await expect(first).toContainText("第 1 条");
  await expect(first).toContainText("达拉特旗");
  await expect(first).toContainText("鄂尔多斯市爱卫办");
  await axe(admin);
  await admin.screenshot({ path: testInfo.outputPath("admin-routing-saved.png"), fullPage: true });

  // Its own page dry-runs it as it stands; the list moves it down and up, and switches it off and on.
  await admin.getByRole("link", { name: "编辑 rule-1" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("编辑分办规则 rule-1");
  await expect(admin.getByLabel("说明（可选）")).toHaveValue("达拉特旗饮用水问题由市爱卫办统筹核查");
  await admin.getByRole("button", { name: "试算" }).click();
  await expect(admin.getByTestId("dry-run-summary")).toHaveText("保存后，这类受理件仍由鄂尔多斯市爱卫办办理。");
  await axe(admin);
  await admin.screenshot({ path: testInfo.outputPath("admin-routing-edit.png"), fullPage: true });
  await admin.getByRole("link", { name: "← 分办规则" }).click();
  const firstId = () => admin.getByTestId("routing-rules").locator("tbody tr").first().locator("td").first();
  await admin.getByRole("button", { name: "下移 rule-1" }).click();
  await expect(firstId()).toContainText("food-to-samr");
  await admin.getByRole("button", { name: "上移 rule-1" }).click();
  await expect(firstId()).toContainText("rule-1");
  await admin.getByRole("button", { name: "停用 rule-1" }).click();
  await expect(admin.locator("#rule-rule-1")).toContainText("已停用");
  await admin.getByRole("button", { name: "启用 rule-1" }).click();
  await expect(admin.locator("#rule-rule-1")).toContainText("启用");
  await expect(admin.locator("#rule-rule-1")).not.toContainText("已停用");

  // The office reads the rules and the change, and is offered none.
  const officer = await firstSignIn(browser, portal, "officer");
  await officer.goto("/admin/routing");
  await expect(officer.getByTestId("routing-rules")).toContainText("鄂尔多斯市爱卫办");
  await expect(officer.getByRole("button", { name: /上移|停用/ })).toHaveCount(0);
  expect((await officer.request.get("/admin/routing/new")).status()).toBe(403);

  // The public responsibility list names the lead unit its food tasks send cases to.
  const reader = await (await browser.newContext({ baseURL: portal.url, locale: "zh-CN" })).newPage();
  await reader.goto("/responsibilities?q=食品安全监管");
  const task = reader.getByTestId("responsibilities").locator("tbody tr").first();
  await expect(task).toContainText("食品安全");
  await expect(task).toContainText("鄂尔多斯市市场监督管理局");
  await axe(reader);
  await reader.screenshot({ path: testInfo.outputPath("responsibilities.png"), fullPage: true });

  // A resident files a drinking-water complaint about 达拉特旗 on /report (the plain form).
  const citizen = await (await browser.newContext({ baseURL: portal.url, javaScriptEnabled: false, locale: "zh-CN" })).newPage();
  await citizen.goto("/report");
  await citizen.getByLabel("投诉").check();
  await citizen.getByLabel("所涉地区").selectOption({ label: "达拉特旗" });
  await citizen.getByLabel("问题类别").selectOption({ label: "生活饮用水" });
  await citizen.getByLabel(/具体情况/).fill(`分办规则测试：小区二次供水水箱长期不清洗，自来水发黄有异味。${Date.now()}`);
  await citizen.getByRole("button", { name: "下一步：核对填写内容" }).click();
  await citizen.getByRole("button", { name: "提交", exact: true }).click();
  const trackingNumber = (await citizen.getByTestId("tracking-number").textContent())!.trim();

  // The office accepts it; the proposed unit is the rule's, and the case is assigned there.
  await officer.goto(`/admin/cases?queue=unassigned&q=${trackingNumber}`);
  await officer.getByRole("link", { name: trackingNumber }).click();
  await act(officer, "受理");
  await act(officer, "交办", async (f) => expect(f.getByLabel("交办单位")).toHaveValue("unit-150600"));
  await expect(officer.getByTestId("case-state")).toHaveText("已交办");
  await expect(officer.locator("main")).toContainText("按分办规则“rule-1”");
});
