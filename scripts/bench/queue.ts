// The office's queue at 1k and at 100k cases (issue 15 item 7): the officer's default page — 我的待办, most urgent
// first, one keyset page of 25 — timed through the service the page calls (listCases), in a temporary database
// (PGlite, or a new database on DATABASE_URL's server). The goal: p95 at 100k at most 1.5× p95 at 1k, which the
// index in the queue's order (cases_queue_idx on deadline_at, id; migration 0012) makes reachable.
// Cases are generated in SQL: 90 % closed (no running deadline), the rest spread over the open states with
// deadlines from 20 working days overdue to 20 ahead, as a long-running office's table looks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { bootstrap } from "../../src/server/bootstrap.ts";
import type { StaffActor } from "../../src/server/cases/actions.ts";
import { countQueues, listCases, queuesFor, type Queue } from "../../src/server/cases/queues.ts";
import { migrateDatabase, openDatabase, type Database } from "../../src/server/db.ts";
import { emptyPostgresDatabase } from "../../tests/support/postgres.ts";
import { isMain, percentile } from "./load.ts";

export interface QueueFigures {
  driver: string;
  sizes: { cases: number; p50: number; p95: number; allP95: number; countsP95: number }[];
  ratio: number;
}

const MIGRATIONS = new URL("../../db/migrations", import.meta.url).pathname;
const NOW = new Date();

async function tempDatabase(): Promise<{ database: Database; dispose: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const empty = await emptyPostgresDatabase(process.env.DATABASE_URL, "htp_bench_queue");
    const database = await openDatabase({ databaseUrl: empty.url, dataDir: "" });
    return { database, dispose: async () => (await database.close(), await empty.drop()) };
  }
  const dir = mkdtempSync(join(tmpdir(), "htp-bench-queue-"));
  const database = await openDatabase({ dataDir: dir });
  return { database, dispose: async () => (await database.close(), rmSync(dir, { recursive: true, force: true })) };
}

async function generate(database: Database, n: number): Promise<void> {
  const open = ["submitted", "accepted", "assigned", "verifying", "findings_submitted", "rectifying", "rectification_submitted"];
  const stageOf: Record<string, string> = { submitted: "accept", accepted: "assign", assigned: "verify", verifying: "verify", findings_submitted: "review", rectifying: "rectify", rectification_submitted: "review" };
  const now = NOW.toISOString();
  // One statement: the state by i, a received date up to three years back, a deadline around now for open cases.
  await database.db.execute(sql.raw(`
    with g as (
      select i,
        case when i % 10 = 0 then (array[${open.map((s) => `'${s}'`).join(",")}])[1 + (i / 10) % ${open.length}] else 'closed' end as state,
        timestamptz '${now}' - make_interval(days => (i * 7919) % 1095) as received
      from generate_series(1, ${n}) as i
    )
    insert into cases (tracking_number, access_code_hash, kind, source, category, state, title, description, region_code, assigned_unit_id,
                       clock, stage, deadline_at, received_at, closed_at, updated_at, version)
    select 'BQ' || lpad(i::text, 12, '0'), 'x', 'complaint', 'web', 'sanitation', state,
      '环境卫生｜压测受理件第' || i || '件', '压测受理件：镇区主街两侧垃圾堆放多日无人清运。', '150621',
      case when state in ('submitted', 'accepted') then null else 'unit-150600' end,
      case when state = 'closed' then '{"runs":[],"current":null}'::jsonb
        else jsonb_build_object('runs', jsonb_build_array(jsonb_build_object('stage', 'accept', 'startedAt', to_char(received at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'workingDays', 10, 'extendedDays', 0, 'pauses', '[]'::jsonb, 'endedAt', null)), 'current', 0) end,
      null, null, received, case when state = 'closed' then received + interval '20 days' else null end, received, 0
    from g`));
  // Open cases: their stage, and a running deadline from 20 days overdue to 20 days ahead, set on the clock too.
  for (const [state, stage] of Object.entries(stageOf)) {
    await database.db.execute(sql.raw(`
      update cases set stage = '${stage}',
        deadline_at = timestamptz '${now}' + make_interval(days => (id * 31) % 41 - 20),
        clock = jsonb_set(clock, '{runs,0,stage}', '"${stage}"')
      where state = '${state}' and tracking_number like 'BQ%'`));
  }
  // The clock's start is set so that its 10 working days end near the deadline above (what the page shows).
  await database.db.execute(sql.raw(`update cases set clock = jsonb_set(clock, '{runs,0,startedAt}', to_jsonb(to_char((deadline_at - interval '14 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))) where deadline_at is not null and tracking_number like 'BQ%'`));
  await database.db.execute(sql.raw("analyze cases"));
}

async function time(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  for (let i = 0; i < 20; i++) await fn(); // warm: JIT, the driver, the database's caches
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
  }
  return out.sort((a, b) => a - b);
}

export async function benchQueue(opts: { sizes?: number[]; runs?: number } = {}): Promise<QueueFigures> {
  const sizes = opts.sizes ?? [1_000, 100_000];
  const runs = opts.runs ?? 100;
  const out: QueueFigures["sizes"] = [];
  let driver = "PGlite";
  for (const n of sizes) {
    const { database, dispose } = await tempDatabase();
    driver = database.kind === "postgres" ? "PostgreSQL" : "PGlite";
    try {
      await migrateDatabase(database, MIGRATIONS);
      await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
      await generate(database, n);
      const officer: StaffActor = { role: "officer", unitId: "office", userId: "bench", displayName: "压测" };
      const page = (queue: Queue) => () => listCases(database.db, officer, { queue }, NOW);
      const mine = await time(page("mine"), runs);
      const all = await time(page("all"), runs);
      const counts = await time(() => countQueues(database.db, officer, NOW, {}, queuesFor(officer)), Math.max(10, runs / 3));
      const row: QueueFigures["sizes"][number] = { cases: n, p50: percentile(mine, 50), p95: percentile(mine, 95), allP95: percentile(all, 95), countsP95: percentile(counts, 95) };
      out.push(row);
    } finally {
      await dispose();
    }
  }
  const first = out[0]!;
  const last = out.at(-1)!;
  return { driver, sizes: out, ratio: last.p95 / Math.max(first.p95, 0.001) };
}

const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

export function printQueue(f: QueueFigures): void {
  console.log(`\n办公室队列（${f.driver}，“我的待办”首页 25 件，listCases；最紧急在前）`);
  for (const s of f.sizes) {
    console.log(`  ${k(s.cases).padStart(5)} 件：p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms   （“全部”页 p95 ${s.allP95.toFixed(1)} ms；各标签计数 p95 ${s.countsP95.toFixed(1)} ms）`);
  }
  const big = f.sizes.at(-1)!;
  console.log(`  p95 比值 ${k(big.cases)}/${k(f.sizes[0]!.cases)}：${f.ratio.toFixed(2)}×  目标 ≤ 1.5×  ${f.ratio <= 1.5 ? "✓ 达标" : "✗ 未达标"}`);
}

if (isMain(import.meta.url)) printQueue(await benchQueue());
