// Reading the audit log 审计日志查询 (auditor, admin): filters by actor, action, case and Shanghai date range, newest
// first with keyset pages, the case's id for a link, and the CSV export of the same filter.
import { and, desc, eq, gte, ilike, lt } from "drizzle-orm";
import { z } from "zod";
import { auditLog, cases } from "../../db/schema.ts";
import { auditActionLabel, AUDIT_OBJECT_LABELS, detailLines } from "../domain/audit-actions.ts";
import { INT4_MAX } from "../domain/ids.ts";
import { addCalendarDays, formatShanghai, isDateString, shanghaiStartOfDay } from "../domain/time.ts";
import type { Tx } from "./db.ts";
import { csv } from "./open-data.ts";

export const AUDIT_PAGE_SIZE = 50;
/** An export is for reading, not for copying the whole log: narrow the filter beyond this. */
export const AUDIT_EXPORT_LIMIT = 20_000;

const date = z.string().refine(isDateString).optional().catch(undefined);
const text = (max: number) => z.string().trim().max(max).optional().catch(undefined).transform((v) => v || undefined);

/** The page's query string: each field falls back to "no filter" when malformed. */
export const auditFilterSchema = z.object({
  actor: text(60),
  action: z.string().trim().regex(/^[a-z0-9_.]{1,60}$/).optional().catch(undefined),
  case: text(40),
  from: date,
  to: date,
  before: z.coerce.number().int().positive().max(INT4_MAX).optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

function where(f: AuditFilter) {
  const w = [];
  if (f.actor) w.push(ilike(auditLog.actorLabel, `%${f.actor.replace(/[%_\\]/g, "")}%`));
  if (f.action) w.push(eq(auditLog.action, f.action));
  if (f.case) w.push(and(eq(auditLog.objectType, "case"), ilike(auditLog.objectId, f.case.replace(/[%_\\]/g, ""))));
  if (f.from) w.push(gte(auditLog.at, shanghaiStartOfDay(f.from)));
  if (f.to) w.push(lt(auditLog.at, shanghaiStartOfDay(addCalendarDays(f.to, 1))));
  return w;
}

async function rows(tx: Tx, f: AuditFilter, limit: number) {
  const w = where(f);
  if (f.before) w.push(lt(auditLog.id, f.before));
  return tx
    .select({ id: auditLog.id, at: auditLog.at, actorLabel: auditLog.actorLabel, action: auditLog.action, objectType: auditLog.objectType, objectId: auditLog.objectId, reason: auditLog.reason, details: auditLog.details, caseId: cases.id })
    .from(auditLog)
    .leftJoin(cases, and(eq(auditLog.objectType, "case"), eq(cases.trackingNumber, auditLog.objectId)))
    .where(and(...w))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

export type AuditRow = Awaited<ReturnType<typeof rows>>[number];

/** One page, newest first; `nextBefore` continues after its last row. */
export async function auditPage(tx: Tx, f: AuditFilter) {
  const found = await rows(tx, f, AUDIT_PAGE_SIZE + 1);
  const page = found.slice(0, AUDIT_PAGE_SIZE);
  return { rows: page, nextBefore: found.length > AUDIT_PAGE_SIZE ? page[page.length - 1]!.id : null };
}

/** The actions present in the log, for the filter's list (labels sorted as a reader looks for them). */
export async function auditActionsInUse(tx: Tx): Promise<{ action: string; label: string }[]> {
  const found = await tx.select({ action: auditLog.action }).from(auditLog).groupBy(auditLog.action);
  return found.map((r) => ({ action: r.action, label: auditActionLabel(r.action) })).sort((a, b) => a.label.localeCompare(b.label, "zh-CN"));
}

export function objectText(r: Pick<AuditRow, "objectType" | "objectId">): string {
  // The log's own rows (export, checkpoint) name the log itself, not an id.
  if (r.objectType === "audit_log") return AUDIT_OBJECT_LABELS.audit_log!;
  return `${AUDIT_OBJECT_LABELS[r.objectType] ?? r.objectType} ${r.objectId}`;
}

/** The filtered log as CSV (newest first, at most AUDIT_EXPORT_LIMIT rows): readable labels, raw codes alongside. */
export async function auditCsv(tx: Tx, f: AuditFilter): Promise<{ body: string; rows: number; truncated: boolean }> {
  const found = await rows(tx, { ...f, before: undefined }, AUDIT_EXPORT_LIMIT + 1);
  const list = found.slice(0, AUDIT_EXPORT_LIMIT);
  const body = csv(
    ["序号", "时间", "操作人", "操作", "操作代码", "对象", "理由", "详情"],
    list.map((r) => [r.id, formatShanghai(r.at), r.actorLabel, auditActionLabel(r.action), r.action, objectText(r), r.reason, detailLines(r.details).map((l) => `${l.label}: ${l.value}`).join("; ")]),
  );
  return { body, rows: list.length, truncated: found.length > AUDIT_EXPORT_LIMIT };
}

/** The filter as it is recorded in the export's audit row: only what was set. */
export function filterDetails(f: AuditFilter): Record<string, string> {
  return Object.fromEntries(Object.entries({ actor: f.actor, action: f.action, case: f.case, dateFrom: f.from, dateTo: f.to }).filter(([, v]) => v)) as Record<string, string>;
}

