// Audit log 审计日志: append-only, each row chained to the previous one (DESIGN.md §5, issue 15). The database refuses
// UPDATE, DELETE and TRUNCATE (migration 0011); the chain is keyed — each hash is an HMAC-SHA-256 under a key kept
// outside the database (src/server/audit-keys.ts) — so that someone who can write the database cannot recompute it;
// and the head is checkpointed daily, signed and published (src/server/audit-checkpoints.ts), so that cutting the
// tail is seen by anyone who kept a copy. Appends take a transaction-scoped advisory lock so that two writers can
// never chain to the same predecessor.
//
// Cut-over: rows written before the key existed carry a bare SHA-256 hex hash; keyed rows carry "k1:" + HMAC. The
// first keyed row's prev_hash is the last unkeyed hash, and once a keyed row has appeared an unkeyed one after it
// is a rewrite (someone recomputed the tail with the published algorithm).
import { createHash, createHmac } from "node:crypto";
import { asc, desc, gt, sql } from "drizzle-orm";
import { auditLog } from "../../db/schema.ts";
import { auditKeys } from "./audit-keys.ts";
import type { Db, Tx } from "./db.ts";

export const GENESIS_HASH = "0".repeat(64);
export const KEYED_PREFIX = "k1:";
const AUDIT_LOCK = 7_240_601; // any constant shared by all writers

export interface AuditEntry {
  at: Date;
  actorUserId?: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string;
  reason?: string | null;
  details?: Record<string, unknown>;
}

type HashedFields = Required<Omit<AuditEntry, "at">> & { at: Date };

/** JSON with object keys sorted at every level: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

function rowBody(e: HashedFields): string {
  return canonicalJson({
    at: e.at.toISOString(),
    actorUserId: e.actorUserId,
    actorLabel: e.actorLabel,
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    reason: e.reason,
    details: e.details,
  });
}

/** The unkeyed algorithm of rows written before the key existed (published: anyone can recompute it). */
export function rowHash(prevHash: string, e: HashedFields): string {
  return createHash("sha256").update(prevHash).update("\n").update(rowBody(e)).digest("hex");
}

/** The keyed algorithm: HMAC-SHA-256 over the same text, marked so that verification knows which to apply. */
export function keyedRowHash(key: Buffer, prevHash: string, e: HashedFields): string {
  return KEYED_PREFIX + createHmac("sha256", key).update(prevHash).update("\n").update(rowBody(e)).digest("hex");
}

export async function lockAudit(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
}

/** Appends one row. Call inside the transaction of the change it records, so both commit or neither. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await lockAudit(tx);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const full = {
    at: entry.at,
    actorUserId: entry.actorUserId ?? null,
    actorLabel: entry.actorLabel,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    reason: entry.reason ?? null,
    details: entry.details ?? {},
  };
  await tx.insert(auditLog).values({ ...full, prevHash, hash: keyedRowHash(auditKeys().hmacKey, prevHash, full) });
}

/** Outside a transaction: wraps the append in its own, which the advisory lock needs. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db.transaction((tx) => appendAudit(tx, entry));
}

export type ChainCheck =
  | { ok: true; rows: number; headId: number; headHash: string; keyedFrom: number | null }
  | { ok: false; rows: number; brokenId: number; reason: string };

export async function verifyAuditChain(tx: Tx, hmacKey: Buffer = auditKeys().hmacKey, batch = 1000): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let rows = 0;
  let keyedFrom: number | null = null;
  for (;;) {
    const page = await tx.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(batch);
    if (page.length === 0) return { ok: true, rows, headId: afterId, headHash: prevHash, keyedFrom };
    for (const r of page) {
      rows += 1;
      const broken = (reason: string): ChainCheck => ({ ok: false, rows, brokenId: r.id, reason });
      if (r.prevHash !== prevHash) return broken("与前一条记录的哈希不衔接（有记录被删除或插入）");
      const fields = { ...r, details: r.details ?? {} };
      if (r.hash.startsWith(KEYED_PREFIX)) {
        if (r.hash !== keyedRowHash(hmacKey, prevHash, fields)) return broken("记录内容与其带密钥的哈希不符（记录被修改，或校验用的密钥不对）");
        keyedFrom ??= r.id;
      } else {
        if (keyedFrom !== null) return broken("带密钥的记录之后出现了不带密钥的哈希（记录被改写后重算了哈希链）");
        if (r.hash !== rowHash(prevHash, fields)) return broken("记录内容与其哈希不符（记录被修改）");
      }
      prevHash = r.hash;
      afterId = r.id;
    }
  }
}
