// What the back-office case page shows: the case as this actor may see it, its evidence, the whole timeline
// (internal notes included — staff only), the running deadline, and exactly the actions allowed now.
import { join } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { caseEvents, caseEvidence, publicityEntries, regions, staffUsers } from "../../../db/schema.ts";
import { allowedActions, isOffice, type Actor, type CaseActionType } from "../../domain/cases.ts";
import { checkExtension, checkPause, checkResume, clockState } from "../../domain/clock.ts";
import { workingCalendar } from "../calendar.ts";
import type { Tx } from "../db.ts";
import { evidenceDir } from "../evidence-store.ts";
import { OFFICE_UNIT_ID } from "../regions.ts";
import { activeUnits, unitName } from "../units.ts";
import { regionTree } from "../regions.ts";
import { caseForActor, snapshotOf, type CaseRow } from "./access.ts";
import { mayRequestExtension } from "./clock.ts";
import { clockPolicy, readClock } from "./clock-store.ts";
import { maskedSubmitter } from "./identity.ts";

/** Clock and identity actions, outside the state machine; the services check the same conditions. */
export type ExtraAction = "pause" | "resume" | "request_extension" | "decide_extension" | "reveal" | "decide_reexam";

export function extraActions(c: CaseRow, actor: Actor, reexamDecided: boolean): ExtraAction[] {
  const out: ExtraAction[] = [];
  const clock = readClock(c.clock);
  if (isOffice(actor) && checkPause(clock).ok) out.push("pause");
  if (isOffice(actor) && checkResume(clock).ok) out.push("resume");
  if (mayRequestExtension(c, actor) && !c.extensionRequest && checkExtension(clock, 1, clockPolicy()).ok) out.push("request_extension");
  if (isOffice(actor) && c.extensionRequest) out.push("decide_extension");
  if (isOffice(actor) && (c.submitterName || c.submitterPhone || c.submitterEmail)) out.push("reveal");
  if (isOffice(actor) && c.state === "closed" && c.reexamRequestedAt && !reexamDecided) out.push("decide_reexam");
  return out;
}

export async function caseDetail(tx: Tx, caseId: number, actor: Actor, now: Date) {
  const c = await caseForActor(tx, caseId, actor);
  if (!c) return null;
  const cal = await workingCalendar(tx);
  const snapshot = await snapshotOf(tx, c, cal);
  const events = await tx.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).orderBy(asc(caseEvents.at), asc(caseEvents.id));
  const evidence = (
    await tx
      .select({ id: caseEvidence.id, filename: caseEvidence.filename, mimeType: caseEvidence.mimeType, size: caseEvidence.size, uploader: staffUsers.displayName })
      .from(caseEvidence)
      .leftJoin(staffUsers, eq(staffUsers.id, caseEvidence.uploadedBy))
      .where(eq(caseEvidence.caseId, c.id))
      .orderBy(asc(caseEvidence.id))
  ).map((e) => ({ ...e, uploaderLabel: e.uploader ? `${e.uploader}上传` : "反映人提交" }));
  const unitLabel = c.assignedUnitId ? await unitName(tx, c.assignedUnitId) : undefined;
  const region = c.regionCode ? (await regionTree(tx)).get(c.regionCode) : undefined;
  const [entry] = c.publicityEntryId
    ? await tx.select({ name: regions.name }).from(publicityEntries).innerJoin(regions, eq(regions.code, publicityEntries.regionCode)).where(eq(publicityEntries.id, c.publicityEntryId))
    : [];
  const actions: CaseActionType[] = allowedActions(snapshot, actor, now);
  const reexamDecided = events.some((e) => e.action === "reexam_reopened" || e.action === "reexam_upheld");
  const assignable = actions.includes("assign") ? await activeUnits(tx) : [];
  return {
    c,
    unitName: unitLabel ?? null,
    regionName: region?.name ?? null,
    entryName: entry?.name ?? null,
    submitter: maskedSubmitter(c),
    events,
    evidence,
    // "还剩 3 个工作日", on the calendar already loaded for the snapshot.
    clock: clockState(snapshot.clock ?? readClock(c.clock), now, cal),
    extensionLeft: clockPolicy().extensionCap - (snapshot.clock?.runs[snapshot.clock.current ?? -1]?.extendedDays ?? 0),
    actions,
    extras: extraActions(c, actor, reexamDecided),
    units: assignable.filter((u) => u.id !== OFFICE_UNIT_ID),
    proposedUnitId: c.routing?.unitId ?? null,
  };
}

/** An evidence file, only for staff who may see its case. */
export async function evidenceFile(tx: Tx, caseId: number, evidenceId: number, actor: Actor) {
  const c = await caseForActor(tx, caseId, actor);
  if (!c) return null;
  const [row] = await tx.select().from(caseEvidence).where(and(eq(caseEvidence.id, evidenceId), eq(caseEvidence.caseId, c.id)));
  return row ? { ...row, path: join(evidenceDir(), row.storageKey) } : null;
}

export const EXTRA_LABELS: Record<ExtraAction, string> = {
  pause: "要求补充材料（暂停计时）",
  resume: "记录补充材料（恢复计时）",
  request_extension: "申请延期",
  decide_extension: "审批延期申请",
  reveal: "查看反映人真实身份",
  decide_reexam: "决定复查申请",
};

