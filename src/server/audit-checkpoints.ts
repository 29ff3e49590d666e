// Daily checkpoints of the audit chain 审计检查点 (issue 15; Certificate Transparency is the model): the row count
// and head hash as they stood, signed with Ed25519 and published on /open-data as an append-only list. Anyone who
// keeps a copy can later show that rows up to a checkpoint were deleted (the count or the head no longer match) or
// rewritten (the head hash differs), even by someone holding the database's superuser and the HMAC key.
import { sign, verify, type KeyObject } from "node:crypto";
import { asc, count, desc, eq, lte, sql } from "drizzle-orm";
import { auditCheckpoints, auditLog } from "../../db/schema.ts";
import { shanghaiDate } from "../domain/time.ts";
import { appendAudit, GENESIS_HASH, lockAudit, verifyAuditChain, type ChainCheck } from "./audit.ts";
import { auditKeys, type AuditKeys } from "./audit-keys.ts";
import { firstRow, type Db, type Tx } from "./db.ts";

export interface Checkpoint {
  id: number;
  at: Date;
  rowCount: number;
  lastId: number;
  headHash: string;
  signature: string;
}

/** The exact text that is signed: one line, fixed field order. */
export function checkpointLine(c: Omit<Checkpoint, "signature">): string {
  return `checkpoint=${c.id} at=${c.at.toISOString()} rows=${c.rowCount} last_id=${c.lastId} head=${c.headHash}`;
}

/** A line of the published file: the signed text, then its signature. */
export function publishedLine(c: Checkpoint): string {
  return `${checkpointLine(c)} sig=${c.signature}`;
}

const LINE = /^checkpoint=(\d+) at=(\S+) rows=(\d+) last_id=(\d+) head=(\S+) sig=(\S+)$/;

/** Parses a copy of the published file (blank lines and # comments ignored); throws naming the first bad line. */
export function parsePublished(text: string): Checkpoint[] {
  const out: Checkpoint[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const m = LINE.exec(line);
    const at = m ? new Date(m[2]!) : null;
    if (!m || !at || Number.isNaN(at.getTime())) throw new Error(`检查点文件第 ${i + 1} 行格式不对`);
    out.push({ id: Number(m[1]), at, rowCount: Number(m[3]), lastId: Number(m[4]), headHash: m[5]!, signature: m[6]! });
  });
  return out;
}

export function signCheckpoint(key: KeyObject, c: Omit<Checkpoint, "signature">): string {
  return sign(null, Buffer.from(checkpointLine(c)), key).toString("base64");
}

export function signatureValid(key: KeyObject, c: Checkpoint): boolean {
  try {
    return verify(null, Buffer.from(checkpointLine(c)), key, Buffer.from(c.signature, "base64"));
  } catch {
    return false;
  }
}

export async function listCheckpoints(tx: Tx): Promise<Checkpoint[]> {
  return tx.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id));
}

/**
 * Writes a checkpoint now: first the audit row saying so, then the head including that row. Holds the audit lock,
 * so no row slips in between the count and the head.
 */
export async function writeCheckpoint(tx: Tx, now: Date, keys: AuditKeys = auditKeys()): Promise<Checkpoint> {
  await lockAudit(tx);
  const [before] = await tx.select({ n: count() }).from(auditLog);
  await appendAudit(tx, { at: now, actorUserId: null, actorLabel: "系统（每日检查点）", action: "audit.checkpoint", objectType: "audit_log", objectId: "chain", details: { rows: (before?.n ?? 0) + 1 } });
  const [head] = await tx.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const [total] = await tx.select({ n: count() }).from(auditLog);
  // The id is part of the signed line, and a signed row can never be updated: take it from the sequence first.
  const res = await tx.execute(sql`select nextval(pg_get_serial_sequence('audit_checkpoints', 'id'))::int as id`);
  const idRow = firstRow<{ id: number }>(res)!;
  const unsigned = { id: Number(idRow.id), at: now, rowCount: total?.n ?? 0, lastId: head?.id ?? 0, headHash: head?.hash ?? GENESIS_HASH };
  const checkpoint = { ...unsigned, signature: signCheckpoint(keys.signingKey, unsigned) };
  await tx.insert(auditCheckpoints).values(checkpoint);
  return checkpoint;
}

