// Issue 18: residents file reports from /en/report and /mn/report and are answered in their language — the steps,
// the errors beside the fields, the check-answers page and the receipt (tracking number and access code) — with
// JavaScript and without; a Mongolian reader objects to an entry of an open publicity list and gets the receipt in
// Mongolian. The case keeps the language (tests/integration/intake/locale.test.ts reads it in the database).
import { expect, test, type Page } from "../support/fixtures.ts";
import { untranslatedText } from "../support/i18n.ts";

const MN = {
  next: "ᠳᠠᠷᠠᠭᠠᠴᠢ ᠠᠯᠬᠤᠮ",
  submit: "ᠢᠯᠡᠭᠡᠬᠦ",
  done: "ᠠᠮᠵᠢᠯᠲᠠᠲᠠᠢ ᠢᠯᠡᠭᠡᠪᠡ",
  trackingNumber: "ᠬᠠᠢᠯᠲᠠ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ",
  accessCode: "ᠬᠠᠢᠯᠲᠠ ᠶᠢᠨ ᠺᠣᠳ᠋",
  complaint: "ᠭᠣᠮᠳᠠᠯ",
  objection: "ᠡᠰᠡᠷᠭᠦᠴᠡᠯ ᠰᠠᠨᠠᠯ",
  region: "ᠭᠠᠵᠠᠷ ᠣᠷᠣᠨ",
  category: "ᠠᠰᠠᠭᠤᠳᠠᠯ ᠤᠨ ᠲᠦᠷᠦᠯ",
  toReview: "ᠳᠠᠷᠠᠭᠠᠴᠢ᠄ ᠬᠠᠷᠢᠭᠤᠯᠲᠠ ᠪᠠᠨ ᠬᠢᠨᠠᠬᠤ",
  review: "ᠬᠢᠨᠠᠭᠠᠳ ᠢᠯᠡᠭᠡᠬᠦ",
  regionMissing: "ᠭᠠᠵᠠᠷ ᠣᠷᠣᠨ ᠢ ᠰᠣᠩᠭᠣᠨ᠎ᠠ ᠤᠤ（ᠠᠶᠢᠮᠠᠭ ᠬᠣᠲᠠ᠂ ᠬᠣᠰᠢᠭᠤ ᠰᠢᠶᠠᠨ ᠪᠤᠶᠤ ᠰᠤᠮᠤ ᠪᠠᠯᠭᠠᠰᠤ）",
  objectionName: "ᠡᠰᠡᠷᠭᠦᠴᠡᠯ ᠰᠠᠨᠠᠯ ᠳᠤ ᠵᠢᠩᠬᠢᠨᠢ ᠨᠡᠷ᠎ᠡ ᠪᠡᠨ ᠪᠢᠴᠢᠨ᠎ᠡ ᠦᠦ",
  name: "ᠨᠡᠷ᠎ᠡ",
  phone: "ᠤᠲᠠᠰᠤᠨ ᠤ ᠳ᠋ᠤᠭᠠᠷ",
  goTrack: "ᠪᠠᠢᠳᠠᠯ ᠢ ᠯᠠᠪᠯᠠᠬᠤ",
};

const described = (what: string) => `${what} ᠭᠤᠤᠯ ᠭᠤᠳᠤᠮᠵᠢ ᠳᠤ ᠬᠤᠭ ᠨᠣᠭ ᠣᠯᠠᠨ ᠡᠳᠦᠷ ᠴᠡᠪᠡᠷᠯᠡᠭᠰᠡᠨ ᠦᠭᠡᠢ ${Date.now()}`;

/** The receipt: tracking number and grouped access code, in the page's language (no Chinese left unmarked). */
async function receiptShown(page: Page, heading: string, labels: { number: string; code: string }) {
  const receipt = page.getByTestId("receipt");
  await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  await expect(receipt.getByText(labels.number, { exact: true })).toBeVisible();
  await expect(receipt.getByText(labels.code, { exact: true })).toBeVisible();
  await expect(page.getByTestId("tracking-number")).toHaveText(/^GS\d{14}$/);
  await expect(page.getByTestId("access-code")).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
  expect(await untranslatedText(page), "Chinese text not marked lang=zh-CN on the receipt").toEqual([]);
  return receipt;
}

