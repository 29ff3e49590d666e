// Rectification publicity 整改公示 for the public: problems, places, dates, status and the accepted report — never
// who reported them.
import { and, asc, desc, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import { rectifications, regions, units } from "../../db/schema.ts";
import type { Tx } from "./db.ts";

export const RECTIFICATION_STATUSES = ["ordered", "in_progress", "done", "overdue"] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = { ordered: "已责令整改", in_progress: "整改中", done: "整改完成（已验收）", overdue: "逾期未完成" };

export async function publicRectifications(tx: Tx, f: { prefecture?: string | undefined; status?: RectificationStatus | undefined; regionCode?: string | undefined }) {
  const where: SQL[] = [isNotNull(rectifications.publishedAt)];
  if (f.prefecture) where.push(eq(regions.prefectureCode, f.prefecture));
  if (f.status) where.push(eq(rectifications.status, f.status));
  if (f.regionCode) where.push(eq(rectifications.regionCode, f.regionCode));
  const prefecture = sql<string | null>`(select p.name from regions p where p.code = ${regions.prefectureCode})`;
  const rows = await tx
    .select({
      id: rectifications.id,
      regionCode: rectifications.regionCode,
      name: regions.name,
      prefectureName: prefecture,
      problem: rectifications.problem,
      category: rectifications.category,
      foundOn: rectifications.foundOn,
      dueOn: rectifications.dueOn,
      doneOn: rectifications.doneOn,
      status: rectifications.status,
      report: rectifications.report,
      unitName: units.name,
      publishedAt: rectifications.publishedAt,
      isDemo: rectifications.isDemo,
    })
    .from(rectifications)
    .innerJoin(regions, eq(regions.code, rectifications.regionCode))
    .leftJoin(units, eq(units.id, rectifications.unitId))
    .where(and(...where))
    .orderBy(desc(rectifications.publishedAt), asc(rectifications.id))
    .limit(500);
  // The unit's report is public only once accepted.
  return rows.map((r) => ({ ...r, report: r.status === "done" ? r.report : null }));
}
