// An older resident on a phone, without JavaScript, switches to 大字版 (elder mode) from the header, reads the public
// pages in large type with large targets, and switches back. Every public page and every state of the report form
// passes axe-core in elder mode too and is photographed. The page cache must keep the two modes apart.
import { expect, test, type Page } from "../support/fixtures.ts";
import { axe, firstHref } from "../support/pages.ts";
import { publicPages, readsWell } from "../support/public-pages.ts";

async function fontSize(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

async function minSide(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return Math.min(box.width, box.height);
}

test("a resident without JavaScript switches to 大字版 from the header, reads in large type and switches back", async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "the journey is a phone's");
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, baseURL: testInfo.project.use.baseURL, locale: "zh-CN" });
  const page = await context.newPage();
  // The fixtures' CSP guard watches the default page only: a style the CSP blocked would leave large type unstyled.
  const blocked: string[] = [];
  page.on("console", (m) => void (/Content.Security.Policy/i.test(m.text()) && blocked.push(m.text())));

  // Normal mode already has 44 px targets in the header and footer, and the page's phone number can be tapped.
  await page.goto("/guide");
  await expect(page.locator("html")).toHaveAttribute("data-mode", "standard");
  expect(await minSide(page, ".nav-list a")).toBeGreaterThanOrEqual(44);
  expect(await minSide(page, ".footer-links a")).toBeGreaterThanOrEqual(44);
  await expect(page.locator('main a[href^="tel:"]').first()).toBeVisible();

  // From the header of the page being read; back on the same page afterwards.
  await page.getByRole("link", { name: /大字版/ }).click();
  await expect(page).toHaveURL(/\/guide$/);
  await expect(page.locator("html")).toHaveClass(/elder/);
  expect(await fontSize(page, "main p")).toBeGreaterThanOrEqual(18);
  expect(await fontSize(page, ".footer-links a")).toBeGreaterThanOrEqual(18);
  expect(await fontSize(page, ".guide-action")).toBeGreaterThanOrEqual(20);
  for (const target of [".mode-switch", ".nav-list a", ".search-box button", ".guide-action", ".footer-links a"]) {
    expect(await minSide(page, target), target).toBeGreaterThanOrEqual(44);
  }

  // Remembered across pages until switched back.
  await page.goto("/contact");
  await expect(page.locator("html")).toHaveAttribute("data-mode", "elder");
  await page.getByRole("link", { name: /标准版/ }).click();
  await expect(page).toHaveURL(/\/contact$/);
  await expect(page.locator("html")).toHaveAttribute("data-mode", "standard");
  expect(await fontSize(page, "main p")).toBeLessThan(18);
  expect(blocked).toEqual([]);
  await context.close();
});

test("an older resident in 大字版 without JavaScript finds their banner, reads the privacy notice and objects after checking every answer", async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "the journey is a phone's");
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, baseURL: testInfo.project.use.baseURL, locale: "zh-CN" });
  await context.addCookies([{ name: "display_mode", value: "elder", url: testInfo.project.use.baseURL! }]);
  const page = await context.newPage();

  await page.goto("/");
  await page.getByRole("searchbox").fill("etkqq");
  await page.getByRole("button", { name: "搜索" }).click();
  await page.getByTestId("results").getByRole("link", { name: "鄂托克前旗" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("鄂托克前旗");

  // From an open list to the form, which links the privacy notice before anything is typed.
  await page.goto(await firstHref(page, "/publicity?status=open", /^\/publicity\/\d+$/));
  const object = page.locator("a[href^='/report?type=objection']").first();
  expect(await minSide(page, "a[href^='/report?type=objection']")).toBeGreaterThanOrEqual(44);
  await object.click();
  await page.getByRole("link", { name: "个人信息保护告知" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("个人信息保护告知");
  await expect(page.locator("main")).toContainText("保存多久");
  await page.goBack();

  const entry = await page.getByLabel(/公示对象/).locator("option:checked").textContent();
  expect(entry?.trim()).not.toBe("");
  const text = `该镇农贸市场周边卫生死角较多，与公示材料不符，请核实。${Date.now()}`;
  await page.getByLabel(/具体情况/).fill(text);
  await page.getByLabel(/^姓名/).fill("王秀兰");
  await page.getByLabel(/^联系电话/).fill("13900001234");
  await page.getByRole("button", { name: "下一步：核对填写内容" }).click();
  const review = page.getByTestId("review");
  for (const shown of ["异议", entry!.trim(), text, "王秀兰", "13900001234"]) await expect(review).toContainText(shown);
  expect(await fontSize(page, "[data-testid=review] dd")).toBeGreaterThanOrEqual(18);
  await page.getByRole("button", { name: "提交", exact: true }).click();
  await expect(page.getByTestId("receipt")).toContainText("提交成功");
  await expect(page.getByTestId("tracking-number")).toHaveText(/^GS\d{14}$/);
  // Number and code each on one line, so neither is copied wrong across a break.
  for (const id of ["tracking-number", "access-code"]) {
    const lines = await page.getByTestId(id).evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
    expect(lines, id).toBeLessThan(1.5);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: testInfo.outputPath("elder-objection-receipt.png"), fullPage: true });
  await context.close();
});

test("every public page reads well in 大字版 on a phone and on a desktop", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await page.context().addCookies([{ name: "display_mode", value: "elder", url: testInfo.project.use.baseURL! }]);
  for (const p of await publicPages(page)) {
    await readsWell(page, p, testInfo, `${testInfo.project.name}-elder`);
    await expect(page.locator("html"), p.path).toHaveAttribute("data-mode", "elder");
    expect(await fontSize(page, "main h1"), p.path).toBeGreaterThanOrEqual(24);
  }

  // On paper a publicity list is its content only, black on white.
  await page.goto(await firstHref(page, "/publicity", /^\/publicity\/\d+$/));
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("contentinfo")).toBeHidden();
  await expect(page.locator("main h1")).toBeVisible();
  expect(await page.locator("main h1").evaluate((el) => getComputedStyle(el).color)).toBe("rgb(0, 0, 0)");
});

