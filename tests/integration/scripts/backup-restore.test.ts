// The README's backup and restore (deploy/backup.sh, deploy/restore.sh) proved once: a case with a photo is backed
// up, restored into a new empty database and data directory, and can be tracked there with its evidence intact.
import { loadAuditKeys } from "../../../src/server/audit-keys.ts";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { caseEvidence, cases } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { openDatabase, type Database } from "../../../src/server/db.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { trackCase } from "../../../src/server/intake/track.ts";
import { freshDatabase, postgresServerUrl, type TestDatabase } from "../../support/databases.ts";
import { emptyPostgresDatabase, type EmptyDatabase } from "../../support/postgres.ts";

const NOW = new Date("2026-11-23T04:00:00Z");

/** pg_dump refuses servers newer than itself: the embedded test server (18) may be newer than the machine's tools. */
function dumpToolsFor(serverMajor: number): string | null {
  const run = spawnSync("pg_dump", ["--version"], { encoding: "utf8" });
  if (run.error) return "pg_dump 未安装";
  const major = Number(/(\d+)(?:\.\d+)?/.exec(run.stdout)?.[1] ?? 0);
  return major >= serverMajor ? null : `pg_dump ${major} 低于数据库服务器版本 ${serverMajor}`;
}

describe.runIf(postgresServerUrl)("backup and restore of a deployment on PostgreSQL", () => {
  let source: TestDatabase;
  let target: EmptyDatabase;
  let restored: Database | undefined;
  const dirs: string[] = [];
  const temp = (p: string) => {
    const d = mkdtempSync(join(tmpdir(), p));
    dirs.push(d);
    return d;
  };
  let unavailable: string | null = null;

  beforeAll(async () => {
    source = await freshDatabase("postgres");
    const [row] = (await source.db.execute(sql`select current_setting('server_version_num')::int / 10000 as major`)) as unknown as { major: number }[];
    unavailable = dumpToolsFor(Number(row?.major ?? 0));
    if (unavailable && process.env.CI) throw new Error(`CI 需要能备份测试数据库的 pg_dump：${unavailable}`);
    target = await emptyPostgresDatabase(postgresServerUrl!, "htp_restore");
  }, 120_000);
  afterAll(async () => {
    await restored?.close();
    await source?.dispose();
    await target?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("restores a case and its photo into a new database and data directory", async (ctx) => {
    if (unavailable) {
      console.warn(`⚠ 跳过备份恢复测试：${unavailable}`);
      ctx.skip();
    }
    const dataDir = temp("htp-backup-data-");
    // What a portal on this data folder does at its first audited action: generate the audit keys into DATA_DIR/keys.
    loadAuditKeys({ dataDir });
    // A notice's attachment lives beside the evidence and goes with it.
    mkdirSync(join(dataDir, "attachments"), { recursive: true });
    writeFileSync(join(dataDir, "attachments", "rules.pdf"), "%PDF-1.4 实施办法");
    await bootstrap(source, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    const photo = new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: "#58a" } }).jpeg().toBuffer());
    const outcome = await submitReport(
      { fields: { kind: "complaint", regionCode: "150621100", category: "sanitation", description: "备份恢复测试：镇区主街两侧垃圾堆放多日无人清运。" }, files: [{ name: "街道.jpg", bytes: photo }] },
      { db: source.db, evidenceDir: join(dataDir, "evidence"), now: NOW },
    );
    if (outcome.status !== "created") throw new Error(JSON.stringify(outcome));
    const { trackingNumber, accessCode } = outcome.receipt;

    const backups = temp("htp-backups-");
    const written = execFileSync("bash", ["deploy/backup.sh", backups], { env: { ...process.env, DATABASE_URL: source.url, DATA_DIR: dataDir }, encoding: "utf8" }).trim().split("\n");
    const [dump, archive, keys] = written;
    expect(existsSync(dump!) && existsSync(archive!)).toBe(true);
    // The audit keys generated into the data folder leave in an archive of their own, to be stored apart.
    expect(keys).toMatch(/keys-\d{8}T\d{6}Z\.tar\.gz$/);

    const restoredDir = temp("htp-restored-data-");
    const env = { ...process.env, DATABASE_URL: target.url, DATA_DIR: restoredDir };
    execFileSync("bash", ["deploy/restore.sh", dump!, archive!, keys!], { env, encoding: "utf8" });
    expect(readFileSync(join(restoredDir, "keys", "audit-hmac.key"), "utf8")).toBe(readFileSync(join(dataDir, "keys", "audit-hmac.key"), "utf8"));
    expect(readFileSync(join(restoredDir, "attachments", "rules.pdf"), "utf8")).toBe("%PDF-1.4 实施办法");
    // A second restore into the now non-empty database is refused, and changes nothing.
    const again = spawnSync("bash", ["deploy/restore.sh", dump!, archive!], { env, encoding: "utf8" });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("目标数据库不是空的");

    restored = await openDatabase({ databaseUrl: target.url, dataDir: restoredDir });
    const tracked = await trackCase(restored.db, { trackingNumber, accessCode, ip: "10.9.0.1" }, NOW);
    expect(tracked.status).toBe("found");
    const [c] = await restored.db.select({ id: cases.id }).from(cases).where(eq(cases.trackingNumber, trackingNumber));
    const files = await restored.db.select().from(caseEvidence).where(eq(caseEvidence.caseId, c!.id));
    expect(files).toHaveLength(1);
    const original = readFileSync(join(dataDir, "evidence", files[0]!.storageKey));
    expect(readFileSync(join(restoredDir, "evidence", files[0]!.storageKey)).equals(original)).toBe(true);
  });
});
