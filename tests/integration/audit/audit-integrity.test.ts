// The audit log cannot be rewritten unseen (issue 15), on PGlite and PostgreSQL: the database refuses UPDATE, DELETE
// and TRUNCATE; someone who goes around that (trigger disabled, as a superuser could) and cuts the tail or rewrites
// a row with a recomputed chain is caught by the keyed chain or by the signed checkpoints, also from a kept copy.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditCheckpoints, auditLog } from "../../../db/schema.ts";
import { appendAudit, audit, GENESIS_HASH, rowHash, verifyAuditChain } from "../../../src/server/audit.ts";
import { listCheckpoints, parsePublished, publishedLine, verifyAudit, writeCheckpoint, writeDailyCheckpoint } from "../../../src/server/audit-checkpoints.ts";
import { loadAuditKeys, useAuditKeys, type AuditKeys } from "../../../src/server/audit-keys.ts";
import type { Tx } from "../../../src/server/db.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const T0 = new Date("2026-11-23T02:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const ROOT = new URL("../../..", import.meta.url).pathname;

const signingPem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
const hmacKey = "test-audit-hmac-key-0123456789abcdef";
const keys: AuditKeys = loadAuditKeys({ hmacKey, signingKey: signingPem, dataDir: tmpdir() });

/** What someone with the superuser's rights can do: switch the append-only trigger off for a moment. */
async function asSuperuser(tx: Tx, fn: () => Promise<unknown>) {
  await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
  await tx.execute(sql`alter table audit_checkpoints disable trigger audit_checkpoints_append_only`);
  try {
    await fn();
  } finally {
    await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
    await tx.execute(sql`alter table audit_checkpoints enable trigger audit_checkpoints_append_only`);
  }
}

/** Rewrites rows from `fromId` on with the published, unkeyed algorithm, chaining them as if nothing happened. */
async function rewriteUnkeyed(tx: Tx, fromId: number, change: (r: typeof auditLog.$inferSelect) => Partial<typeof auditLog.$inferSelect>) {
  const all = await tx.select().from(auditLog).orderBy(asc(auditLog.id));
  let prev = GENESIS_HASH;
  for (const r of all) {
    if (r.id >= fromId) {
      const next = { ...r, ...(r.id === fromId ? change(r) : {}), prevHash: prev };
      const hash = rowHash(prev, { ...next, details: next.details ?? {} });
      await tx.update(auditLog).set({ details: next.details, reason: next.reason, prevHash: prev, hash }).where(eq(auditLog.id, r.id));
      prev = hash;
    } else prev = r.hash;
  }
}

async function fill(db: TestDatabase["db"], n: number, from = 0) {
  for (let i = 0; i < n; i++) await audit(db, { at: at(from + i), actorUserId: "u-officer", actorLabel: "工作人员（自治区爱卫办工作人员）", action: "case.accept", objectType: "case", objectId: `HT-${from + i}`, details: { n: from + i } });
}

describe.each(DRIVERS)("audit log integrity on %s", (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    useAuditKeys(keys);
    database = await freshDatabase(driver);
  });
  afterAll(async () => {
    useAuditKeys(null);
    await database?.dispose();
  });

  it("refuses UPDATE, DELETE and TRUNCATE of audit rows and checkpoints", async () => {
    const db = database.db;
    await fill(db, 3);
    await db.transaction((tx) => writeCheckpoint(tx, at(5), keys));
    const [first] = await db.select().from(auditLog).orderBy(asc(auditLog.id)).limit(1);
    // drizzle wraps the database's error; the refusal is in its cause.
    const refusal = async (p: PromiseLike<unknown>) => {
      const err = (await Promise.resolve(p).then(() => null, (e: Error) => e)) as (Error & { cause?: Error }) | null;
      return err ? `${err.message} ${err.cause?.message ?? ""}` : "accepted";
    };
    const REFUSED = /is append-only: (UPDATE|DELETE|TRUNCATE) refused/;
    expect(await refusal(db.update(auditLog).set({ reason: "改了" }).where(eq(auditLog.id, first!.id)))).toMatch(REFUSED);
    expect(await refusal(db.delete(auditLog).where(eq(auditLog.id, first!.id)))).toMatch(REFUSED);
    expect(await refusal(db.execute(sql`truncate audit_log`))).toMatch(REFUSED);
    expect(await refusal(db.update(auditCheckpoints).set({ rowCount: 1 }))).toMatch(REFUSED);
    expect(await refusal(db.delete(auditCheckpoints))).toMatch(REFUSED);
    expect(await refusal(db.execute(sql`truncate audit_checkpoints`))).toMatch(REFUSED);
    expect(await db.select().from(auditLog)).toHaveLength(4);
    expect(await verifyAudit(db, keys)).toMatchObject({ ok: true, checkpoints: 1, problems: [] });
  });

  it("catches the last three rows deleted behind the trigger's back, from the database's checkpoint and from a kept copy", async () => {
    const db = database.db;
    await fill(db, 6, 10);
    const cp = await db.transaction((tx) => writeCheckpoint(tx, at(20), keys));
    const copy = (await listCheckpoints(db)).map(publishedLine).join("\n");
    expect(await verifyAudit(db, keys)).toMatchObject({ ok: true });
    await asSuperuser(db, () => db.delete(auditLog).where(gt(auditLog.id, cp.lastId - 3)));
    // The chain that is left is consistent: only the checkpoint sees the cut.
    expect((await verifyAuditChain(db, keys.hmacKey)).ok).toBe(true);
    const after = await verifyAudit(db, keys);
    expect(after.ok).toBe(false);
    expect(after.problems).toContainEqual({ id: cp.id, reason: expect.stringContaining(`应有 ${cp.rowCount} 条，现有 ${cp.rowCount - 3} 条`) });
    // The attacker also removes the checkpoint: the copy an outsider kept still names it.
    await asSuperuser(db, () => db.delete(auditCheckpoints).where(eq(auditCheckpoints.id, cp.id)));
    const fromCopy = await verifyAudit(db, keys, parsePublished(copy));
    expect(fromCopy.ok).toBe(false);
    expect(fromCopy.problems.map((p) => p.reason)).toEqual(expect.arrayContaining([expect.stringContaining("检查点被删除"), expect.stringContaining("记录被删除")]));
  });
});

