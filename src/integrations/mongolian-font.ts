// Noto Sans Mongolian, self-hosted from its npm package (@fontsource/noto-sans-mongolian): its stylesheet and WOFF2
// files go to public/fonts/mongolian/ (not committed) before Astro reads public/, and only /mn/ pages link the
// stylesheet (src/layouts/Base.astro), so Chinese and English readers never download it.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

export const MONGOLIAN_FONT_CSS = "/fonts/mongolian/400.css";

export function copyMongolianFont(publicDir: string): number {
  const pkg = dirname(createRequire(import.meta.url).resolve("@fontsource/noto-sans-mongolian/package.json"));
  const out = join(publicDir, "fonts", "mongolian");
  mkdirSync(join(out, "files"), { recursive: true });
  // WOFF2 only: every browser that can set vertical Mongolian reads it; the WOFF fallbacks would only be copied.
  const css = keepSubsets(readFileSync(join(pkg, "400.css"), "utf8")).replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, "");
  writeFileSync(join(out, "400.css"), css);
  let copied = 0;
  for (const name of readdirSync(join(pkg, "files"))) {
    if (!/-400-normal\.woff2$/.test(name) || !css.includes(`/files/${name})`)) continue;
    copyFileSync(join(pkg, "files", name), join(out, "files", name));
    copied += 1;
  }
  return copied;
}

/**
 * The package's font also carries Han characters (the numbered subsets, [90]–[119]), without vertical metrics:
 * Chinese names inside a Mongolian column were drawn from it lying on their side. Only the Mongolian, Latin, symbol
 * and math subsets are kept, so Han characters come from the reader's Chinese font and stand upright (mlreq).
 */
export function keepSubsets(css: string): string {
  return css
    .split(/(?=\/\* noto-sans-mongolian-)/)
    .filter((block) => !/^\/\* noto-sans-mongolian-\[\d+\]/.test(block))
    .join("");
}

export default function mongolianFont(): AstroIntegration {
  return {
    name: "mongolian-font",
    hooks: {
      "astro:config:setup": ({ config, logger }) => {
        const copied = copyMongolianFont(fileURLToPath(config.publicDir));
        logger.info(`Noto Sans Mongolian: ${copied} WOFF2 subsets in public/fonts/mongolian`);
      },
    },
  };
}
