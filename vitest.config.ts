import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // One PostgreSQL server for the run: DATABASE_URL's, or a throwaway embedded one (tests/support/postgres-server.ts).
          globalSetup: ["tests/integration/global-setup.ts"],
          // Each file gets its own database and, where needed, its own Meilisearch; PGlite start-up is slow on 2 cores.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
