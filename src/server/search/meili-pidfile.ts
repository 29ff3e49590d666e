// The bundled Meilisearch's pid file (DATA_DIR/meili/meilisearch.pid): which child runs on this data folder and which
// portal started it, so that a start after a kill -9 finds the orphan and stops it — and never a process that merely
// got its recycled PID (a process is its PID and its start time together).
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export const PID_FILE = "meilisearch.pid";

export class StaleChildError extends Error {}

/** Start time of a live (not zombie) process in clock ticks since boot, from /proc; undefined if there is none. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return undefined;
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

function isProcess(who: { pid: number; startTime: number } | undefined): boolean {
  return !!who && processStartTime(who.pid) === who.startTime;
}

export interface PidRecord {
  pid: number;
  startTime: number;
  binary: string;
  dbPath: string;
  owner: { pid: number; startTime: number };
}

export function readPidFile(file: string): PidRecord | undefined {
  try {
    const rec = JSON.parse(readFileSync(file, "utf8")) as PidRecord;
    return Number.isInteger(rec.pid) && Number.isInteger(rec.startTime) ? rec : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops a Meilisearch left running on this data folder by a start command that died without stopping it (kill -9,
 * power loss of the parent only). Returns its PID, or undefined if there was none.
 */
export async function stopStaleChild(dataDir: string, dbPath: string): Promise<number | undefined> {
  const file = join(dataDir, PID_FILE);
  const rec = readPidFile(file);
  if (!rec) return undefined;
  let cmdline = "";
  try {
    cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, "utf8");
  } catch {
    // gone
  }
  // Same PID and start time is the same process; the db path on its command line is a second check.
  if (!isProcess(rec) || !cmdline.includes(dbPath)) {
    rmSync(file, { force: true });
    return undefined;
  }
  if (isProcess(rec.owner)) {
    throw new StaleChildError(`搜索数据目录 ${dataDir} 正由另一个进程 (pid ${rec.owner.pid}) 的 Meilisearch (pid ${rec.pid}) 使用`);
  }
  for (const [signal, waitMs] of [["SIGTERM", 5000], ["SIGKILL", 5000]] as const) {
    try {
      process.kill(rec.pid, signal);
    } catch {
      break;
    }
    const deadline = Date.now() + waitMs;
    while (isProcess(rec) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (!isProcess(rec)) break;
  }
  if (isProcess(rec)) throw new StaleChildError(`无法停止上次遗留的 Meilisearch (pid ${rec.pid})`);
  rmSync(file, { force: true });
  return rec.pid;
}
