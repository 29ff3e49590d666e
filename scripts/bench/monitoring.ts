// Matching speed of public-opinion monitoring (issue 16 item 6): a generated RSS feed of 10k articles, held in memory,
// parsed as the fetch job parses it (@rowanmanning/feed-parser), reduced to text and matched (matchText) — and, apart,
// matching alone over the same texts. The matcher is the one the job builds: the province's 1,346 regions with their
// short forms and aliases, places elsewhere, honours and the problem words of migration 0013. No database, no network.
// Articles are written like the fixtures: places in full and short forms (some ambiguous, some elsewhere), problem
// words in about half of them, and a little markup in the summaries.
import { readFileSync } from "node:fs";
import { parseFeed } from "@rowanmanning/feed-parser";
import { buildMatcher, HONOUR_MENTIONS, matchText, type Matcher } from "../../src/domain/monitoring.ts";
import { plainText } from "../../src/server/monitoring/ingest.ts";
import { provinceRegions } from "../../src/server/regions.ts";
import { rssFeed } from "../../tests/support/feed-server.ts";

export interface MonitoringFigures {
  items: number;
  feedBytes: number;
  buildMs: number;
  parseAndMatchPerSecond: number;
  matchPerSecond: number;
  parseMs: number;
  matchMs: number;
  candidates: number;
  withPlaces: number;
}

const MIGRATION = new URL("../../db/migrations/0013_opinion_monitoring.sql", import.meta.url);

function migrationWords() {
  return [...readFileSync(MIGRATION, "utf8").matchAll(/\('([^']+)', (\d+), now\(\)\)/g)].map((m) => ({ word: m[1]!, weight: Number(m[2]) }));
}

function matcherData() {
  const places = provinceRegions("150000").map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode ?? null, prefectureCode: r.prefectureCode ?? null }));
  return { places, words: migrationWords(), honours: HONOUR_MENTIONS };
}

/** A small deterministic generator, so that two runs match the same feed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const OPENINGS = ["记者近日走访发现，", "有市民向本报反映，", "网友在留言板发帖称，", "据当地融媒体中心报道，", "暗访组在检查中发现，", "多名居民致电热线称，"];
const SCENES = ["老旧小区", "背街小巷", "城乡结合部", "集贸市场", "学校周边", "客运站附近", "景区停车场", "城中村", "主干道两侧", "河道沿岸"];
const PROBLEMS = ["垃圾堆积多日无人清运", "存在卫生死角", "污水外溢", "旱厕粪污外溢", "蚊蝇滋生", "露天烧烤油烟扰民", "占道经营严重", "公厕臭气熏天", "发现过期食品", "黑臭水体反弹"];
const GOOD = ["新建口袋公园", "举办全民健身运动会", "开展志愿服务活动", "获评文明城区", "新开通公交线路", "举办那达慕大会", "小米喜获丰收", "推进智慧社区建设"];
const ELSEWHERE = ["海南省海口市", "黑龙江大兴安岭地区", "武汉市青山区", "辽宁城市", "上海赤峰路", "加拿大多伦多"];
const TAIL = ["相关部门表示将尽快处理。", "目前已责成属地整改。", "居民希望尽快解决。", "记者将持续关注。"];

/** `n` articles: 80 % name places of the province (full names, short forms, townships), the rest elsewhere or none. */
export function generateArticles(m: Matcher, n: number, seed = 16) {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const placeNames = m.patterns.filter((_, i) => m.terms[i]!.kind === "place");
  const out: { title: string; link: string; summary: string; published: string }[] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const place = r < 0.8 ? pick(placeNames) + (rnd() < 0.3 ? pick(placeNames) : "") : r < 0.9 ? pick(ELSEWHERE) : "";
    const problem = rnd() < 0.5;
    const what = problem ? pick(PROBLEMS) : pick(GOOD);
    const title = `${place}${pick(SCENES)}${what}（${i}）`;
    const summary = `<p>${pick(OPENINGS)}${place}${pick(SCENES)}${what}，<b>${problem ? pick(PROBLEMS) : pick(GOOD)}</b>。${pick(TAIL)}</p>`;
    out.push({ title, link: `https://bench.example.test/monitoring/${i}.html`, summary, published: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString() });
  }
  return out;
}

export async function benchMonitoring(opts: { items?: number; rounds?: number } = {}): Promise<MonitoringFigures> {
  const n = opts.items ?? 10_000;
  const rounds = opts.rounds ?? 3;
  const data = matcherData();
  let t = performance.now();
  const matcher = buildMatcher(data);
  const buildMs = performance.now() - t;
  const xml = rssFeed(generateArticles(matcher, n), { title: "压测订阅源" });

  // Parse + text + match, as the fetch job and ingest do it; the best of a few rounds (the first one warms the JIT).
  let parseAndMatchMs = Infinity;
  let parseMs = Infinity;
  let texts: string[] = [];
  for (let r = 0; r < rounds; r++) {
    t = performance.now();
    const feed = parseFeed(xml);
    const parsed = performance.now();
    texts = feed.items.map((it) => `${plainText(it.title ?? "")}\n${plainText(it.description ?? it.content ?? "")}`);
    for (const text of texts) matchText(matcher, text);
    parseMs = Math.min(parseMs, parsed - t);
    parseAndMatchMs = Math.min(parseAndMatchMs, performance.now() - t);
  }
  if (texts.length !== n) throw new Error(`parsed ${texts.length} of ${n} items`);

  let matchMs = Infinity;
  let candidates = 0;
  let withPlaces = 0;
  for (let r = 0; r < rounds; r++) {
    candidates = 0;
    withPlaces = 0;
    t = performance.now();
    for (const text of texts) {
      const found = matchText(matcher, text);
      if (found.candidate) candidates += 1;
      if (found.places.length) withPlaces += 1;
    }
    matchMs = Math.min(matchMs, performance.now() - t);
  }
  return {
    items: n,
    feedBytes: Buffer.byteLength(xml),
    buildMs,
    parseAndMatchPerSecond: n / (parseAndMatchMs / 1000),
    matchPerSecond: n / (matchMs / 1000),
    parseMs,
    matchMs,
    candidates,
    withPlaces,
  };
}

export function printMonitoring(f: MonitoringFigures): void {
  const k = (x: number) => Math.round(x).toLocaleString("en-US");
  console.log(`\n舆情匹配（生成的 RSS ${k(f.items)} 条，${(f.feedBytes / 1024 / 1024).toFixed(1)} MB，内存中；匹配器构建 ${f.buildMs.toFixed(0)} ms）`);
  console.log(`  解析 + 转文本 + 匹配：${k(f.parseAndMatchPerSecond)} 条/秒   （其中解析 ${f.parseMs.toFixed(0)} ms）`);
  console.log(`  仅匹配：            ${k(f.matchPerSecond)} 条/秒   （${f.matchMs.toFixed(0)} ms；含地点 ${k(f.withPlaces)} 条，候选 ${k(f.candidates)} 条）`);
}

if (import.meta.url === `file://${process.argv[1]}`) printMonitoring(await benchMonitoring());
