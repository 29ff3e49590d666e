// Many distinct URLs, page cache on (issue 17): every region page of the province (/towns/<code>, league to
// township) and 200 filtered register URLs (/towns?honour=&prefecture=&status=&year=), shuffled with a fixed seed
// and handed out one per request across 50 connections until all are used — what a crawler or a journalist's
// script does. No URL is requested twice, so the page cache cannot answer any of them. Goal: p95 ≤ 100 ms on
// PostgreSQL.
import { DESIGNATION_STATUSES } from "../../src/domain/designations.ts";
import { HONOUR_IDS } from "../../src/domain/honours.ts";
import { provinceRegions } from "../../src/server/regions.ts";
import { listUrl } from "../../src/server/query.ts";
import { startPortal } from "../../tests/support/portal-server.ts";
import { benchDatabases, type DatabaseName } from "./databases.ts";
import { isMain, load, mark, ms, shuffled, type LoadFigures } from "./load.ts";

export const MANY_URLS_GOAL_MS = 100;
const PROVINCE = "150000";

export interface ManyUrlsFigure extends LoadFigures {
  database: DatabaseName;
  distinct: number;
  regionPages: number;
  registerPages: number;
}

/** Every region page, and `registerCount` distinct filter combinations of the register, in a fixed random order. */
export function manyUrls(registerCount = 200): { urls: string[]; regionPages: number; registerPages: number } {
  const all = provinceRegions(PROVINCE);
  // The province itself has no page of its own (/towns/150000 is a 404); every league, banner and township has.
  const regions = all.filter((r) => r.level !== "province");
  const prefectures = regions.filter((r) => r.level === "prefecture").map((r) => r.code);
  const combos: string[] = [];
  // Page 1 only: a later page of a combination may not exist (404), and every combination has a first page.
  for (const honour of [undefined, ...HONOUR_IDS])
    for (const prefecture of [undefined, ...prefectures])
      for (const status of [undefined, "all", ...DESIGNATION_STATUSES])
        for (const year of [undefined, 2015, 2018, 2021, 2024]) {
          if (!honour && !prefecture && !status && !year) continue; // the bare register is a page anyone has cached
          combos.push(listUrl("/towns", { honour, prefecture, status, year }));
        }
  const register = shuffled(combos, 17).slice(0, registerCount);
  const urls = shuffled([...regions.map((r) => `/towns/${r.code}`), ...register], 42);
  if (new Set(urls).size !== urls.length) throw new Error("多 URL 场景的 URL 有重复");
  return { urls, regionPages: regions.length, registerPages: register.length };
}

export async function benchManyUrls(opts: { connections?: number } = {}): Promise<ManyUrlsFigure[]> {
  const connections = opts.connections ?? 50;
  const { urls, regionPages, registerPages } = manyUrls();
  const out: ManyUrlsFigure[] = [];
  for (const database of await benchDatabases()) {
    const portal = await startPortal({ PAGE_CACHE: "on", LOG_LEVEL: "warn", ...database.env });
    try {
      // Warm-up (JIT, connection pool) on URLs outside the measured set: an ignored parameter makes each distinct.
      const warm = urls.slice(0, 300).map((u, i) => `${u}${u.includes("?") ? "&" : "?"}warm=${i}`);
      await load({ base: portal.url, paths: warm, amount: warm.length, connections });
      const f = await load({ base: portal.url, paths: urls, amount: urls.length, connections });
      out.push({ database: database.name, distinct: Math.min(urls.length, f.requests), regionPages, registerPages, ...f });
    } finally {
      await portal.stop();
    }
  }
  return out;
}

export function printManyUrls(figures: ManyUrlsFigure[], connections = 50): void {
  const f0 = figures[0];
  if (!f0) return;
  console.log(`\n多 URL（页面缓存开启，${connections} 个连接；${f0.regionPages} 个地区页 + ${f0.registerPages} 个名录筛选 URL，固定种子打乱，每个只请求一次）`);
  for (const f of figures) {
    const goal = f.database === "PostgreSQL" ? `  目标 p95 ≤ ${MANY_URLS_GOAL_MS} ms ${mark(f.p95 <= MANY_URLS_GOAL_MS && f.errors === 0)}` : "";
    console.log(
      `  ${f.database.padEnd(10)}  ${f.distinct} 个不同 URL，${f.requests} 次请求，用时 ${f.seconds.toFixed(1)} s：${f.rps.toFixed(0)} 请求/s  p50 ${ms(f.p50)}  p95 ${ms(f.p95)}  最长 ${ms(f.max)}  错误 ${f.errors}${goal}`,
    );
  }
}

if (isMain(import.meta.url)) {
  const { closeBenchDatabases } = await import("./databases.ts");
  try {
    printManyUrls(await benchManyUrls());
  } finally {
    await closeBenchDatabases();
  }
}
