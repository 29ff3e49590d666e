// Translation review 译文审核: every Mongolian message is unreviewed until the office's translators list its key in
// messages/<area>/mn.reviewed.json. Pure, so the pages (catalogs bundled at build) and scripts/i18n-status.ts (catalogs
// read from disk) answer alike.
export type Catalog = Record<string, unknown>;

export interface CatalogArea {
  area: string;
  byLocale: Record<string, Catalog>;
  /** Keys of the Mongolian catalog the translators have reviewed. */
  reviewed: string[];
}

export interface CatalogReport {
  /** Keys present in the Chinese catalog but absent (or empty) in another locale's: a build must not ship these. */
  missing: { area: string; locale: string; key: string }[];
  /** Keys in another locale that Chinese does not have (left over after a rename). */
  extra: { area: string; locale: string; key: string }[];
  /** Mongolian messages not yet reviewed. */
  unreviewed: { area: string; key: string }[];
  total: number;
}

const keysOf = (c: Catalog | undefined) => Object.keys(c ?? {}).filter((k) => !k.startsWith("$"));

export function checkCatalogs(areas: CatalogArea[], locales: readonly string[], base = "zh"): CatalogReport {
  const report: CatalogReport = { missing: [], extra: [], unreviewed: [], total: 0 };
  for (const a of areas) {
    const baseKeys = keysOf(a.byLocale[base]);
    report.total += baseKeys.length;
    for (const locale of locales) {
      if (locale === base) continue;
      const c = a.byLocale[locale] ?? {};
      for (const key of baseKeys) {
        const v = c[key];
        if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) report.missing.push({ area: a.area, locale, key });
      }
      for (const key of keysOf(c)) if (!baseKeys.includes(key)) report.extra.push({ area: a.area, locale, key });
    }
    const reviewed = new Set(a.reviewed);
    for (const key of keysOf(a.byLocale.mn)) if (!reviewed.has(key)) report.unreviewed.push({ area: a.area, key });
  }
  return report;
}
