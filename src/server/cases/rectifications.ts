// Rectification publicity 整改公示 (seed 001 §11): ordering rectification publishes the substantiated problem of a
// place — never the submitter; the unit's report becomes public once the office accepts it. Written in the same
// transaction as the case action.
import { and, desc, eq } from "drizzle-orm";
import { caseEvents, designations, publicityEntries, rectifications, regions } from "../../../db/schema.ts";
import type { CaseAction } from "../../domain/cases.ts";
import { shanghaiDate } from "../../domain/time.ts";
import { enqueueAlert } from "../alerts.ts";
import { config } from "../config.ts";
import type { Tx } from "../db.ts";
import { enqueueSearch } from "../publishing.ts";
import type { CaseRow } from "./access.ts";

async function placeOf(tx: Tx, c: CaseRow): Promise<string | null> {
  if (c.regionCode) return c.regionCode;
  if (!c.publicityEntryId) return null;
  const [e] = await tx.select({ code: publicityEntries.regionCode }).from(publicityEntries).where(eq(publicityEntries.id, c.publicityEntryId));
  return e?.code ?? null;
}

/** The town's page and feed change: the outbox row makes cached pages fall within seconds. */
async function touchTown(tx: Tx, regionCode: string, now: Date) {
  const ds = await tx.select({ id: designations.id }).from(designations).where(eq(designations.regionCode, regionCode));
  await enqueueSearch(tx, "towns", ds.map((d) => d.id), now);
}

export async function publishRectification(tx: Tx, c: CaseRow, action: CaseAction, now: Date): Promise<void> {
  if (action.type === "order_rectification") {
    const regionCode = await placeOf(tx, c);
    if (!regionCode) return;
    const [found] = await tx.select({ at: caseEvents.at }).from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.action, "submit_findings"))).orderBy(desc(caseEvents.at)).limit(1);
    await tx.insert(rectifications).values({
      regionCode,
      caseId: c.id,
      problem: action.problem?.trim() || c.title,
      category: c.category,
      foundOn: shanghaiDate(found?.at ?? now),
      unitId: c.assignedUnitId,
      status: "ordered",
      // No copy of the due date: the public 整改期限 is read from the case clock (src/server/rectifications.ts).
      dueOn: null,
      publishedAt: now,
    });
    const [place] = await tx.select({ name: regions.name, prefectureCode: regions.prefectureCode }).from(regions).where(eq(regions.code, regionCode));
    await enqueueAlert(tx, { kind: "rectification", title: `整改公示：${place?.name ?? regionCode}`, url: `${config().SITE_URL}/rectifications`, summary: action.problem?.trim() || c.title, prefectureCodes: place?.prefectureCode ? [place.prefectureCode] : [] }, now);
    return touchTown(tx, regionCode, now);
  }
  if (action.type !== "report_rectification" && action.type !== "accept_rectification" && action.type !== "reject_rectification") return;
  const [row] = await tx.select().from(rectifications).where(eq(rectifications.caseId, c.id)).orderBy(desc(rectifications.id)).limit(1);
  if (!row) return;
  const patch =
    action.type === "report_rectification"
      ? { report: action.summary?.trim() || null, status: "in_progress" as const }
      : action.type === "accept_rectification"
        ? { status: "done" as const, doneOn: shanghaiDate(now) }
        : { status: "in_progress" as const };
  await tx.update(rectifications).set(patch).where(eq(rectifications.id, row.id));
  if (action.type === "accept_rectification") {
    const [place] = await tx.select({ name: regions.name, prefectureCode: regions.prefectureCode }).from(regions).where(eq(regions.code, row.regionCode));
    await enqueueAlert(tx, { kind: "rectification", title: `整改完成：${place?.name ?? row.regionCode}`, url: `${config().SITE_URL}/rectifications`, summary: row.problem, prefectureCodes: place?.prefectureCode ? [place.prefectureCode] : [] }, now);
    await touchTown(tx, row.regionCode, now);
  }
}
