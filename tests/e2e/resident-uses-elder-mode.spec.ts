// An older resident on a phone, without JavaScript, switches to 大字版 (elder mode) from the header, reads the public
// pages in large type with large targets, and switches back; both modes pass axe-core and are photographed at 390 px
// for a person to look at. The page cache must keep the two modes apart.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "../support/fixtures.ts";

async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function publicityListPath(page: Page): Promise<string> {
  await page.goto("/publicity");
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => /^\/publicity\/\d+$/.test(h));
  if (!href) throw new Error("no publicity list linked from /publicity");
  return href;
}

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

test("every page passes axe-core in both modes and is photographed at 390 px", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "photographed at a phone's width");
  test.setTimeout(180_000);
  // axe-core needs scripts in the page, so this runs with JavaScript; reading pages ship none of their own, so what
  // it checks is what a resident without JavaScript gets.
  const pages: [string, string, RegExp][] = [
    ["home", "/", /全国健康城镇公示与监督平台/],
    ["publicity-list", await publicityListPath(page), /公示期/],
    ["privacy", "/privacy", /个人信息保护告知/],
    ["accessibility", "/accessibility", /GB\/T 37668-2019/],
    ["guide", "/guide", /个工作日/],
    ["contact", "/contact", /咨询电话|主办单位/],
  ];
  const readAll = async (mode: "standard" | "elder") => {
    for (const [name, path, text] of pages) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expect(page.locator("html")).toHaveAttribute("data-mode", mode);
      await expect(page.locator("main")).toContainText(text);
      for (const landmark of ["banner", "main", "contentinfo"] as const) await expect(page.getByRole(landmark)).toHaveCount(1);
      await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways in ${mode} mode`).toBeLessThanOrEqual(1);
      await axe(page);
      await page.screenshot({ path: testInfo.outputPath(`${mode}-${name}.png`), fullPage: true });
    }
  };
  await readAll("standard");
  await page.getByRole("link", { name: /大字版/ }).click();
  await readAll("elder");
  await page.getByRole("link", { name: /标准版/ }).click();
  await expect(page.locator("html")).toHaveAttribute("data-mode", "standard");

  // On paper a publicity list is its content only, black on white.
  await page.goto(pages[1]![1]);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("contentinfo")).toBeHidden();
  await expect(page.locator("main h1")).toBeVisible();
  expect(await page.locator("main h1").evaluate((el) => getComputedStyle(el).color)).toBe("rgb(0, 0, 0)");
});

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
