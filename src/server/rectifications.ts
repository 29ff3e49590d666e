// Rectification publicity 整改公示 for the public: problems, places, dates, status and the accepted report — never
// who reported them.
import { and, asc, desc, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import { cases, rectifications, regions, units } from "../../db/schema.ts";
import { fixedDueDate, stageOutcome } from "../domain/clock.ts";
import { workingCalendar } from "./calendar.ts";
import { readClock } from "./cases/clock-store.ts";
import { prepared, type Tx } from "./db.ts";

export const RECTIFICATION_STATUSES = ["ordered", "in_progress", "done", "overdue"] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = { ordered: "已责令整改", in_progress: "整改中", done: "整改完成（已验收）", overdue: "逾期未完成" };

function publicRows(tx: Tx, where: SQL[]) {
  return tx
    .select({
      id: rectifications.id,
      regionCode: rectifications.regionCode,
      name: regions.name,
      prefectureName: sql<string | null>`(select p.name from regions p where p.code = ${regions.prefectureCode})`,
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
      clock: cases.clock,
    })
    .from(rectifications)
    .innerJoin(regions, eq(regions.code, rectifications.regionCode))
    .leftJoin(cases, eq(cases.id, rectifications.caseId))
    .leftJoin(units, eq(units.id, rectifications.unitId))
    .where(and(...where))
    .orderBy(desc(rectifications.publishedAt), asc(rectifications.id))
    .limit(500);
}

/**
 * The public rows with their 整改期限 read from the case clock — so an extension, a pause or a newly published
 * holiday schedule moves it — and overdue derived from it, never stored.
 */
export async function publicRectifications(tx: Tx, f: { prefecture?: string | undefined; status?: RectificationStatus | undefined; regionCode?: string | undefined }, now = new Date()) {
  const where: SQL[] = [isNotNull(rectifications.publishedAt)];
  if (f.prefecture) where.push(eq(regions.prefectureCode, f.prefecture));
  if (f.status === "done") where.push(eq(rectifications.status, "done"));
  else if (f.status) where.push(sql`${rectifications.status} <> 'done'`);
  if (f.regionCode) where.push(eq(rectifications.regionCode, f.regionCode));
  // A region page asks for its own rows on every uncached view (1,346 of them): that one shape is prepared.
  const rows = f.regionCode && !f.prefecture && !f.status
    ? await prepared(tx, "region-rectifications", (h) =>
        publicRows(h, [isNotNull(rectifications.publishedAt), eq(rectifications.regionCode, sql.placeholder("code"))]).prepare("region-rectifications"),
      ).execute({ code: f.regionCode })
    : await publicRows(tx, where);
  const cal = await workingCalendar(tx);
  const shown = rows.map(({ clock, ...r }) => {
    const outcome = clock ? stageOutcome(readClock(clock), "rectify", now, cal) : null;
    const fixed = !outcome && r.dueOn ? fixedDueDate(r.dueOn, now, cal) : null;
    const dueOn = outcome?.deadline.dueDate ?? r.dueOn;
    const provisional = outcome?.deadline.provisional ?? fixed?.provisional ?? false;
    const late = outcome?.late ?? fixed?.late ?? false;
    const status: RectificationStatus = r.status === "done" ? "done" : late ? "overdue" : r.status;
    // The unit's report is public only once accepted.
    return { ...r, dueOn, provisional, status, report: r.status === "done" ? r.report : null };
  });
  return f.status ? shown.filter((r) => r.status === f.status) : shown;
}
