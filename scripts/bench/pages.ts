// Page throughput: the home, a notice and a publicity page against a static file of the same size served by the
// same server, with the page cache on and off (issue 3 goals: ratio ≥ 0.8 cached, ≥ 0.15 uncached).
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { startPortal } from "../../tests/support/portal-server.ts";

export interface PageFigure {
  target: string;
  bytes: number;
  rps: number;
  p95: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

async function load(url: string, seconds: number, connections: number): Promise<Omit<PageFigure, "target" | "bytes">> {
  const times: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on("response", (_client, status, _bytes, responseTime) => {
      if (status === 200) times.push(responseTime);
      else errors += 1;
    });
  });
  times.sort((a, b) => a - b);
  return { rps: times.length / seconds, p95: percentile(times, 95), errors: errors + result.errors + result.timeouts };
}

async function firstLink(base: string, path: string, pattern: RegExp): Promise<string> {
  const html = await (await fetch(base + path)).text();
  const m = [...html.matchAll(/href="([^"]+)"/g)].map((x) => x[1]!).find((h) => pattern.test(h));
  if (!m) throw new Error(`${path} 上没有找到符合 ${pattern} 的链接`);
  return m;
}

export async function benchPages(opts: { seconds?: number; connections?: number; databaseUrl?: string } = {}): Promise<Record<"on" | "off", PageFigure[]>> {
  const seconds = opts.seconds ?? 8;
  const connections = opts.connections ?? 50;
  const out = {} as Record<"on" | "off", PageFigure[]>;
  const staticName = "bench-static.html";
  const staticPath = join("dist", "client", staticName);
  for (const mode of ["on", "off"] as const) {
    const portal = await startPortal({ PAGE_CACHE: mode, LOG_LEVEL: "warn", ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}) });
    try {
      const base = portal.url;
      const targets: [string, string][] = [
        ["首页", "/"],
        ["通知", await firstLink(base, "/notices", /^\/notices\/[^?]+$/)],
        ["公示", await firstLink(base, "/publicity", /^\/publicity\/\d+$/)],
      ];
      const home = await (await fetch(`${base}/`)).arrayBuffer();
      // A static file of the home page's size, served by the same process from the build's client folder.
      writeFileSync(staticPath, "<!doctype html>" + "静".repeat(Math.max(0, Math.floor((home.byteLength - 15) / 3))));
      targets.push(["静态文件", `/${staticName}`]);
      const figures: PageFigure[] = [];
      for (const [label, path] of targets) {
        const bytes = (await (await fetch(base + path)).arrayBuffer()).byteLength;
        await load(base + path, 1, connections); // warm-up: first render, JIT
        figures.push({ target: `${label} ${path}`, bytes, ...(await load(base + path, seconds, connections)) });
      }
      out[mode] = figures;
    } finally {
      await portal.stop();
      rmSync(staticPath, { force: true });
    }
  }
  return out;
}

export function printPages(figures: Record<"on" | "off", PageFigure[]>, connections = 50): void {
  for (const mode of ["on", "off"] as const) {
    const rows = figures[mode];
    const staticRps = rows.find((r) => r.target.startsWith("静态文件"))!.rps;
    console.log(`\n页面吞吐（PAGE_CACHE=${mode}，${connections} 个连接）`);
    console.log("  目标                                  字节     请求/s     p95      与静态文件之比  错误");
    for (const r of rows) {
      console.log(
        `  ${r.target.padEnd(36).slice(0, 36)}  ${String(r.bytes).padStart(6)}  ${r.rps.toFixed(0).padStart(8)}  ${`${r.p95.toFixed(0)} ms`.padStart(7)}  ${(r.rps / staticRps).toFixed(2).padStart(14)}  ${r.errors}`,
      );
    }
  }
}