describe.each(DRIVERS)("rewriting the audit log on %s", (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    useAuditKeys(keys);
    database = await freshDatabase(driver);
  });
  afterAll(async () => {
    useAuditKeys(null);
    await database?.dispose();
  });

  it("catches a row rewritten with the chain recomputed by the unkeyed algorithm", async () => {
    const db = database.db;
    await fill(db, 8);
    const cp = await db.transaction((tx) => writeCheckpoint(tx, at(10), keys));
    const rows = await db.select().from(auditLog).orderBy(asc(auditLog.id));
    const victim = rows[4]!;
    // From the victim on: the keyed rows before it and the unkeyed ones after it give the rewrite away.
    await asSuperuser(db, () => rewriteUnkeyed(db, victim.id, () => ({ reason: "补录" })));
    const partial = await verifyAudit(db, keys);
    expect(partial.chain).toMatchObject({ ok: false, brokenId: victim.id, reason: expect.stringContaining("改写") });
    expect(partial.problems).toContainEqual({ id: cp.id, reason: expect.stringContaining("记录被改写") });
    // From the first row on: a chain consistent in itself, but no longer the one the checkpoint signed.
    await asSuperuser(db, () => rewriteUnkeyed(db, rows[0]!.id, (r) => ({ details: { ...r.details, n: 99 } })));
    const whole = await verifyAudit(db, keys);
    expect(whole.chain.ok).toBe(true);
    expect(whole.ok).toBe(false);
    expect(whole.problems).toEqual([{ id: cp.id, reason: expect.stringContaining(`第 ${cp.lastId} 号记录的哈希与检查点不符`) }]);
  });

  it("catches a row changed in place, a forged checkpoint, and a wrong key", async () => {
    const db = database.db;
    const stranger = loadAuditKeys({ hmacKey: "another-key-another-key-another-key", signingKey: generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString(), dataDir: tmpdir() });
    const other = await freshDatabase(driver);
    try {
      await fill(other.db, 4);
      expect(await verifyAuditChain(other.db, stranger.hmacKey)).toMatchObject({ ok: false, reason: expect.stringContaining("密钥") });
      const rows = await other.db.select().from(auditLog).orderBy(asc(auditLog.id));
      await asSuperuser(other.db, () => other.db.update(auditLog).set({ details: { n: 7 } }).where(eq(auditLog.id, rows[1]!.id)));
      expect(await verifyAuditChain(other.db, keys.hmacKey)).toMatchObject({ ok: false, brokenId: rows[1]!.id, reason: expect.stringContaining("被修改") });
    } finally {
      await other.dispose();
    }
    const [cp] = await listCheckpoints(db);
    const forged = parsePublished(publishedLine({ ...cp!, rowCount: cp!.rowCount + 1 }));
    expect((await verifyAudit(db, keys, forged)).problems).toContainEqual({ id: cp!.id, reason: expect.stringContaining("签名无效") });
    // A checkpoint signed by someone else's key is no checkpoint of this office.
    expect((await verifyAudit(db, { ...keys, publicKey: stranger.publicKey })).problems).toContainEqual({ id: cp!.id, reason: expect.stringContaining("签名无效") });
  });
});

