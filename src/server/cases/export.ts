// Export 导出 of what the queue shows: every case of the current queue and filter (not only the page on screen), as
// CSV or XLSX, in the queue's order. The submitter is masked exactly as on screen — staff see 张*, 138****1234; a
// revealed identity is shown once, on its case page, never in a file — and every export is audited with its filter.
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { cases, units } from "../../../db/schema.ts";
import { CASE_STATE_LABELS } from "../../domain/cases.ts";
import { clockState, describeClock } from "../../domain/clock.ts";
import { CATEGORY_LABELS, KIND_LABELS, type Category } from "../../domain/routing.ts";
import { formatShanghai } from "../../domain/time.ts";
import { appendAudit } from "../audit.ts";
import { workingCalendar } from "../calendar.ts";
import type { Db } from "../db.ts";
import { actorLabel, type StaffActor } from "./actions.ts";
import { readClock } from "./clock-store.ts";
import { maskedSubmitter } from "./identity.ts";
import { encodeCursor } from "./queue-cursor.ts";
import { afterCursor, queueWhere, URGENCY_ORDER, type QueueQuery } from "./queues.ts";
import { filterQuery } from "./saved-filters.ts";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** A file larger than this is not a desk export; narrow the filter. */
export const MAX_EXPORT_ROWS = 20_000;

export const EXPORT_HEADER = ["查询编号", "标题", "类型", "类别", "状态", "承办单位", "收到时间", "当前期限", "剩余工作日", "反映人", "联系电话", "电子邮箱", "同意联系"];

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe. */
export const neutralise = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export async function exportRows(db: Db, actor: StaffActor, query: QueueQuery, now: Date): Promise<string[][]> {
  const cal = await workingCalendar(db);
  const where = await queueWhere(db, actor, query, now, cal);
  const out: string[][] = [];
  // Keyset batches in the queue's order, so a large export never holds one huge result or skips a row.
  let cursor: string | undefined;
  while (out.length < MAX_EXPORT_ROWS) {
    const batch = await db
      .select({ c: cases, unitName: units.name })
      .from(cases)
      .leftJoin(units, eq(units.id, cases.assignedUnitId))
      .where(and(where, afterCursor(cursor)))
      .orderBy(...URGENCY_ORDER)
      .limit(Math.min(500, MAX_EXPORT_ROWS - out.length));
    for (const { c, unitName } of batch) {
      const clock = clockState(readClock(c.clock), now, cal);
      const who = maskedSubmitter(c);
      out.push([
        c.trackingNumber,
        c.title,
        KIND_LABELS[c.kind],
        CATEGORY_LABELS[c.category as Category] ?? c.category,
        CASE_STATE_LABELS[c.state as keyof typeof CASE_STATE_LABELS] ?? c.state,
        unitName ?? "未交办",
        formatShanghai(c.receivedAt),
        describeClock(clock),
        workingDaysLeftText(clock.status, clock.workingDaysLeft),
        who.anonymous ? "匿名" : (who.name ?? ""),
        who.phone ?? "",
        who.email ?? "",
        who.consentContact ? "是" : "否",
      ].map(neutralise));
    }
    const last = batch.at(-1);
    if (!last || batch.length < 500) break;
    cursor = encodeCursor(last.c);
  }
  return out;
}

/** The 剩余工作日 cell: a number of working days, negative when overdue; paused and stopped clocks say so. */
export function workingDaysLeftText(status: string, left: number | null): string {
  if (status === "none" || left === null) return "—";
  return status === "paused" ? `${left}（暂停）` : String(left);
}

export async function exportQueue(db: Db, actor: StaffActor, query: QueueQuery, format: ExportFormat, now: Date): Promise<{ body: ArrayBuffer; rows: number; contentType: string; filename: string }> {
  const rows = await exportRows(db, actor, query, now);
  const filter = filterQuery({ queue: query.queue, unitId: query.unitId, state: query.state, kind: query.kind, q: query.q });
  await db.transaction((tx) =>
    appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: actorLabel(actor), action: "cases.export", objectType: "cases", objectId: query.queue, details: { format, filter, rows: rows.length } }),
  );
  const stamp = formatShanghai(now, false).replace(/[年月]/g, "-").replace("日", "");
  const filename = `受理件-${stamp}.${format}`;
  if (format === "csv") {
    const text = "\uFEFF" + stringify([EXPORT_HEADER, ...rows], { record_delimiter: "\r\n" });
    return { body: new TextEncoder().encode(text).buffer, rows: rows.length, contentType: "text/csv; charset=utf-8", filename };
  }
  const book = new ExcelJS.Workbook();
  book.created = now;
  const sheet = book.addWorksheet("受理件");
  sheet.addRow(EXPORT_HEADER).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  sheet.columns.forEach((col, i) => (col.width = [16, 40, 8, 12, 12, 20, 18, 40, 10, 10, 14, 24, 8][i] ?? 12));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const body = new Uint8Array(await book.xlsx.writeBuffer()).slice().buffer;
  return { body, rows: rows.length, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename };
}
