// Back-office steps shared by the staff journeys: the seeded passwords from a first start's output, signing in in a
// fresh browser context, and pressing one of a case page's action forms.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";

/** The generated password the first start printed for a seeded account (用户名 X  密码 Y). */
export function seededPassword(startOutput: string, username: string): string {
  const m = new RegExp(`用户名 ${username}\\s+密码 (\\S+)`).exec(startOutput);
  if (!m) throw new Error(`no password for ${username} in the portal's start output`);
  return m[1]!;
}

/** Opens /admin in a new context, is sent to the sign-in page, and signs in; the page is left where that leads. */
export async function signIn(browser: Browser, username: string, password: string, context: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", ...context })).newPage();
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin/);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  return page;
}

/**
 * A seeded office account's first sign-in on a portal of the spec's own: past the enrolment of the authenticator the
 * office roles must have, on the page enrolment leads to.
 */
export async function firstSignIn(browser: Browser, portal: { url: string; output: () => string }, username: string): Promise<Page> {
  const page = await signIn(browser, username, seededPassword(portal.output(), username), { baseURL: portal.url });
  await expect(page).toHaveURL(/\/admin\/enrol/);
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("6 位验证码").fill(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
  await page.getByRole("button", { name: "确认绑定" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(8);
  return page;
}

/**
 * Submits the case page's form named `action` (filled by `fill`) and expects the done message. An irreversible or
 * sensitive action (不予受理, 合并办理, 查看身份, 办结) is a link to its confirmation screen, whose form is the real one.
 */
export async function act(page: Page, action: string, fill?: (form: ReturnType<Page["getByRole"]>) => Promise<void>) {
  const confirm = page.getByRole("link", { name: `${action}…`, exact: true });
  if ((await page.getByRole("form", { name: action, exact: true }).count()) === 0 && (await confirm.count()) > 0) {
    await confirm.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`确认${action}`);
  }
  const form = page.getByRole("form", { name: action, exact: true });
  await fill?.(form);
  await form.getByRole("button", { name: action, exact: true }).click();
  await expect(page.getByRole("status")).toContainText("已办理");
}
