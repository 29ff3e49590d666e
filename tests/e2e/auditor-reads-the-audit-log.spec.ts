// Issue 15's readable audit log: an auditor filters the log by action and date, reads who did what in Chinese with a
// link to the case, exports the filter as CSV and sees the keyed chain and the signed checkpoint check out. Before
// that, an admin creates a person, whose generated password is changed at first sign-in before anything else. On
// a portal of its own: the admin's second factor is enrolled here.
import { readFileSync } from "node:fs";
import { expect, test } from "../support/fixtures.ts";
import { firstSignIn, seededPassword, signIn } from "../support/back-office.ts";
import { axe } from "../support/pages.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";

let portal: PortalServer;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "back-office journey");
  test.setTimeout(180_000);
  portal = await startPortal({ SEARCH: "off" });
});
test.afterAll(async () => {
  await portal?.stop();
});

/** "2026年11月23日 18:00" → "2026-11-23". */
function isoDate(cell: string): string {
  const m = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(cell);
  if (!m) throw new Error(`no date in ${cell}`);
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}

test("an admin's new colleague must change the generated password first", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const admin = await firstSignIn(browser, portal, "admin");
  await admin.goto("/admin/staff");
  await admin.getByLabel("用户名").fill("baotou.handler");
  await admin.getByLabel("姓名").fill("包头市经办人");
  await admin.getByLabel("所属单位").selectOption({ label: "包头市爱卫办" });
  await admin.getByRole("button", { name: "创建并生成初始密码" }).click();
  const generated = (await admin.getByTestId("new-password").locator("code").textContent())!.trim();
  expect(generated).toMatch(/^\S{12,}$/);

  const colleague = await signIn(browser, "baotou.handler", generated, { baseURL: portal.url });
  await expect(colleague).toHaveURL(/\/admin\/account\?first=1$/);
  await expect(colleague.getByTestId("must-change")).toContainText("请先设置只有您自己知道的新密码");
  await axe(colleague);
  await colleague.screenshot({ path: testInfo.outputPath("must-change-password.png"), fullPage: true });
  // Every other back-office page sends them back here until the password is changed.
  await colleague.goto("/admin/cases");
  await expect(colleague).toHaveURL(/\/admin\/account\?first=1$/);
  await colleague.getByLabel("当前密码").fill(generated);
  await colleague.getByLabel("新密码", { exact: true }).fill("包头市爱卫办的新密码 2026");
  await colleague.getByLabel("再次输入新密码").fill("包头市爱卫办的新密码 2026");
  await colleague.getByRole("button", { name: "修改密码" }).click();
  await expect(colleague.getByRole("status")).toContainText("密码已修改");
  await colleague.goto("/admin/cases");
  await expect(colleague).toHaveURL(/\/admin\/cases$/);
  await expect(colleague.getByRole("link", { name: "修改密码" })).toBeVisible();
  // A handler may not read, nor export, the audit log.
  expect((await colleague.request.get("/admin/audit.csv")).status()).toBe(403);
});

test("an auditor filters the log, follows a case, exports the filter and checks the chain", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const auditor = await signIn(browser, "auditor", seededPassword(portal.output(), "auditor"), { baseURL: portal.url });
  await auditor.goto("/admin/audit");
  await axe(auditor);

  // By action: the seeded office accepted demo cases; each row says so in Chinese and links to its case.
  await auditor.getByLabel("操作", { exact: true }).selectOption({ label: "受理件：受理" });
  await auditor.getByRole("button", { name: "筛选" }).click();
  await expect(auditor).toHaveURL(/action=case\.accept/);
  const rows = auditor.getByTestId("audit-log").locator("tbody tr");
  await expect(rows.first()).toContainText("受理件：受理");
  const day = isoDate((await rows.first().locator("td").first().textContent())!);
  // And by date: only that Shanghai day's acceptances remain.
  await auditor.getByLabel("起始日期").fill(day);
  await auditor.getByLabel("截止日期").fill(day);
  await auditor.getByRole("button", { name: "筛选" }).click();
  await expect(auditor).toHaveURL(new RegExp(`from=${day}&to=${day}`));
  const [y, m, d] = day.split("-").map(Number);
  const shown = await rows.locator("td:first-child").allTextContents();
  expect(shown.length).toBeGreaterThan(0);
  for (const cell of shown) expect(cell).toContain(`${y}年${m}月${d}日`);
  for (const cell of await rows.locator("td:nth-child(3)").allTextContents()) expect(cell).toContain("受理件：受理");
  const caseLink = rows.first().getByRole("link", { name: /^受理件 / });
  const href = await caseLink.getAttribute("href");
  expect(href).toMatch(/^\/admin\/cases\/\d+$/);
  await axe(auditor);
  await auditor.screenshot({ path: testInfo.outputPath("audit-filtered.png"), fullPage: true });

  // The CSV holds what the page shows, labelled; the export itself is on record.
  const [download] = await Promise.all([auditor.waitForEvent("download"), auditor.getByRole("link", { name: "导出 CSV" }).click()]);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.startsWith("\uFEFF序号,时间,操作人,操作,操作代码,对象,理由,详情")).toBe(true);
  const lines = csv.trim().split(/\r\n/).slice(1);
  expect(lines).toHaveLength(shown.length);
  for (const line of lines) expect(line).toContain("受理件：受理,case.accept");

  await auditor.goto("/admin/audit");
  const latest = auditor.getByTestId("audit-log").locator("tbody tr").first();
  await expect(latest).toContainText("导出审计日志");
  await expect(latest).toContainText(`筛选条件 起始日期：${day}`);
  await expect(latest).toContainText("筛选条件 操作：受理件：受理");

  // The keyed chain and the day's signed checkpoint (written at start-up) both check out.
  await auditor.getByRole("button", { name: "校验哈希链和检查点" }).click();
  await expect(auditor.getByTestId("chain-check")).toContainText("校验通过：哈希链完整");
  await expect(auditor.getByTestId("chain-check")).toContainText("个检查点均与日志相符，签名有效");
  await axe(auditor);
  await auditor.screenshot({ path: testInfo.outputPath("audit-checked.png"), fullPage: true });
});

test("anyone downloads the signed checkpoints and the public key from /open-data", async ({ page }, testInfo) => {
  await page.goto(`${portal.url}/open-data`);
  await expect(page.getByTestId("audit-public-key")).toContainText("BEGIN PUBLIC KEY");
  await axe(page);
  await page.screenshot({ path: testInfo.outputPath("open-data-audit.png"), fullPage: true });
  const text = await (await page.request.get(`${portal.url}/open-data/audit-checkpoints.txt`)).text();
  expect(text).toMatch(/^checkpoint=1 at=\S+ rows=\d+ last_id=\d+ head=k1:[0-9a-f]{64} sig=\S+$/m);
});
