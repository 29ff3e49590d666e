// npm run bench — prints figures for the goals in issues 3 and 4; not a test, nothing here fails on slowness.
//   pages:  requests/s and p95 of the home, a notice and a publicity page vs a static file, page cache on and off
//   search: portal search p50/p95 over a generated corpus beside Meilisearch's own processing time
//   lighthouse: Lighthouse 12.2.3 mobile scores of the home page, an open publicity list and /report (issue 14)
//   intake: sustained submissions/s against PostgreSQL with 20 clients, and acknowledged-but-missing (must be 0)
//   queue: the office queue's p95 at 1k and at 100k generated cases, and their ratio beside the goal ≤ 1.5× (issue 15)
//   monitoring: articles parsed and matched per second over a generated 10k-item RSS feed, and matched only (issue 16)
// Options (environment): BENCH_ONLY=pages,search,lighthouse,intake,queue,monitoring  BENCH_SECONDS=8  BENCH_NOTICES=100000  BENCH_TOWNS=50000
// Needs `npm run build` first; the intake part needs DATABASE_URL (a PostgreSQL server).
import { existsSync } from "node:fs";
import { benchIntake, printIntake } from "./bench-intake.ts";
import { benchPages, printPages } from "./bench/pages.ts";
import { benchSearch, printSearch } from "./bench/search.ts";
import { benchLighthouse, printLighthouse } from "./bench/lighthouse.ts";
import { benchQueue, printQueue } from "./bench/queue.ts";
import { benchMonitoring, printMonitoring } from "./bench/monitoring.ts";

const only = new Set((process.env.BENCH_ONLY ?? "pages,search,lighthouse,intake,queue,monitoring").split(","));
const seconds = Number(process.env.BENCH_SECONDS ?? 8);

// Only the scenarios that serve pages need the build.
if (["pages", "search", "lighthouse"].some((k) => only.has(k)) && !existsSync("dist/server/entry.mjs")) {
  console.error("✗ 请先运行 npm run build");
  process.exit(2);
}
console.log(`基准测试 ${new Date().toISOString()}  Node ${process.version}`);
let missing = 0;
if (only.has("pages")) printPages(await benchPages({ seconds, connections: 50 }));
if (only.has("search")) printSearch(await benchSearch({ notices: Number(process.env.BENCH_NOTICES ?? 100_000), towns: Number(process.env.BENCH_TOWNS ?? 50_000) }));
if (only.has("lighthouse")) printLighthouse(await benchLighthouse());
if (only.has("intake")) {
  if (!process.env.DATABASE_URL) console.log("\n提交压测：跳过（需要 DATABASE_URL 指向 PostgreSQL 服务器）");
  else {
    const f = await benchIntake(process.env.DATABASE_URL, Math.max(seconds, 15), 20);
    printIntake(f);
    missing = f.missing;
  }
}
if (only.has("queue")) printQueue(await benchQueue());
if (only.has("monitoring")) printMonitoring(await benchMonitoring());
process.exit(missing > 0 ? 1 : 0);
