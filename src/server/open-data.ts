// Open data 开放数据: CSV files in UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly.
import { stringify } from "csv-stringify/sync";
import { asc, eq, max, sql } from "drizzle-orm";
import { designations, regions } from "../../db/schema.ts";
import { DESIGNATION_STATUS_LABELS, type DesignationStatus } from "../domain/designations.ts";
import { HONOURS, type Honour } from "../domain/honours.ts";
import type { Tally } from "../domain/stats.ts";
import { listCheckpoints, publishedLine } from "./audit-checkpoints.ts";
import type { Tx } from "./db.ts";

const BOM = "\uFEFF";

export function csv(header: string[], rows: (string | number | null)[][]): string {
  return BOM + stringify([header, ...rows.map((r) => r.map((v) => v ?? ""))], { record_delimiter: "\r\n" });
}

/** Every designation, whatever its status, with the dates that matter to a reader. */
export async function registerCsv(tx: Tx): Promise<{ body: string; lastModified: Date | null }> {
  const prefecture = sql<string | null>`(select p.name from regions p where p.code = ${regions.prefectureCode})`;
  const rows = await tx
    .select({
      regionCode: designations.regionCode,
      name: regions.name,
      prefecture,
      honour: designations.honour,
      status: designations.status,
      namedOn: designations.namedOn,
      lastReviewedOn: designations.lastReviewedOn,
      nextReviewDue: designations.nextReviewDue,
      isDemo: designations.isDemo,
    })
    .from(designations)
    .innerJoin(regions, eq(regions.code, designations.regionCode))
    .orderBy(asc(regions.prefectureCode), asc(regions.code), asc(designations.honour));
  const [updated] = await tx.select({ at: max(designations.updatedAt) }).from(designations);
  const body = csv(
    ["行政区划代码", "名称", "所属盟市", "称号", "状态", "命名日期", "最近复审日期", "下次复审到期", "示例数据"],
    rows.map((r) => [r.regionCode, r.name, r.prefecture, HONOURS[r.honour as Honour]?.label ?? r.honour, DESIGNATION_STATUS_LABELS[r.status as DesignationStatus] ?? r.status, r.namedOn, r.lastReviewedOn, r.nextReviewDue, r.isDemo ? "是" : "否"]),
  );
  return { body, lastModified: updated?.at ?? null };
}

/** The public statistics: one row per league/city, then one per month. Rates are left to the reader. */
export function statsCsv(stats: { year: number; units: { name: string; tally: Tally }[]; months: { month: string; tally: Tally }[] }): string {
  const cells = (t: Tally) => [t.received, t.accepted, t.concluded, t.onTime, t.overdue, t.medianWorkingDays, t.ratings.satisfied, t.ratings.basically_satisfied, t.ratings.unsatisfied];
  return csv(
    ["范围", "名称", "收到", "受理", "作出结论", "按期", "超期", "结论用时中位数（工作日）", "满意", "基本满意", "不满意"],
    [...stats.units.map((u) => ["盟市", u.name, ...cells(u.tally)]), ...stats.months.map((m) => ["月份", m.month, ...cells(m.tally)])],
  );
}

/**
 * The audit checkpoints as published (/open-data/audit-checkpoints.txt): one signed line per day, oldest first, so
 * that a copy kept yesterday is a prefix of today's file. `npm run audit:verify -- --checkpoints <file>` checks a copy.
 */
export async function auditCheckpointsText(tx: Tx, officeName: string, siteUrl: string): Promise<string> {
  const list = await listCheckpoints(tx);
  return [
    `# 审计日志检查点 — ${officeName}`,
    "# Audit log checkpoints: the row count and head hash of the audit chain, once a day, signed with Ed25519.",
    "# Keep copies: a later file must contain every earlier line unchanged. 请自行保存副本：今后的文件须原样包含此前的每一行。",
    "# Line: checkpoint=<id> at=<UTC time> rows=<rows up to last_id> last_id=<last row's id> head=<its hash> sig=<base64 signature of the text before \" sig=\">",
    `# Public key: ${siteUrl}/open-data/audit-public-key.pem`,
    ...list.map(publishedLine),
    "",
  ].join("\n");
}
