// Issue 18's "done when", on a phone and without JavaScript: a Mongolian-reading resident reads an open publicity
// list set vertically, switches to Chinese and back with the language links, and files an objection to one of its
// entries whose receipt comes in Mongolian. (Each step in detail: resident-reads-in-three-languages,
// citizen-reports-in-mongolian-and-english.)
import { expect, test } from "../support/fixtures.ts";
import { untranslatedText } from "../support/i18n.ts";

test.skip(({ viewport }) => (viewport?.width ?? 0) > 390, "phone project only");
test.use({ javaScriptEnabled: false });

const MN = {
  objection: "ᠡᠰᠡᠷᠭᠦᠴᠡᠯ ᠰᠠᠨᠠᠯ",
  toReview: "ᠳᠠᠷᠠᠭᠠᠴᠢ᠄ ᠬᠠᠷᠢᠭᠤᠯᠲᠠ ᠪᠠᠨ ᠬᠢᠨᠠᠬᠤ",
  review: "ᠬᠢᠨᠠᠭᠠᠳ ᠢᠯᠡᠭᠡᠬᠦ",
  submit: "ᠢᠯᠡᠭᠡᠬᠦ",
  done: "ᠠᠮᠵᠢᠯᠲᠠᠲᠠᠢ ᠢᠯᠡᠭᠡᠪᠡ",
  name: "ᠨᠡᠷ᠎ᠡ",
  phone: "ᠤᠲᠠᠰᠤᠨ ᠤ ᠳ᠋ᠤᠭᠠᠷ",
};

test("a Mongolian reader reads an open list vertically, switches to Chinese and back, and objects in Mongolian", async ({ page }) => {
  await page.goto("/mn/publicity?status=open");
  await page.locator("main a[href^='/mn/publicity/']").first().click();
  await expect(page).toHaveURL(/\/mn\/publicity\/\d+$/);
  const listPath = new URL(page.url()).pathname;
  await expect(page.locator("html")).toHaveAttribute("lang", "mn-Mong");
  // Mongolian running text stands in vertical columns; the entries' table stays horizontal.
  const modes = await page.evaluate(() => ({
    terms: [...document.querySelectorAll("main dt")].map((e) => getComputedStyle(e).writingMode),
    table: getComputedStyle(document.querySelector("main table")!).writingMode,
    font: getComputedStyle(document.querySelector("main dt")!).fontFamily,
  }));
  expect(modes.terms.length).toBeGreaterThan(2);
  expect(new Set(modes.terms)).toEqual(new Set(["vertical-lr"]));
  expect(modes.table).toBe("horizontal-tb");
  expect(modes.font).toContain("Noto Sans Mongolian");
  // The self-hosted font loads for Mongolian letters (from /fonts/mongolian/, this site's own).
  const faces = await page.evaluate(async () => (await document.fonts.load('16px "Noto Sans Mongolian"', "ᠮᠣᠩᠭᠣᠯ")).length);
  expect(faces).toBeGreaterThan(0);
  // …and not for Chinese names, which come from a Chinese font and stand upright in the column.
  expect(await page.evaluate(async () => (await document.fonts.load('16px "Noto Sans Mongolian"', "鄂托克前旗")).length)).toBe(0);
  expect(await untranslatedText(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);

  // To Chinese and back with plain links.
  await page.getByRole("navigation", { name: "ᠬᠡᠯᠡ" }).getByRole("link", { name: "中文" }).click();
  await expect(page).toHaveURL(new RegExp(`${listPath.replace(/^\/mn/, "")}$`));
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByTestId("publicity-window")).toContainText("公示期");
  await page.getByRole("navigation", { name: "语言" }).getByRole("link", { name: "ᠮᠣᠩᠭᠣᠯ" }).click();
  await expect(page).toHaveURL(new RegExp(`${listPath}$`));
  await expect(page.locator("html")).toHaveAttribute("lang", "mn-Mong");

  // An objection to the first entry, through the plain form, answered in Mongolian.
  await page.locator("main a[href*='/mn/report?type=objection&entry=']").first().click();
  await expect(page).toHaveURL(/\/mn\/report\?type=objection&entry=\d+$/);
  await expect(page.getByLabel(MN.objection, { exact: true })).toBeChecked();
  await page.getByLabel(/ᠳᠡᠯᠭᠡᠷᠡᠩᠭᠦᠢ ᠪᠠᠢᠳᠠᠯ/).fill(`ᠡᠨᠡ ᠪᠠᠯᠭᠠᠰᠤ ᠶᠢᠨ ᠭᠤᠳᠤᠮᠵᠢ ᠪᠣᠬᠢᠷ ᠪᠠᠢᠨ᠎ᠠ ${Date.now()}`);
  await page.getByLabel(new RegExp(`^${MN.name}`)).fill("Батбаяр");
  await page.getByLabel(new RegExp(`^${MN.phone}`)).fill("13800001234");
  await page.getByRole("button", { name: MN.toReview }).click();
  await expect(page.getByRole("heading", { name: MN.review })).toBeVisible();
  await page.getByRole("button", { name: MN.submit, exact: true }).click();
  await expect(page.getByRole("heading", { name: MN.done })).toBeVisible();
  await expect(page.getByTestId("receipt")).toContainText(`ᠲᠠᠨ ᠤ ${MN.objection} ᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠯᠠ`);
  await expect(page.getByTestId("tracking-number")).toHaveText(/^GS\d{14}$/);
  expect(await untranslatedText(page)).toEqual([]);
});