for (const mode of ["standard", "elder"] as const) {
  test(`every state of the report form passes axe-core in ${mode} mode, with and without the island`, async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== "phone", "photographed at a phone's width");
    test.setTimeout(180_000);
    const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${mode}-${name}.png`), fullPage: true });
    if (mode === "elder") await page.context().addCookies([{ name: "display_mode", value: "elder", url: testInfo.project.use.baseURL! }]);

    // With the island: each step, the check page and the receipt.
    await page.goto("/report");
    await expect(page.getByText(/第 1 步，共 6 步/)).toBeVisible();
    await axe(page);
    await shot("form-step-1");
    await page.getByLabel("建议", { exact: true }).check();
    await page.getByRole("button", { name: "下一步" }).click();
    await page.getByLabel("问题类别").selectOption({ label: "其他" });
    await page.getByRole("button", { name: "下一步" }).click();
    await page.getByRole("button", { name: "下一步" }).click();
    // An error beside the field is a state of its own.
    await expect(page.getByText("请填写反映内容")).toBeVisible();
    await axe(page);
    await shot("form-error");
    await page.getByLabel(/具体情况/).fill(`建议在公示页面增加地图，方便查看各旗县的位置。${mode}`);
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "下一步" }).click();
    await expect(page.getByRole("heading", { name: "核对并提交" })).toBeFocused();
    await axe(page);
    await shot("form-review");
    await page.getByRole("button", { name: "提交" }).click();
    await expect(page.getByTestId("receipt")).toContainText("提交成功");
    await axe(page);
    await shot("form-receipt");

    // Without the island's script (what a browser without JavaScript gets, with axe still able to run): the errors
    // of an empty form, the check page, the receipt.
    await page.route("**/_astro/*.js", (route) => route.abort());
    await page.goto("/report");
    await page.getByLabel("投诉").check();
    await page.getByRole("button", { name: "下一步：核对填写内容" }).click();
    await expect(page.getByText("请填写反映内容")).toBeVisible();
    await axe(page);
    await shot("plain-form-errors");
    await page.getByLabel("所涉地区").selectOption({ label: "达拉特旗" });
    await page.getByLabel("问题类别").selectOption({ label: "环境卫生" });
    await page.getByLabel(/具体情况/).fill(`镇区主街垃圾堆放多日无人清运，气味很大。${mode}${Date.now()}`);
    await page.getByRole("button", { name: "下一步：核对填写内容" }).click();
    await expect(page.getByRole("heading", { name: "核对并提交" })).toBeVisible();
    await axe(page);
    await shot("plain-form-review");
    await page.getByRole("button", { name: "提交", exact: true }).click();
    await expect(page.getByTestId("receipt")).toContainText("提交成功");
    await axe(page);
    await shot("plain-form-receipt");
  });
}

test("the mode switch returns only to a page of this site", async ({ request }) => {
  for (const back of ["https://evil.example/", "//evil.example/", "/\\evil.example"]) {
    const res = await request.get(`/mode?to=elder&back=${encodeURIComponent(back)}`, { maxRedirects: 0 });
    expect(res.status()).toBe(303);
    expect(res.headers().location).toBe("/");
    expect(res.headers()["set-cookie"]).toMatch(/^display_mode=elder; Max-Age=\d+; Path=\/; SameSite=Lax; HttpOnly/);
  }
});

test("the page cache keeps each mode's page apart and says it varies by cookie", async ({ request }) => {
  // A URL nobody has asked for yet, so the first answer of each mode is rendered, not cached.
  const url = `/guide?cache-check=${Date.now()}`;
  const elderCookie = { cookie: "display_mode=elder" };
  const first = { standard: await request.get(url), elder: await request.get(url, { headers: elderCookie }) };
  const again = { standard: await request.get(url), elder: await request.get(url, { headers: elderCookie }) };
  expect(first.standard.headers()["x-cache"]).toBe("MISS");
  expect(first.elder.headers()["x-cache"], "elder mode must not get the standard page from the cache").toBe("MISS");
  expect(again.standard.headers()["x-cache"]).toBe("HIT");
  expect(again.elder.headers()["x-cache"]).toBe("HIT");
  expect(await again.standard.text()).toContain('data-mode="standard"');
  expect(await again.elder.text()).toContain('data-mode="elder"');
  expect(await again.standard.text()).toBe(await first.standard.text());
  expect(await again.elder.text()).toBe(await first.elder.text());
  for (const res of [...Object.values(first), ...Object.values(again)]) expect(res.headers().vary).toMatch(/cookie/i);
  const etag = { standard: again.standard.headers().etag!, elder: again.elder.headers().etag! };
  expect(etag.standard).not.toBe(etag.elder);
  // A browser holding the standard copy that switched to elder mode gets the elder page, not a 304.
  const switched = await request.get(url, { headers: { ...elderCookie, "if-none-match": etag.standard } });
  expect(switched.status()).toBe(200);
  expect(await switched.text()).toContain('data-mode="elder"');
  expect((await request.get(url, { headers: { "if-none-match": etag.standard } })).status()).toBe(304);
});
