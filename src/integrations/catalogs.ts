// Fails the build when a message of the Chinese catalog is missing from another language's (Paraglide itself would
// quietly show the Chinese): `npm run i18n:status` lists the same, with the Mongolian messages still unreviewed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { checkCatalogs, type CatalogArea } from "../i18n/review.ts";

export function readCatalogs(root: string, locales: readonly string[]): CatalogArea[] {
  const dir = join(root, "messages");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const read = (name: string) => {
        const file = join(dir, d.name, `${name}.json`);
        return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
      };
      return { area: d.name, byLocale: Object.fromEntries(locales.map((l) => [l, read(l) ?? {}])), reviewed: (read("mn.reviewed") as string[] | undefined) ?? [] };
    });
}

export default function catalogs(): AstroIntegration {
  return {
    name: "catalogs",
    hooks: {
      "astro:config:setup": ({ config }) => {
        const root = fileURLToPath(config.root);
        const { locales } = JSON.parse(readFileSync(join(root, "project.inlang", "settings.json"), "utf8")) as { locales: string[] };
        const report = checkCatalogs(readCatalogs(root, locales), locales);
        if (report.missing.length) {
          const list = report.missing.map((m) => `${m.locale} ${m.area}/${m.key}`).join(", ");
          throw new Error(`Messages missing from a catalog (npm run i18n:status): ${list}`);
        }
      },
    },
  };
}