describe.each(DRIVERS)("keys, cut-over and daily checkpoints on %s", (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    useAuditKeys(keys);
    database = await freshDatabase(driver);
  });
  afterAll(async () => {
    useAuditKeys(null);
    await database?.dispose();
  });

  it("keeps verifying rows written before the key existed, and chains the first keyed row to the last unkeyed one", async () => {
    const db = database.db;
    let prev = GENESIS_HASH;
    for (let i = 0; i < 3; i++) {
      const row = { at: at(i), actorUserId: null, actorLabel: "旧系统", action: "login", objectType: "staff_user", objectId: `u${i}`, reason: null, details: { ip: "10.0.0.1" } };
      const hash = rowHash(prev, row);
      await db.insert(auditLog).values({ ...row, prevHash: prev, hash });
      prev = hash;
    }
    await db.transaction((tx) => appendAudit(tx, { at: at(5), actorLabel: "工作人员", action: "case.accept", objectType: "case", objectId: "HT-1" }));
    const rows = await db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(rows[3]!.prevHash).toBe(prev);
    expect(rows[3]!.hash).toMatch(/^k1:[0-9a-f]{64}$/);
    expect(await verifyAuditChain(db, keys.hmacKey)).toMatchObject({ ok: true, rows: 4, keyedFrom: rows[3]!.id });
  });

  it("writes one checkpoint per Shanghai day, signed, and audits it", async () => {
    const db = database.db;
    const day1 = new Date("2026-11-24T16:30:00Z"); // 25 Nov 00:30 in Shanghai
    expect(await writeDailyCheckpoint(db, day1, keys)).not.toBeNull();
    expect(await writeDailyCheckpoint(db, new Date("2026-11-25T15:59:00Z"), keys)).toBeNull();
    const next = await writeDailyCheckpoint(db, new Date("2026-11-25T16:01:00Z"), keys);
    expect(next).toMatchObject({ rowCount: 6 });
    const checkpoints = await listCheckpoints(db);
    expect(checkpoints).toHaveLength(2);
    const last = await db.select().from(auditLog).where(eq(auditLog.id, next!.lastId));
    expect(last[0]).toMatchObject({ action: "audit.checkpoint", hash: next!.headHash });
    expect(await verifyAudit(db, keys)).toMatchObject({ ok: true, checkpoints: 2 });
    // Two instances claiming the same new day at once: one checkpoint.
    const day3 = new Date("2026-11-26T16:01:00Z");
    const both = await Promise.all([writeDailyCheckpoint(db, day3, keys), writeDailyCheckpoint(db, day3, keys)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await listCheckpoints(db)).toHaveLength(3);
  });

  it("generates the keys once into the data folder and finds them again", () => {
    const dir = mkdtempSync(join(tmpdir(), "htp-keys-"));
    try {
      const a = loadAuditKeys({ dataDir: dir });
      const b = loadAuditKeys({ dataDir: dir });
      expect(a.hmacKey.equals(b.hmacKey)).toBe(true);
      expect(a.hmacKey.length).toBeGreaterThanOrEqual(32);
      expect(a.publicKey.export({ format: "pem", type: "spki" })).toEqual(b.publicKey.export({ format: "pem", type: "spki" }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(DRIVERS.includes("postgres"))("npm run audit:verify", () => {
  let database: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), "htp-audit-verify-"));

  beforeAll(async () => {
    useAuditKeys(keys);
    database = await freshDatabase("postgres");
  });
  afterAll(async () => {
    useAuditKeys(null);
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["scripts/audit-verify.ts", ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH, DATABASE_URL: database.url, DATA_DIR: dir, AUDIT_HMAC_KEY: hmacKey, AUDIT_SIGNING_KEY: signingPem.replace(/\n/g, "\\n"), SEARCH: "off" },
    });

  it("passes an intact log and names the checkpoint a cut tail breaks, exiting 1", async () => {
    const db = database.db;
    await fill(db, 5);
    const cp = await db.transaction((tx) => writeCheckpoint(tx, at(10), keys));
    const copyFile = join(dir, "audit-checkpoints.txt");
    writeFileSync(copyFile, (await listCheckpoints(db)).map(publishedLine).join("\n"));
    const ok = run("--checkpoints", copyFile);
    expect(ok.stdout).toContain("哈希链完整");
    expect(ok.status).toBe(0);
    await asSuperuser(db, async () => {
      await db.delete(auditLog).where(gt(auditLog.id, cp.lastId - 3));
      await db.delete(auditCheckpoints);
    });
    const bad = run("--checkpoints", copyFile);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`第 ${cp.id} 号检查点`);
    expect(bad.stderr).toContain("检查点被删除");
  });
});
