// A ramp (issue 17): from 1 to 300 connections over 10 s, page cache on, on a mix of what a publicity spike
// requests — the home page, an open publicity list, its entries (each entry's town page, and one entry's 提出异议
// form) and /search. Ten autocannon instances start one second apart, each adding a tenth of the connections and
// running until the 10 s are up. Goal: 0 errors — an answer that is not 2xx/3xx, a socket error and a timeout (10 s) each
// count.
import { startPortal } from "../../tests/support/portal-server.ts";
import { benchDatabases, type DatabaseName } from "./databases.ts";
import { isMain, loadRaw, mark, ms, summarise, type LoadFigures } from "./load.ts";

export interface RampFigure extends LoadFigures {
  database: DatabaseName;
  mix: number;
  peak: number;
}

const SEARCHES = ["健康乡镇", "卫生城市", "公示", "鄂尔多斯", "dalate", "复审"];

async function mixFor(base: string): Promise<string[]> {
  const index = await (await fetch(`${base}/publicity?status=open`)).text();
  const list = /href="(\/publicity\/\d+)"/.exec(index)?.[1] ?? /href="(\/publicity\/\d+)"/.exec(await (await fetch(`${base}/publicity`)).text())?.[1];
  if (!list) throw new Error("没有找到公示名单");
  const html = await (await fetch(base + list)).text();
  const entries = [...new Set([...html.matchAll(/href="(\/towns\/\d+)"/g)].map((m) => m[1]!))];
  const objection = /href="(\/report\?type=objection&(?:amp;)?entry=\d+)"/.exec(html)?.[1]?.replace("&amp;", "&");
  // Weighted as a spike is: the list most, then the home page and the entries' pages, a search now and then, and
  // one objection form (never cached: it is per person).
  return ["/", list, list, list, ...entries, ...(objection ? [objection] : []), ...SEARCHES.map((q) => `/search?q=${encodeURIComponent(q)}`)];
}

export async function benchRamp(opts: { seconds?: number; peak?: number; steps?: number } = {}): Promise<RampFigure[]> {
  const seconds = opts.seconds ?? 10;
  const peak = opts.peak ?? 300;
  const steps = opts.steps ?? 10;
  const out: RampFigure[] = [];
  for (const database of await benchDatabases()) {
    const portal = await startPortal({ PAGE_CACHE: "on", LOG_LEVEL: "warn", ...database.env });
    try {
      const mix = await mixFor(portal.url);
      const runs: Promise<Awaited<ReturnType<typeof loadRaw>>>[] = [];
      let open = 0;
      for (let k = 0; k < steps; k++) {
        const target = Math.round(1 + ((peak - 1) * k) / (steps - 1));
        const add = target - open;
        open = target;
        const left = seconds - (k * seconds) / steps;
        runs.push(loadRaw({ base: portal.url, paths: mix.slice(k % mix.length).concat(mix.slice(0, k % mix.length)), connections: add, seconds: left }));
        if (k < steps - 1) await new Promise((r) => setTimeout(r, (seconds / steps) * 1000));
      }
      const done = await Promise.all(runs);
      const f = summarise(done.flatMap((d) => d.times), done.reduce((n, d) => n + d.errors, 0), seconds);
      out.push({ database: database.name, mix: mix.length, peak, ...f });
    } finally {
      await portal.stop();
    }
  }
  return out;
}

export function printRamp(figures: RampFigure[]): void {
  const f0 = figures[0];
  if (!f0) return;
  console.log(`\n爬坡（页面缓存开启；10 s 内连接数从 1 增至 ${f0.peak}；首页、开放中的公示名单、其条目城镇页、一个异议表单和搜索，共 ${f0.mix} 个 URL 轮流）`);
  for (const f of figures) {
    console.log(`  ${f.database.padEnd(10)}  ${f.requests} 次请求（${f.rps.toFixed(0)} 请求/s）  p95 ${ms(f.p95)}  最长 ${ms(f.max)}  错误 ${f.errors}  目标 0 错误 ${mark(f.errors === 0)}`);
  }
}

if (isMain(import.meta.url)) {
  const { closeBenchDatabases } = await import("./databases.ts");
  try {
    printRamp(await benchRamp());
  } finally {
    await closeBenchDatabases();
  }
}
