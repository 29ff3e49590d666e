// Residents read every public page in English (/en/) and in Mongolian (/mn/, traditional script): each page answers
// in its language with no message left in Chinese (Chinese shown on purpose — names, originals — is marked
// lang="zh-CN"), has one h1 and the landmarks, fits the screen, passes axe-core, and the Mongolian pages are
// photographed at both widths for a person to look at (mn-390-*.png, mn-1280-*.png under test-results).
import { expect, test } from "../support/fixtures.ts";
import { axe } from "../support/pages.ts";
import { untranslatedText } from "../support/i18n.ts";
import { publicPages } from "../support/public-pages.ts";

const NAMES = [
  "home", "publicity", "publicity-open", "publicity-closed", "towns", "towns-all", "town", "region-without-designation",
  "notices", "notice", "notice-reference", "cycle", "responsibilities", "responsibilities-search", "search",
  "search-region", "stats", "monthly", "rectifications", "open-data", "api-docs", "alerts", "guide", "privacy",
  "accessibility", "contact", "track", "track-recover", "report", "not-found",
];
const LANG = { en: "en", mn: "mn-Mong" } as const;

for (const locale of ["en", "mn"] as const) {
  test.describe(`in ${locale}`, () => {
    for (const name of NAMES) {
      test(`${locale} ${name} is translated, fits and passes axe`, async ({ page }, testInfo) => {
        const p = (await publicPages(page)).find((x) => x.name === name)!;
        const res = await page.goto(`/${locale}${p.path === "/" ? "/" : p.path}`);
        expect(res?.status()).toBe(p.status ?? 200);
        await expect(page.locator("html")).toHaveAttribute("lang", LANG[locale]);
        expect(await untranslatedText(page), "Chinese text not marked lang=zh-CN").toEqual([]);
        for (const landmark of ["banner", "main", "contentinfo"] as const) await expect(page.getByRole(landmark)).toHaveCount(1);
        await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, "the page scrolls sideways").toBeLessThanOrEqual(1);
        // Links stay in the reader's language.
        const stray = await page.locator("main a[href^='/']").evaluateAll((as, loc) => as.map((a) => a.getAttribute("href") ?? "").filter((h) => !h.startsWith(`/${loc}/`) && h !== `/${loc}` && !/^\/(api|feeds|open311|_astro|fonts|attachments|evidence|mode)(\/|$)|\.(xml|json|csv|ics|pdf|txt)(\?|$)/.test(h)), locale);
        expect(stray, "links that drop the language").toEqual([]);
        await axe(page);
        if (locale === "mn") await page.screenshot({ path: testInfo.outputPath(`mn-${page.viewportSize()?.width}-${name}.png`), fullPage: true });
      });
    }
  });
}
