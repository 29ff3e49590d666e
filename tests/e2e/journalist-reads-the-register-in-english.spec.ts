// A foreign journalist reads the register of named towns in English: a filtered register gives the places' names
// romanised (or their official English names) with the titles and statuses in English, and a banner's page is in
// English too — its name, its title, its history's labels — with every link keeping the reader in /en/.
import { expect, test } from "../support/fixtures.ts";

const HAN = /[\u3400-\u9fff]/;

test("the register filtered to Ordos's National Sanitary Counties reads in English", async ({ page }) => {
  await page.goto("/en/towns");
  // The filter form is in English and submits to the English register.
  await page.getByRole("combobox", { name: /^Title/ }).selectOption({ label: "National Sanitary County" });
  await page.getByRole("combobox", { name: /^League or city/ }).selectOption({ label: "Eerduosi City" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/en\/towns\?honour=sanitary_county&prefecture=150600/);

  const register = page.getByTestId("register");
  const rows = register.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  // 杭锦旗 and 准格尔旗 (seeded National Sanitary Counties of 鄂尔多斯市) by their romanised names.
  await expect(register.getByRole("link", { name: "Hangjin Banner" })).toHaveAttribute("href", "/en/towns/150625");
  await expect(register.getByRole("link", { name: "Zhungeer Banner" })).toHaveAttribute("href", "/en/towns/150622");
  for (const row of await rows.all()) {
    await expect(row.locator("td").nth(1)).toHaveText("National Sanitary County");
    await expect(row.locator("td").first()).toHaveText("Eerduosi City");
  }
  expect(await register.innerText()).not.toMatch(HAN);
  await expect(page.getByTestId("register-total")).toHaveText(`${await rows.count()} entries`);
});

test("a banner's page (达拉特旗) reads in English and its links stay in English", async ({ page }) => {
  const res = await page.goto("/en/towns/150621");
  expect(res?.status()).toBe(200);
  // The demo seed enters 达拉特旗's official English name (as staff do in /admin/names): it wins over the romanised
  // "Dalate Banner"; its league has none and is romanised.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dalad Banner");
  await expect(page).toHaveTitle(/^Dalad Banner/);
  // Breadcrumb: the register, then its league.
  const crumbs = page.locator("main p.muted").first();
  await expect(crumbs.getByRole("link", { name: "Named towns" })).toHaveAttribute("href", "/en/towns");
  await expect(crumbs.getByRole("link", { name: "Eerduosi City" })).toHaveAttribute("href", "/en/towns/150600");
  // Its title on the open publicity list, in English.
  await expect(page.getByRole("heading", { level: 2, name: "National Healthy County" })).toBeVisible();
  await expect(page.locator("dl.facts").first()).toContainText("On a publicity list");
  await expect(page.getByRole("heading", { level: 3, name: "History" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /^Report a concern: .* in Dalad Banner/ })).toHaveAttribute("href", "/en/report?region=150621");
  // Every link in the page's main part stays in English (feeds and files excepted: they are the same in every language).
  const hrefs = await page.locator("main a[href^='/']").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThan(2);
  expect(hrefs.filter((h) => !h.startsWith("/en/") && !/^\/feeds\//.test(h))).toEqual([]);
});
