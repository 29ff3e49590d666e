// Starts the built portal exactly as `npm start` does (PGlite + bundled Meilisearch in a temp DATA_DIR)
// on a free port, and stops it by PID. `dataDir` starts it on an existing data folder (kept at stop), as a restart.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/server/search/meili-process.ts";

export interface PortalServer {
  url: string;
  dataDir: string;
  /** PID of the portal process (scripts/start.ts). */
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

export async function startPortal(extraEnv: Record<string, string> = {}, opts: { dataDir?: string } = {}): Promise<PortalServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "htp-e2e-"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...extraEnv };
  // The README promise is the embedded default: no DATABASE_URL, no MEILI_URL.
  if (!("DATABASE_URL" in extraEnv)) delete env.DATABASE_URL;
  if (!("MEILI_URL" in extraEnv)) delete env.MEILI_URL;
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`portal exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`portal did not answer within 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    dataDir,
    pid: child.pid!,
    output: () => out,
    stop: async () => {
      if (running()) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (running()) child.kill("SIGKILL");
      }
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
