// npm run bench — prints figures for the goals in issues 3, 4, 14–17, each beside its goal with ✓/✗, and one summary
// block at the end; not a test, nothing here fails on slowness (only intake's missing submissions set the exit code).
//   pages:  requests/s and p95 of the home, a notice and a publicity page vs a static file, page cache on and off,
//           on PGlite and on PostgreSQL (issue 17: uncached ≥ 0.2× on PostgreSQL, ≥ 0.1× on PGlite)
//   manyurls: every region page and 200 filtered register URLs, each requested once in a fixed random order, at 50
//           connections with the page cache on, on both databases (issue 17: p95 ≤ 100 ms on PostgreSQL)
//   ramp:   1 → 300 connections over 10 s on home, an open publicity list, its entries and /search, on both
//           databases (issue 17: 0 errors)
//   search: the portal's /search end to end over a generated corpus in a temporary Meilisearch, beside
//           Meilisearch's own processing time (issue 17: p95 ≤ 2×)
//   lighthouse: Lighthouse 12.2.3 mobile scores of the home page, an open publicity list and /report (issue 14)
//   intake: sustained submissions/s against PostgreSQL with 20 clients, and acknowledged-but-missing (must be 0)
//   queue: the office queue's p95 at 1k and at 100k generated cases, and their ratio beside the goal ≤ 1.5× (issue 15)
//   monitoring: articles parsed and matched per second over a generated 10k-item RSS feed, and matched only (issue 16)
// Options (environment): BENCH_ONLY=pages,manyurls,ramp,search,lighthouse,intake,queue,monitoring  BENCH_SECONDS=8
// BENCH_NOTICES=100000  BENCH_TOWNS=50000
// Needs `npm run build` first. PostgreSQL: a new database on DATABASE_URL's server, or, without DATABASE_URL, on a
// throwaway embedded PostgreSQL started and stopped by the bench; the intake part needs DATABASE_URL.
import { existsSync } from "node:fs";
import { benchIntake, printIntake } from "./bench-intake.ts";
import { closeBenchDatabases } from "./bench/databases.ts";
import { mark } from "./bench/load.ts";
import { benchManyUrls, MANY_URLS_GOAL_MS, printManyUrls, type ManyUrlsFigure } from "./bench/many-urls.ts";
import { benchPages, CACHED_GOAL, pageRatios, printPages, UNCACHED_GOAL, type PagesFigures } from "./bench/pages.ts";
import { benchRamp, printRamp, type RampFigure } from "./bench/ramp.ts";
import { benchSearch, printSearch, SEARCH_GOAL_RATIO, type SearchFigures } from "./bench/search.ts";
import { benchLighthouse, printLighthouse } from "./bench/lighthouse.ts";
import { benchQueue, printQueue, type QueueFigures } from "./bench/queue.ts";
import { benchMonitoring, printMonitoring } from "./bench/monitoring.ts";

const only = new Set((process.env.BENCH_ONLY ?? "pages,manyurls,ramp,search,lighthouse,intake,queue,monitoring").split(","));
const seconds = Number(process.env.BENCH_SECONDS ?? 8);

// Only the scenarios that serve pages need the build.
if (["pages", "manyurls", "ramp", "search", "lighthouse"].some((k) => only.has(k)) && !existsSync("dist/server/entry.mjs")) {
  console.error("✗ 请先运行 npm run build");
  process.exit(2);
}
console.log(`基准测试 ${new Date().toISOString()}  Node ${process.version}`);
const took: Record<string, number> = {};
async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    took[name] = (performance.now() - started) / 1000;
  }
}

