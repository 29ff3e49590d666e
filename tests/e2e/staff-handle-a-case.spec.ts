// The back-office journey of issue 5: an officer (with a second factor) accepts a citizen's complaint and entrusts
// it to 鄂尔多斯市; that unit's handler verifies it and submits findings; the officer concludes with a public reply
// and closes it; the citizen reads the reply on /track and rates it. The auditor then checks the audit chain.
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { expect, test, type Browser, type Page } from "../support/fixtures.ts";
import { act, seededPassword, signIn as signInAs } from "../support/back-office.ts";
import sharp from "sharp";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one journey: the officer's second factor is enrolled once");
});

const password = (username: string) => seededPassword(readFileSync(process.env.E2E_PORTAL_LOG!, "utf8"), username);

async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const signIn = (browser: Browser, username: string) => signInAs(browser, username, password(username));

let totpSecret = "";
const code = () => generateTOTP(decodeBase32IgnorePadding(totpSecret), 30, 6);
/** The next time step's code: accepted (one step of drift) and never the one already used, which is refused. */
const nextCode = () => generateHOTP(decodeBase32IgnorePadding(totpSecret), BigInt(Math.floor(Date.now() / 30_000) + 1), 6);


test("an officer entrusts a case to 鄂尔多斯市, the unit verifies it, the officer replies and the citizen rates it", async ({ browser, page, request }, testInfo) => {
  // The citizen files a complaint about 达拉特旗 (鄂尔多斯市).
  await page.goto("/report");
  const filed = await request.post("/api/reports", {
    headers: { Origin: new URL(page.url()).origin },
    multipart: { kind: "complaint", regionCode: "150621", category: "sanitation", description: `后台办理测试：达拉特旗树林召镇农贸市场周边垃圾堆放，污水横流。${Date.now()}` },
  });
  expect(filed.status()).toBe(201);
  const { receipt } = await filed.json();

  // The officer signs in and must enrol an authenticator first.
  const officer = await signIn(browser, "officer");
  await expect(officer).toHaveURL(/\/admin\/enrol/);
  await axe(officer);
  totpSecret = (await officer.getByTestId("totp-secret").textContent())!.trim();
  await officer.getByLabel("6 位验证码").fill("000000");
  await officer.getByRole("button", { name: "确认绑定" }).click();
  await expect(officer.getByRole("alert")).toContainText("验证码不正确");
  await officer.getByLabel("6 位验证码").fill(code());
  await officer.getByRole("button", { name: "确认绑定" }).click();
  await expect(officer.getByTestId("recovery-codes").locator("li")).toHaveCount(8);

  await officer.goto("/admin");
  await axe(officer);
  await officer.goto(`/admin/cases?queue=unassigned&q=${receipt.trackingNumber}`);
  await axe(officer);
  await officer.getByRole("link", { name: receipt.trackingNumber }).click();
  await expect(officer.getByTestId("case-state")).toHaveText("待受理");
  await expect(officer.getByTestId("case-facts")).toContainText("鄂尔多斯市");
  await axe(officer);
  await act(officer, "受理");
  await expect(officer.getByTestId("case-state")).toHaveText("已受理");
  // The routing proposal is pre-selected; the officer confirms it.
  await act(officer, "交办", async (f) => expect(f.getByLabel("交办单位")).toHaveValue("unit-150600"));
  await expect(officer.getByTestId("case-state")).toHaveText("已交办");
  await expect(officer.getByTestId("case-deadline")).toContainText("还剩");
  const caseUrl = officer.url().replace(/\?.*$/, "");
  await officer.screenshot({ path: testInfo.outputPath("officer-case.png"), fullPage: true });

  // Concluding now is not offered, and forcing it is refused with the reason, changing nothing.
  await expect(officer.getByRole("form", { name: "作出结论并答复" })).toHaveCount(0);
  const version = await officer.locator('input[name="version"]').first().inputValue();
  const forced = await officer.request.post(caseUrl, { headers: { Origin: new URL(caseUrl).origin }, form: { action: "conclude", version, finding: "substantiated", publicReply: "强行作出结论的答复内容。" } });
  expect(forced.status()).toBe(422);
  await officer.reload();
  await expect(officer.getByTestId("case-state")).toHaveText("已交办");

  // The 鄂尔多斯市 handler sees it in their queue, masked, and verifies it.
  const handler = await signIn(browser, "handler");
  await expect(handler).toHaveURL(/\/admin$/);
  await handler.goto("/admin/cases?queue=mine");
  await handler.getByRole("link", { name: receipt.trackingNumber }).click();
  await axe(handler);
  await act(handler, "开始核实");
  await expect(handler.getByTestId("case-state")).toHaveText("核实中");
  await act(handler, "报送核实结果", async (f) => {
    await f.getByLabel("属实", { exact: true }).check();
    await f.getByLabel("核实情况").fill("经现场核查，农贸市场周边确有垃圾堆放，已责成镇政府当日清运并落实保洁责任。");
    const photo = await sharp({ create: { width: 80, height: 60, channels: 3, background: "#862" } }).jpeg().toBuffer();
    await f.getByLabel(/附件/).setInputFiles({ name: "核查现场.jpg", mimeType: "image/jpeg", buffer: photo });
  });
  await expect(handler.getByTestId("case-evidence")).toContainText("核查现场.jpg");
  await expect(handler.getByTestId("case-state")).toHaveText("核实结果审核中");
  // Another unit's pages stay closed to the handler.
  expect((await handler.goto("/admin/staff"))?.status()).toBe(403);

  // The officer concludes with a public reply and closes the case (second sign-in uses the second factor).
  await officer.reload();
  await expect(officer.getByTestId("case-evidence")).toContainText("核查现场.jpg（");
  await expect(officer.getByTestId("case-evidence")).toContainText("盟市爱卫办经办人（示例）上传");
  await act(officer, "作出结论并答复", async (f) => {
    await f.getByLabel("属实", { exact: true }).check();
    await f.getByLabel("给反映人的公开答复").fill("经核实，您反映的问题属实，已督促当地清运垃圾并建立长效保洁机制，感谢您的监督。");
  });
  await act(officer, "办结");
  await expect(officer.getByTestId("case-state")).toHaveText("已办结");

  // The citizen reads the reply and rates it.
  await page.goto("/track");
  await page.getByLabel("查询编号").fill(receipt.trackingNumber);
  await page.getByLabel("查询码").fill(receipt.accessCode);
  await page.getByRole("button", { name: "查询" }).click();
  const status = page.getByTestId("case-status");
  await expect(status).toContainText("已办结（经核实属实）");
  await expect(status).toContainText("已督促当地清运垃圾");
  await expect(status).not.toContainText("内部");
  await page.getByLabel("满意", { exact: true }).check();
  await page.getByRole("button", { name: "提交评价" }).click();
  await expect(page.getByTestId("feedback-done")).toContainText("感谢您的评价");
  await expect(page.getByTestId("case-status")).toContainText("您的评价：满意");
  await axe(page);

  // Read in English, the timeline names the unit that verified it in English, with its Chinese name beside it.
  await page.goto("/en/track");
  await page.locator("#trackingNumber").fill(receipt.trackingNumber);
  await page.locator("#accessCode").fill(receipt.accessCode);
  await page.locator("main form.track-form button[type=submit]").click();
  await expect(page.getByTestId("track-timeline")).toContainText("Eerduosi City Patriotic Health Campaign Office (鄂尔多斯市爱卫办)");
  await expect(page.getByTestId("track-timeline").locator('span[lang="zh-CN"]', { hasText: "鄂尔多斯市爱卫办" }).first()).toBeVisible();

  // A second sign-in of the officer asks for the code from the app.
  const again = await signIn(browser, "officer");
  await expect(again).toHaveURL(/\/admin\/two-factor/);
  const sessionToken = async () => (await again.context().cookies()).find((c) => c.name.endsWith("htp_session"))?.value;
  const halfSignedIn = await sessionToken();
  await again.getByLabel("验证码").fill(nextCode());
  await again.getByRole("button", { name: "验证" }).click();
  await expect(again).toHaveURL(/\/admin$/);
  // Passing the second factor issues a new session token; the one known before it is worth nothing.
  const signedIn = await sessionToken();
  expect(signedIn).toBeTruthy();
  expect(signedIn).not.toBe(halfSignedIn);
  const stale = await fetch(new URL("/admin", again.url()), { headers: { cookie: `htp_session=${halfSignedIn}` }, redirect: "manual" });
  expect(stale.status).toBe(303);
  expect(stale.headers.get("location")).toContain("/admin/login");

  // The publishing pages read well too.
  for (const path of ["/admin/publish", "/admin/publish/notices/new", "/admin/publish/publicity/new", "/admin/account"]) {
    await again.goto(path);
    await axe(again);
  }
  await again.goto("/admin/publish/notices/new");
  await again.getByRole("button", { name: "保存草稿" }).click();
  await expect(again.getByText("标题至少 4 个字")).toBeVisible();
  await again.screenshot({ path: testInfo.outputPath("officer-new-notice-errors.png"), fullPage: true });

  // The admin (also with a second factor) manages staff.
  const admin = await signIn(browser, "admin");
  await expect(admin).toHaveURL(/\/admin\/enrol/);
  const adminSecret = (await admin.getByTestId("totp-secret").textContent())!.trim();
  await admin.getByLabel("6 位验证码").fill(generateTOTP(decodeBase32IgnorePadding(adminSecret), 30, 6));
  await admin.getByRole("button", { name: "确认绑定" }).click();
  await admin.goto("/admin/staff");
  await axe(admin);
  await admin.getByLabel("用户名").fill("baotou.handler");
  await admin.getByLabel("姓名").fill("包头市经办人");
  await admin.getByLabel("所属单位").selectOption({ label: "包头市爱卫办" });
  await admin.getByRole("button", { name: "创建并生成初始密码" }).click();
  await expect(admin.getByTestId("new-password")).toContainText("初始密码");
  await expect(admin.getByTestId("staff-list")).toContainText("baotou.handler");
  await admin.screenshot({ path: testInfo.outputPath("admin-staff.png"), fullPage: true });

  // The auditor reads the log and the chain verifies.
  const auditor = await signIn(browser, "auditor");
  await auditor.goto("/admin/audit");
  await expect(auditor.getByTestId("audit-log")).toContainText(receipt.trackingNumber);
  await auditor.getByRole("button", { name: "校验哈希链" }).click();
  await expect(auditor.getByTestId("chain-check")).toContainText("哈希链完整");
  await axe(auditor);
  await auditor.screenshot({ path: testInfo.outputPath("auditor-log.png"), fullPage: true });
});
