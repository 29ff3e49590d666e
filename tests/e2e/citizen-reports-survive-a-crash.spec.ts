// The portal is killed with -9 in the middle of a burst of reports (20 clients, each with a photo). After a restart on
// the same database and data folder, every report that was acknowledged (201/200) is in the database with its
// evidence file on disk, and every one that was not, sent again with its Idempotency-Key, is stored exactly once —
// the claim the dead process left behind is taken over after two minutes instead of answering 409 forever.
import { mkdtempSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import sharp from "sharp";
import { expect, test } from "@playwright/test";
import { startPortal, type PortalServer } from "../support/portal-server.ts";
import { emptyPostgresDatabase, type EmptyDatabase } from "../support/postgres.ts";
import { postgresServerUrl, postgresSkipReason } from "../support/postgres-server.ts";

const serverUrl = postgresServerUrl();
let empty: EmptyDatabase | undefined;
let first: PortalServer | undefined;
let second: PortalServer | undefined;
let dataDir: string | undefined;

test.beforeAll(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one server is enough");
  test.skip(!serverUrl, postgresSkipReason());
});

test.afterAll(async () => {
  await second?.stop();
  await first?.stop();
  await empty?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Attempt {
  key: string;
  description: string;
  status: number | null;
}

async function send(url: string, a: Attempt, png: Buffer): Promise<number | null> {
  const body = new FormData();
  body.set("kind", "complaint");
  body.set("regionCode", "150621");
  body.set("category", "sanitation");
  body.set("description", a.description);
  body.set("idempotencyKey", a.key);
  body.append("evidence", new Blob([new Uint8Array(png)], { type: "image/png" }), "现场.png");
  try {
    const res = await fetch(`${url}/api/reports`, { method: "POST", body, headers: { Origin: url, "Idempotency-Key": a.key }, signal: AbortSignal.timeout(20_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null; // connection reset by the kill: no answer
  }
}

test("reports acknowledged before a kill -9 are all stored with their files, and the others are stored once on retry", async () => {
  test.setTimeout(420_000);
  empty = await emptyPostgresDatabase(serverUrl!, "htp_crash");
  dataDir = mkdtempSync(join(tmpdir(), "htp-crash-"));
  const env = { DATABASE_URL: empty.url, SEARCH: "off", REPORT_HOURLY_LIMIT: "100000" };
  first = await startPortal(env, { dataDir });
  const png = await sharp({ create: { width: 16, height: 12, channels: 3, background: "#396" } }).png().toBuffer();

  const attempts: Attempt[] = [];
  let stopping = false;
  let n = 0;
  const client = async (c: number) => {
    while (!stopping) {
      const a: Attempt = { key: crypto.randomUUID(), description: `崩溃测试 ${c}-${++n}：镇区主街垃圾堆放多日无人清运，气味很大。${Date.now()}`, status: null };
      attempts.push(a);
      a.status = await send(first!.url, a, png);
      if (a.status === null) return;
    }
  };
  const clients = Array.from({ length: 20 }, (_, c) => client(c));
  await new Promise((r) => setTimeout(r, 2500));
  process.kill(first.pid, "SIGKILL");
  stopping = true;
  await Promise.all(clients);

  const acknowledged = attempts.filter((a) => a.status === 201 || a.status === 200);
  const unanswered = attempts.filter((a) => a.status === null);
  expect(acknowledged.length, "reports acknowledged before the kill").toBeGreaterThan(10);
  expect(unanswered.length, "reports cut off by the kill").toBeGreaterThan(0);
  expect(attempts.filter((a) => a.status !== null && a.status !== 201 && a.status !== 200), "no other answers").toEqual([]);

  second = await startPortal(env, { dataDir });
  const sql = postgres(empty.url, { max: 2, onnotice: () => {} });
  try {
    const stored = async (a: Attempt) =>
      sql<{ storage_key: string }[]>`select e.storage_key from cases c join case_evidence e on e.case_id = c.id where c.description = ${a.description}`;
    for (const a of acknowledged) {
      const rows = await stored(a);
      expect(rows, `acknowledged report ${a.key}`).toHaveLength(1);
      expect(existsSync(join(dataDir, "evidence", rows[0]!.storage_key)), `evidence of ${a.key}`).toBe(true);
    }
    // Each cut-off report is sent again with its key until it is answered (a claim left running by the dead
    // process is 409 until it is two minutes old, then taken over).
    await Promise.all(
      unanswered.map(async (a) => {
        for (;;) {
          const status = await send(second!.url, a, png);
          if (status === 201 || status === 200) return;
          expect([409, null]).toContain(status);
          await new Promise((r) => setTimeout(r, 5000));
        }
      }),
    );
    for (const a of unanswered) {
      const rows = await stored(a);
      expect(rows, `retried report ${a.key}`).toHaveLength(1);
      expect(existsSync(join(dataDir, "evidence", rows[0]!.storage_key))).toBe(true);
    }
    const running = await sql<{ n: number }[]>`select count(*)::int as n from submission_keys where status = 'running'`;
    expect(running[0]!.n).toBe(0);
  } finally {
    await sql.end();
  }
});
