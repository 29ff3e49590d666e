// Page throughput: the home, a notice and a publicity page against a static file of the same size served by the
// same server, with the page cache on and off, on PGlite and on PostgreSQL in one run. Goals: cached ≥ 0.8× the
// static file (issue 3); uncached ≥ 0.2× on PostgreSQL and ≥ 0.1× on PGlite (issue 17).
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startPortal } from "../../tests/support/portal-server.ts";
import { benchDatabases, type DatabaseName } from "./databases.ts";
import { load, mark } from "./load.ts";

export interface PageFigure {
  target: string;
  bytes: number;
  rps: number;
  p95: number;
  errors: number;
}

export type PagesFigures = { database: DatabaseName; on: PageFigure[]; off: PageFigure[] }[];

export const UNCACHED_GOAL: Record<DatabaseName, number> = { PostgreSQL: 0.2, PGlite: 0.1 };
export const CACHED_GOAL = 0.8;
export const STATIC_LABEL = "静态文件";

export async function firstLink(base: string, path: string, pattern: RegExp): Promise<string> {
  const html = await (await fetch(base + path)).text();
  const m = [...html.matchAll(/href="([^"]+)"/g)].map((x) => x[1]!).find((h) => pattern.test(h));
  if (!m) throw new Error(`${path} 上没有找到符合 ${pattern} 的链接`);
  return m;
}

/** The three pages issue 17 measures uncached: the home page, the first notice and the first publicity list. */
export async function measuredPages(base: string): Promise<[string, string][]> {
  return [
    ["首页", "/"],
    ["通知", await firstLink(base, "/notices", /^\/notices\/[^?]+$/)],
    ["公示", await firstLink(base, "/publicity", /^\/publicity\/\d+$/)],
  ];
}

export async function benchPages(opts: { seconds?: number; connections?: number } = {}): Promise<PagesFigures> {
  const seconds = opts.seconds ?? 8;
  const connections = opts.connections ?? 50;
  const out: PagesFigures = [];
  const staticName = "bench-static.html";
  const staticPath = join("dist", "client", staticName);
  for (const database of await benchDatabases()) {
    const row = { database: database.name } as PagesFigures[number];
    for (const mode of ["on", "off"] as const) {
      const portal = await startPortal({ PAGE_CACHE: mode, LOG_LEVEL: "warn", ...database.env });
      try {
        const base = portal.url;
        const targets = await measuredPages(base);
        const home = await (await fetch(`${base}/`)).arrayBuffer();
        // A static file of the home page's size, served by the same process from the build's client folder.
        writeFileSync(staticPath, "<!doctype html>" + "静".repeat(Math.max(0, Math.floor((home.byteLength - 15) / 3))));
        targets.push([STATIC_LABEL, `/${staticName}`]);
        const figures: PageFigure[] = [];
        for (const [label, path] of targets) {
          const bytes = (await (await fetch(base + path)).arrayBuffer()).byteLength;
          await load({ base, paths: path, seconds: 1, connections }); // warm-up: first render, JIT
          const f = await load({ base, paths: path, seconds, connections });
          figures.push({ target: `${label} ${path}`, bytes, rps: f.rps, p95: f.p95, errors: f.errors });
        }
        row[mode] = figures;
      } finally {
        await portal.stop();
        rmSync(staticPath, { force: true });
      }
    }
    out.push(row);
  }
  return out;
}

/** Each page's ratio to the static file of the same run (the static file itself left out). */
export function pageRatios(rows: PageFigure[]): { target: string; ratio: number; p95: number; rps: number }[] {
  const staticRps = rows.find((r) => r.target.startsWith(STATIC_LABEL))!.rps;
  return rows.filter((r) => !r.target.startsWith(STATIC_LABEL)).map((r) => ({ target: r.target, ratio: r.rps / staticRps, p95: r.p95, rps: r.rps }));
}

export function printPages(figures: PagesFigures, connections = 50): void {
  for (const { database, ...modes } of figures) {
    for (const mode of ["on", "off"] as const) {
      const rows = modes[mode];
      const staticRps = rows.find((r) => r.target.startsWith(STATIC_LABEL))!.rps;
      const goal = mode === "on" ? CACHED_GOAL : UNCACHED_GOAL[database];
      console.log(`\n页面吞吐（${database}，PAGE_CACHE=${mode}，${connections} 个连接；目标 ≥ ${goal}× 静态文件）`);
      console.log("  目标                                  字节     请求/s     p95      与静态文件之比  错误");
      for (const r of rows) {
        const ratio = r.rps / staticRps;
        const verdict = r.target.startsWith(STATIC_LABEL) ? "" : `  ${mark(ratio >= goal)}`;
        console.log(
          `  ${r.target.padEnd(36).slice(0, 36)}  ${String(r.bytes).padStart(6)}  ${r.rps.toFixed(0).padStart(8)}  ${`${r.p95.toFixed(0)} ms`.padStart(7)}  ${ratio.toFixed(2).padStart(14)}${verdict}  ${r.errors}`,
        );
      }
    }
  }
}
