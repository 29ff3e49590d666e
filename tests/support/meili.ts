// A real Meilisearch for a test file: the npm binary on a free loopback port with a temp data dir.
// And, for tests of a running portal, what its bundled Meilisearch is: from the pid file it keeps in DATA_DIR/meili.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PID_FILE, processStartTime, startMeili, type MeiliProcess } from "../../src/server/search/meili-process.ts";

export async function testMeili(): Promise<MeiliProcess & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "htp-meili-"));
  const proc = await startMeili({ dataDir: dir, timeoutMs: 60_000 });
  return {
    ...proc,
    dispose: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BundledMeili {
  pid: number;
  startTime: number;
  /** The loopback port it listens on, from its command line. */
  port: number;
  dbPath: string;
  cmdline: string;
  /** MEILI_MASTER_KEY from its environment (readable by its owner or root). */
  masterKey: string | undefined;
}

/** The bundled Meilisearch of a portal started on `dataDir`, as its pid file names it. */
export function bundledMeili(dataDir: string): BundledMeili {
  const rec = JSON.parse(readFileSync(join(dataDir, "meili", PID_FILE), "utf8")) as { pid: number; startTime: number; dbPath: string };
  const cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, "utf8").split("\0").join(" ");
  const environ = readFileSync(`/proc/${rec.pid}/environ`, "utf8").split("\0");
  return {
    pid: rec.pid,
    startTime: rec.startTime,
    port: Number(/--http-addr 127\.0\.0\.1:(\d+)/.exec(cmdline)?.[1]),
    dbPath: rec.dbPath,
    cmdline,
    masterKey: environ.find((e) => e.startsWith("MEILI_MASTER_KEY="))?.slice("MEILI_MASTER_KEY=".length),
  };
}

/** True while that very process (PID and start time) runs; a zombie or a recycled PID does not count. */
export function stillRunning(proc: { pid: number; startTime: number }): boolean {
  return processStartTime(proc.pid) === proc.startTime;
}

/** PIDs of every running process whose command line names this Meilisearch data folder. */
export function meiliProcessesOn(dbPath: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSafe("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(dbPath) && processStartTime(Number(entry)) !== undefined) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
