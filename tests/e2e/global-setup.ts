import { writeFileSync } from "node:fs";
import { startPortal } from "../support/portal-server.ts";
import { providePostgresServer } from "../support/postgres-server.ts";

export default async function globalSetup() {
  // One PostgreSQL server for the specs that need one: DATABASE_URL's, or a throwaway embedded one stopped at
  // teardown. It lands in process.env before the workers start; specs read it with postgresServerUrl().
  const postgresServer = await providePostgresServer();
  try {
    // Every journey files from 127.0.0.1; the per-IP limit is exercised by integration tests instead.
    const portal = await startPortal({ REPORT_HOURLY_LIMIT: "1000" });
    process.env.E2E_BASE_URL = portal.url;
    // The seed prints the generated staff passwords and demo tracking numbers; keep them for journeys that sign in,
    // in a file of this run's own (two runs in one checkout must not read each other's passwords).
    process.env.E2E_PORTAL_LOG = `test-results/portal-start-${process.pid}.log`;
    writeFileSync(process.env.E2E_PORTAL_LOG, portal.output());
    return async () => {
      await portal.stop();
      await postgresServer?.stop();
    };
  } catch (err) {
    await postgresServer?.stop();
    throw err;
  }
}