/** The citizen then follows the case in the same language with the number and code from the receipt. */
async function tracksIt(page: Page, locale: "en" | "mn") {
  const number = (await page.getByTestId("tracking-number").textContent())!.trim();
  const code = (await page.getByTestId("access-code").textContent())!.trim();
  await page.getByTestId("receipt").locator(`a[href="/${locale}/track"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`/${locale}/track$`));
  await page.locator("#trackingNumber").fill(number);
  await page.locator("#accessCode").fill(code);
  await page.locator("main form.track-form button[type=submit]").click();
  await expect(page.getByTestId("case-status").getByRole("heading", { level: 2 })).toContainText(number);
  await expect(page.locator("html")).toHaveAttribute("lang", locale === "en" ? "en" : "mn-Mong");
  expect(new URL(page.url()).pathname).toBe(`/${locale}/track`);
  expect(await untranslatedText(page), "Chinese text not marked lang=zh-CN on the case").toEqual([]);
  // The portal's own note on receipt is in the reader's language, not the stored Chinese.
  const timeline = page.getByTestId("track-timeline");
  await expect(timeline).not.toContainText("已收到您的反映");
  if (locale === "en") await expect(timeline).toContainText("We have received your report and will decide within the time allowed whether to accept it.");
  else await expect(timeline).toContainText("ᠲᠠᠨ ᠤ ᠰᠠᠨᠠᠯ ᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠪᠠ");
}

test("a resident files a complaint from /en/report and gets the receipt in English", async ({ page }) => {
  await page.goto("/en/report?type=complaint");
  await expect(page.getByText(/^Step \d of 6$/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "What it is about" })).toBeVisible();
  // The error beside the field is in English.
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page.getByText("Choose the place (league or city, banner or county, or sumu or township)")).toBeVisible();
  await page.getByLabel("League or city").selectOption("150600");
  await page.getByLabel("Banner or county (city, district)").selectOption("150621");
  // Place names are romanised for English readers.
  await expect(page.getByLabel("Banner or county (city, district)").locator("option:checked")).toHaveText(/Dalate Banner|Dalad Banner/);
  await page.getByLabel("Type of problem").selectOption("sanitation");
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByLabel(/^What happened \(/).fill(`Rubbish has been piling up along the main street for days. ${Date.now()}`);
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Check your answers and send" })).toBeFocused();
  await expect(page.getByTestId("review")).toContainText("Complaint");
  await expect(page.getByTestId("review")).toContainText("Anonymous");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const receipt = await receiptShown(page, "Report sent", { number: "Tracking number", code: "Access code" });
  await expect(receipt).toContainText("We have received your report (Complaint)");
  await expect(receipt.getByRole("link", { name: "Go to Track a report" })).toHaveAttribute("href", "/en/track");
  await expect(receipt.getByRole("link", { name: "Get a new access code" })).toHaveAttribute("href", "/en/track/recover");
  await tracksIt(page, "en");
  await expect(page.getByTestId("case-status")).toContainText("Complaint");
});

test("a resident files a complaint from /mn/report and gets the receipt in Mongolian", async ({ page }) => {
  await page.goto("/mn/report?type=complaint");
  await expect(page.getByRole("heading", { name: "ᠶᠠᠮᠠᠷ ᠶᠠᠭᠤᠮ ᠤᠨ ᠲᠤᠬᠠᠢ" })).toBeVisible();
  await page.getByRole("button", { name: MN.next, exact: true }).click();
  await expect(page.getByText(MN.regionMissing)).toBeVisible();
  await page.getByLabel("ᠠᠶᠢᠮᠠᠭ ᠬᠣᠲᠠ", { exact: true }).selectOption("150600");
  await page.getByLabel(MN.category, { exact: true }).selectOption("sanitation");
  await page.getByRole("button", { name: MN.next, exact: true }).click();
  await page.getByLabel(/ᠳᠡᠯᠭᠡᠷᠡᠩᠭᠦᠢ ᠪᠠᠢᠳᠠᠯ/).fill(described(MN.complaint));
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: MN.next, exact: true }).click();
  await expect(page.getByRole("heading", { name: MN.review })).toBeFocused();
  await expect(page.getByTestId("review")).toContainText(MN.complaint);
  await page.getByRole("button", { name: MN.submit, exact: true }).click();
  const receipt = await receiptShown(page, MN.done, { number: MN.trackingNumber, code: MN.accessCode });
  await expect(receipt).toContainText(`ᠲᠠᠨ ᠤ ${MN.complaint} ᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠯᠠ`);
  await expect(receipt.getByRole("link", { name: MN.goTrack })).toHaveAttribute("href", "/mn/track");
  await tracksIt(page, "mn");
  await expect(page.getByTestId("case-status")).toContainText(MN.complaint);
});

test("a Mongolian reader objects to an entry of an open publicity list and gets the receipt in Mongolian", async ({ page }) => {
  // An entry of a list open now: the form offers only those for an objection.
  await page.goto("/mn/report?type=objection");
  const firstOpen = await page.locator("#publicityEntryId option").nth(1).getAttribute("value");
  expect(firstOpen).toMatch(/^\d+$/);
  await page.goto(`/mn/report?type=objection&entry=${firstOpen}`);
  await expect(page.getByLabel(MN.objection, { exact: true })).toBeChecked();
  await expect(page.locator("#publicityEntryId")).toHaveValue(firstOpen!);
  // The entry is shown as the list names it, in Chinese, and marked so.
  await expect(page.locator(`#publicityEntryId option[value="${firstOpen}"]`)).toHaveAttribute("lang", "zh-CN");
  await page.getByRole("button", { name: MN.next, exact: true }).click();
  await page.getByLabel(/ᠳᠡᠯᠭᠡᠷᠡᠩᠭᠦᠢ ᠪᠠᠢᠳᠠᠯ/).fill(described(MN.objection));
  await page.getByRole("button", { name: MN.next, exact: true }).click();
  await page.getByRole("button", { name: MN.next, exact: true }).click();
  // Objections are real-name: told so in Mongolian beside the field.
  await page.getByRole("button", { name: MN.next, exact: true }).click();
  await expect(page.getByText(MN.objectionName)).toBeVisible();
  await page.getByLabel(new RegExp(`^${MN.name}`)).fill("Батбаяр");
  await page.getByLabel(new RegExp(`^${MN.phone}`)).fill("13800001234");
  await page.getByRole("button", { name: MN.next, exact: true }).click();
  await expect(page.getByTestId("review")).toContainText(MN.objection);
  await page.getByRole("button", { name: MN.submit, exact: true }).click();
  const receipt = await receiptShown(page, MN.done, { number: MN.trackingNumber, code: MN.accessCode });
  await expect(receipt).toContainText(`ᠲᠠᠨ ᠤ ${MN.objection} ᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠯᠠ`);
  await expect(receipt).toContainText("ᠬᠠᠢᠯᠲᠠ ᠶᠢᠨ ᠺᠣᠳ᠋ ᠢ ᠵᠥᠪᠬᠡᠨ ᠨᠢᠭᠡ ᠤᠳᠠᠭ᠎ᠠ ᠦᠵᠡᠭᠦᠯᠨ᠎ᠡ");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a Mongolian reader files the plain form: errors beside the fields, the check-answers page, the receipt", async ({ page }) => {
    await page.goto("/mn/report");
    await page.getByLabel(MN.complaint, { exact: true }).check();
    await page.getByRole("button", { name: MN.toReview }).click();
    await expect(page).toHaveURL(/\/mn\/report$/);
    await expect(page.getByText(MN.regionMissing)).toBeVisible();
    await expect(page.getByText("ᠶᠠᠭᠤ ᠪᠣᠯᠤᠭᠰᠠᠨ ᠢ ᠪᠢᠴᠢᠨ᠎ᠡ ᠦᠦ")).toBeVisible();
    expect(await untranslatedText(page), "Chinese text not marked lang=zh-CN beside the errors").toEqual([]);
    await page.getByLabel(MN.region, { exact: true }).selectOption("150621");
    await page.getByLabel(MN.category, { exact: true }).selectOption("sanitation");
    const text = described("ᠬᠣᠭ");
    await page.getByLabel(/ᠳᠡᠯᠭᠡᠷᠡᠩᠭᠦᠢ ᠪᠠᠢᠳᠠᠯ/).fill(text);
    await page.getByRole("button", { name: MN.toReview }).click();

    await expect(page.getByRole("heading", { name: MN.review })).toBeVisible();
    const review = page.getByTestId("review");
    for (const shown of [MN.complaint, text, "ᠨᠡᠷ᠎ᠡ ᠦᠭᠡᠢ"]) await expect(review).toContainText(shown);
    expect(await untranslatedText(page), "Chinese text not marked lang=zh-CN on the check-answers page").toEqual([]);
    await page.getByRole("button", { name: MN.submit, exact: true }).click();
    await expect(page).toHaveURL(/\/mn\/report$/);
    const receipt = await receiptShown(page, MN.done, { number: MN.trackingNumber, code: MN.accessCode });
    await expect(receipt).toContainText(`ᠲᠠᠨ ᠤ ${MN.complaint} ᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠯᠠ`);
  });
});
