// Sustained report submissions against PostgreSQL: 20 concurrent clients POST /api/reports for a fixed time, then
// every acknowledged tracking number is looked up in the database. Prints figures; not a test.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node scripts/bench-intake.ts [seconds] [clients]
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { startPortal } from "../tests/support/portal-server.ts";
import { emptyPostgresDatabase } from "../tests/support/postgres.ts";

export interface IntakeFigures {
  seconds: number;
  clients: number;
  acknowledged: number;
  perSecond: number;
  p50: number;
  p95: number;
  failed: number;
  missing: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchIntake(serverUrl: string, seconds = 15, clients = 20): Promise<IntakeFigures> {
  const empty = await emptyPostgresDatabase(serverUrl, "htp_bench");
  const portal = await startPortal({ DATABASE_URL: empty.url, REPORT_HOURLY_LIMIT: "100000", LOG_LEVEL: "warn" });
  const acknowledged: string[] = [];
  const latencies: number[] = [];
  let failed = 0;
  try {
    const until = Date.now() + seconds * 1000;
    let n = 0;
    const client = async (id: number) => {
      while (Date.now() < until) {
        const body = new FormData();
        body.set("kind", "complaint");
        body.set("regionCode", "150621");
        body.set("category", "sanitation");
        body.set("description", `压力测试第 ${id}-${n++} 件：镇区主街两侧垃圾堆放多日无人清运。${randomBytes(6).toString("hex")}`);
        const started = performance.now();
        try {
          const res = await fetch(`${portal.url}/api/reports`, {
            method: "POST",
            body,
            headers: { Origin: portal.url, "Idempotency-Key": randomBytes(16).toString("hex") },
          });
          const out = (await res.json()) as { status: string; receipt?: { trackingNumber: string } };
          if (res.status === 201 && out.receipt) {
            acknowledged.push(out.receipt.trackingNumber);
            latencies.push(performance.now() - started);
          } else failed += 1;
        } catch {
          failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  } finally {
    await portal.stop();
  }
  const db = postgres(empty.url, { onnotice: () => {}, max: 1 });
  const rows = await db<{ tracking_number: string }[]>`select tracking_number from cases where tracking_number = any(${acknowledged})`;
  await db.end();
  await empty.drop();
  const stored = new Set(rows.map((r) => r.tracking_number));
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    clients,
    acknowledged: acknowledged.length,
    perSecond: acknowledged.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    failed,
    missing: acknowledged.filter((n) => !stored.has(n)).length,
  };
}

export function printIntake(f: IntakeFigures): void {
  console.log(`\n提交压测 (PostgreSQL, ${f.clients} 个并发客户端, ${f.seconds} s)`);
  console.log(`  已确认提交   ${f.acknowledged}  (${f.perSecond.toFixed(1)} 件/s)`);
  console.log(`  延迟 p50/p95 ${f.p50.toFixed(0)} ms / ${f.p95.toFixed(0)} ms`);
  console.log(`  失败         ${f.failed}`);
  console.log(`  已确认但缺失 ${f.missing}  (必须为 0)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error("需要 DATABASE_URL（PostgreSQL 服务器），例如 postgres://postgres@127.0.0.1:5432/postgres");
    process.exit(2);
  }
  const figures = await benchIntake(serverUrl, Number(process.argv[2] ?? 15), Number(process.argv[3] ?? 20));
  printIntake(figures);
  if (figures.missing > 0) process.exit(1);
}