let missing = 0;
let pages: PagesFigures | undefined;
let many: ManyUrlsFigure[] | undefined;
let ramp: RampFigure[] | undefined;
let search: SearchFigures | undefined;
let queue: QueueFigures | undefined;
try {
  if (only.has("pages")) printPages((pages = await timed("pages", () => benchPages({ seconds, connections: 50 }))));
  if (only.has("manyurls")) printManyUrls((many = await timed("manyurls", () => benchManyUrls({ connections: 50 }))));
  if (only.has("ramp")) printRamp((ramp = await timed("ramp", () => benchRamp())));
  if (only.has("search")) printSearch((search = await timed("search", () => benchSearch({ notices: Number(process.env.BENCH_NOTICES ?? 100_000), towns: Number(process.env.BENCH_TOWNS ?? 50_000) }))));
  if (only.has("lighthouse")) printLighthouse(await timed("lighthouse", () => benchLighthouse()));
  if (only.has("intake")) {
    if (!process.env.DATABASE_URL) console.log("\n提交压测：跳过（需要 DATABASE_URL 指向 PostgreSQL 服务器）");
    else {
      const f = await timed("intake", () => benchIntake(process.env.DATABASE_URL!, Math.max(seconds, 15), 20));
      printIntake(f);
      missing = f.missing;
    }
  }
  if (only.has("queue")) printQueue((queue = await timed("queue", () => benchQueue())));
  if (only.has("monitoring")) printMonitoring(await timed("monitoring", () => benchMonitoring()));
} finally {
  await closeBenchDatabases();
}

// One block with every goal that has a figure in this run.
const lines: string[] = [];
const goal = (ok: boolean, text: string) => lines.push(`  ${mark(ok)} ${text}`);
for (const { database, on, off } of pages ?? []) {
  for (const r of pageRatios(off)) goal(r.ratio >= UNCACHED_GOAL[database], `未缓存页面 ${database} ${r.target.split(" ")[0]}：${r.ratio.toFixed(2)}× 静态文件（${r.rps.toFixed(0)} 请求/s，p95 ${r.p95.toFixed(0)} ms），目标 ≥ ${UNCACHED_GOAL[database]}×（#17）`);
  for (const r of pageRatios(on)) goal(r.ratio >= CACHED_GOAL, `缓存页面 ${database} ${r.target.split(" ")[0]}：${r.ratio.toFixed(2)}× 静态文件，目标 ≥ ${CACHED_GOAL}×（#3）`);
}
for (const f of many ?? []) {
  if (f.database === "PostgreSQL") goal(f.p95 <= MANY_URLS_GOAL_MS && f.errors === 0, `多 URL PostgreSQL：p95 ${f.p95.toFixed(0)} ms（${f.distinct} 个不同 URL，错误 ${f.errors}），目标 ≤ ${MANY_URLS_GOAL_MS} ms（#17）`);
  else lines.push(`  · 多 URL ${f.database}：p95 ${f.p95.toFixed(0)} ms，错误 ${f.errors}（无目标）`);
}
if (search) goal(search.ratio <= SEARCH_GOAL_RATIO, `搜索端到端 p95 ${search.page.p95.toFixed(1)} ms = ${search.ratio.toFixed(2)}× Meilisearch 自身 p95 ${search.engine.p95.toFixed(1)} ms（${search.notices} 通知 + ${search.towns} 城镇），目标 ≤ ${SEARCH_GOAL_RATIO}×（#17）`);
for (const f of ramp ?? []) goal(f.errors === 0, `爬坡 1→${f.peak} 连接 ${f.database}：${f.requests} 次请求，错误 ${f.errors}，p95 ${f.p95.toFixed(0)} ms，最长 ${f.max.toFixed(0)} ms，目标 0 错误（#17）`);
if (queue) goal(queue.ratio <= 1.5, `办公室队列 p95 100k/1k：${queue.ratio.toFixed(2)}×，目标 ≤ 1.5×（#15）`);
if (only.has("intake") && process.env.DATABASE_URL) goal(missing === 0, `提交压测：已确认但缺失 ${missing}，目标 0`);
if (lines.length) {
  console.log("\n目标汇总");
  for (const l of lines) console.log(l);
}
console.log(`\n各场景用时：${Object.entries(took).map(([k, s]) => `${k} ${s.toFixed(0)} s`).join("，")}`);
process.exit(missing > 0 ? 1 : 0);
