// The catalogs as the build saw them (bundled by Vite), for what a page must say about its own translation.
import { checkCatalogs, type Catalog, type CatalogArea } from "./review.ts";
import { locales } from "../paraglide/runtime.js";

const files = import.meta.glob<Catalog>("../../messages/*/*.json", { eager: true, import: "default" });

function areas(): CatalogArea[] {
  const byArea = new Map<string, CatalogArea>();
  for (const [path, json] of Object.entries(files)) {
    const m = /messages\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!m) continue;
    const [, area, name] = m as unknown as [string, string, string];
    const a = byArea.get(area) ?? { area, byLocale: {}, reviewed: [] };
    if (name === "mn.reviewed") a.reviewed = json as unknown as string[];
    else a.byLocale[name] = json;
    byArea.set(area, a);
  }
  return [...byArea.values()];
}

/** True while any Mongolian message awaits the translators' review: /mn/ pages then say so, in both languages. */
export const mongolianUnreviewed: boolean = checkCatalogs(areas(), locales).unreviewed.length > 0;
