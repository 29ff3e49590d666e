// One PostgreSQL server for the whole integration run (see tests/support/postgres-server.ts): the configured one, or
// a throwaway embedded server started here and stopped at teardown. Test files read it through inject("postgresServerUrl")
// in tests/support/databases.ts; null means none could be had, and the PostgreSQL half is skipped.
import type { TestProject } from "vitest/node";
import { providePostgresServer } from "../support/postgres-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresServerUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const server = await providePostgresServer();
  project.provide("postgresServerUrl", server?.url ?? null);
  return async () => {
    await server?.stop();
  };
}
