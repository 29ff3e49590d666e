// The catalogs as a translator leaves them: every Chinese message exists in English and Mongolian, nothing is left
// over after a rename, and the review list of Mongolian messages only names messages that exist. The check itself
// (src/i18n/review.ts) is what fails the build, so it is tested on small catalogs too.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkCatalogs } from "../../../src/i18n/review.ts";
import { readCatalogs } from "../../../src/integrations/catalogs.ts";

const root = new URL("../../../", import.meta.url).pathname;
const { locales } = JSON.parse(readFileSync(`${root}project.inlang/settings.json`, "utf8")) as { locales: string[] };

describe("the project's catalogs", () => {
  const areas = readCatalogs(root, locales);
  const report = checkCatalogs(areas, locales);

  it("have every message in every language", () => {
    expect(report.missing).toEqual([]);
    expect(report.extra).toEqual([]);
    expect(report.total).toBeGreaterThan(30);
  });

  it("review only Mongolian messages that exist", () => {
    for (const a of areas) for (const key of a.reviewed) expect(Object.keys(a.byLocale.mn ?? {}), `${a.area}/${key}`).toContain(key);
  });

  it("write Mongolian in the traditional script", () => {
    for (const a of areas)
      for (const [key, value] of Object.entries(a.byLocale.mn ?? {})) {
        if (key.startsWith("$") || typeof value !== "string") continue;
        // Only placeholders, digits, punctuation and Latin terms (API, CSV, Atom) may stand without a Mongolian letter.
        const letters = value.replace(/\{[^}]*\}/g, "").replace(/[\s\d\p{P}\p{S}A-Za-z]/gu, "");
        if (letters) expect(/[\u1820-\u18AF]/.test(value), `${a.area}/${key}: ${value}`).toBe(true);
      }
  });
});

describe("the catalog check", () => {
  const zh = { $schema: "x", a_one: "一", a_two: "二" };
  it("finds a message missing or empty in a language, and one left over", () => {
    const r = checkCatalogs([{ area: "a", byLocale: { zh, en: { a_one: "one", a_two: "", a_old: "old" }, mn: { a_one: "ᠨᠢᠭᠡ" } }, reviewed: ["a_one"] }], ["zh", "en", "mn"]);
    expect(r.missing).toEqual([
      { area: "a", locale: "en", key: "a_two" },
      { area: "a", locale: "mn", key: "a_two" },
    ]);
    expect(r.extra).toEqual([{ area: "a", locale: "en", key: "a_old" }]);
    expect(r.unreviewed).toEqual([]);
    expect(r.total).toBe(2);
  });
  it("counts a Mongolian message unreviewed until its key is listed", () => {
    const r = checkCatalogs([{ area: "a", byLocale: { zh, en: { a_one: "one", a_two: "two" }, mn: { a_one: "ᠨᠢᠭᠡ", a_two: "ᠬᠣᠶᠠᠷ" } }, reviewed: ["a_two"] }], ["zh", "en", "mn"]);
    expect(r.unreviewed).toEqual([{ area: "a", key: "a_one" }]);
  });
});