/** One checkpoint per Shanghai day: the scheduler calls this every tick; all but the first of the day do nothing. */
export async function writeDailyCheckpoint(db: Db, now: Date, keys: AuditKeys = auditKeys()): Promise<Checkpoint | null> {
  return db.transaction(async (tx) => {
    await lockAudit(tx);
    const [last] = await tx.select({ at: auditCheckpoints.at }).from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
    if (last && shanghaiDate(last.at) >= shanghaiDate(now)) return null;
    return writeCheckpoint(tx, now, keys);
  });
}

export interface CheckpointProblem {
  id: number;
  reason: string;
}

/**
 * Checks checkpoints — the database's own, or a copy someone kept — against the log as it is now: signature, order,
 * the number of rows up to last_id, and the hash of row last_id. An empty list means every one holds.
 */
export async function checkCheckpoints(tx: Tx, list: Checkpoint[], publicKey: KeyObject): Promise<CheckpointProblem[]> {
  const problems: CheckpointProblem[] = [];
  let previous: Checkpoint | null = null;
  for (const c of [...list].sort((a, b) => a.id - b.id)) {
    const problem = (reason: string) => problems.push({ id: c.id, reason });
    if (!signatureValid(publicKey, c)) {
      problem("签名无效（检查点被伪造或篡改，或公钥不对）");
      continue;
    }
    if (previous && (c.lastId < previous.lastId || c.rowCount < previous.rowCount || c.at < previous.at)) problem(`比第 ${previous.id} 号检查点更早或记录更少（检查点顺序异常）`);
    previous = c;
    const [n] = await tx.select({ n: count() }).from(auditLog).where(lte(auditLog.id, c.lastId));
    if ((n?.n ?? 0) !== c.rowCount) problem(`截至第 ${c.lastId} 号记录应有 ${c.rowCount} 条，现有 ${n?.n ?? 0} 条（记录被删除或插入）`);
    if (c.lastId === 0) continue;
    const [row] = await tx.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, c.lastId));
    if (!row) problem(`第 ${c.lastId} 号记录已不存在（记录被删除）`);
    else if (row.hash !== c.headHash) problem(`第 ${c.lastId} 号记录的哈希与检查点不符（记录被改写）`);
  }
  return problems;
}

/** A kept copy compared with the database's list: a checkpoint missing or different there was removed or replaced. */
export function compareWithStored(copy: Checkpoint[], stored: Checkpoint[]): CheckpointProblem[] {
  const byId = new Map(stored.map((c) => [c.id, c]));
  const problems: CheckpointProblem[] = [];
  for (const c of copy) {
    const s = byId.get(c.id);
    if (!s) problems.push({ id: c.id, reason: "数据库中已没有这个检查点（检查点被删除）" });
    else if (publishedLine(s) !== publishedLine(c)) problems.push({ id: c.id, reason: "与数据库中的同号检查点不一致（检查点被替换）" });
  }
  return problems;
}

export interface AuditVerification {
  ok: boolean;
  chain: ChainCheck;
  /** How many checkpoints were checked (the database's and any copies). */
  checkpoints: number;
  problems: CheckpointProblem[];
}

/** The whole check of `npm run audit:verify` and the audit page: the keyed chain, then every checkpoint. */
export async function verifyAudit(tx: Tx, keys: AuditKeys = auditKeys(), copies: Checkpoint[] = []): Promise<AuditVerification> {
  const chain = await verifyAuditChain(tx, keys.hmacKey);
  const stored = await listCheckpoints(tx);
  const seen = new Set<string>();
  const problems = [...(await checkCheckpoints(tx, stored, keys.publicKey)), ...compareWithStored(copies, stored), ...(await checkCheckpoints(tx, copies, keys.publicKey))].filter((p) => {
    const key = `${p.id}:${p.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return { ok: chain.ok && problems.length === 0, chain, checkpoints: new Set([...stored, ...copies].map((c) => c.id)).size, problems };
}
