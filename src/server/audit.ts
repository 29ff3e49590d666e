// Audit log 审计日志: append-only, each row chained to the previous one by SHA-256 (DESIGN.md §5). Appends take a
// transaction-scoped advisory lock so that two writers can never chain to the same predecessor.
import { createHash } from "node:crypto";
import { and, asc, desc, gt, ilike, lt, or, sql } from "drizzle-orm";
import { auditLog } from "../../db/schema.ts";
import type { Db, Tx } from "./db.ts";

export const GENESIS_HASH = "0".repeat(64);
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

/** JSON with object keys sorted at every level: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function rowHash(prevHash: string, e: Required<Omit<AuditEntry, "at">> & { at: Date }): string {
  const body = canonicalJson({
    at: e.at.toISOString(),
    actorUserId: e.actorUserId,
    actorLabel: e.actorLabel,
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    reason: e.reason,
    details: e.details,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

/** Appends one row. Call inside the transaction of the change it records, so both commit or neither. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
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
  await tx.insert(auditLog).values({ ...full, prevHash, hash: rowHash(prevHash, full) });
}

/** Outside a transaction: wraps the append in its own, which the advisory lock needs. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db.transaction((tx) => appendAudit(tx, entry));
}

export type ChainCheck = { ok: true; rows: number } | { ok: false; rows: number; brokenId: number; reason: string };

export async function verifyAuditChain(tx: Tx, batch = 1000): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let rows = 0;
  for (;;) {
    const page = await tx.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(batch);
    if (page.length === 0) return { ok: true, rows };
    for (const r of page) {
      rows += 1;
      if (r.prevHash !== prevHash) return { ok: false, rows, brokenId: r.id, reason: "与前一条记录的哈希不衔接（有记录被删除或插入）" };
      const expected = rowHash(prevHash, { ...r, details: r.details ?? {} });
      if (r.hash !== expected) return { ok: false, rows, brokenId: r.id, reason: "记录内容与其哈希不符（记录被修改）" };
      prevHash = r.hash;
      afterId = r.id;
    }
  }
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, keyset by id; an optional filter on action or object id. */
export async function auditPage(tx: Tx, query: { before?: number | undefined; q?: string | undefined }) {
  const where = [];
  if (query.before) where.push(lt(auditLog.id, query.before));
  if (query.q) {
    const like = `%${query.q.replace(/[%_\\]/g, "")}%`;
    where.push(or(ilike(auditLog.action, like), ilike(auditLog.objectId, like), ilike(auditLog.actorLabel, like)));
  }
  const rows = await tx.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(AUDIT_PAGE_SIZE + 1);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), nextBefore: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1]!.id : null };
}
