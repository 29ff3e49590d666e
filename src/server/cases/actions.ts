// Case handling 办理: one service call per action of DESIGN.md §4. The domain decides what is allowed; this file
// loads, checks the version the form was rendered from, applies the change, the event, the audit row and the inbox
// notice in one transaction.
import { isRowId } from "../../domain/ids.ts";
import { eq, sql } from "drizzle-orm";
import { caseEvents, caseEvidence, cases, units } from "../../../db/schema.ts";
import { ACTION_LABELS, staffLabel, transition, type Actor, type CaseAction, type CaseState } from "../../domain/cases.ts";
import { appendAudit } from "../audit.ts";
import { loadCalendar } from "../calendar.ts";
import type { Db, Tx } from "../db.ts";
import { messageContext, queueStatusUpdate } from "../receipts/messages.ts";
import { OFFICE_UNIT_ID } from "../regions.ts";
import { caseForActor, snapshotOf, type CaseRow } from "./access.ts";
import { clockChanges, readClock } from "./clock-store.ts";
import { notify } from "./notify.ts";
import { publishRectification } from "./rectifications.ts";

export interface StaffActor extends Actor {
  displayName: string;
}

export type ActionResult =
  | { ok: true; caseId: number; state: CaseState; version: number }
  | { ok: false; status: 404 | 409 | 422; reason: string; field?: string };

export const NOT_FOUND = { ok: false, status: 404, reason: "受理件不存在或不属于本单位" } as const;
export const STALE = { ok: false, status: 409, reason: "该受理件已被他人更新，请刷新页面查看最新情况后再操作" } as const;

export const actorLabel = staffLabel;

/** Every write goes through withCase, which holds the row lock: the version increments in SQL under it. */
export const nextVersion = sql`${cases.version} + 1`;

/** Runs `fn` on the case locked for update, after the scoping and version checks every write needs. */
export async function withCase<T>(
  db: Db,
  input: { caseId: number; version: number; actor: StaffActor },
  fn: (tx: Tx, c: CaseRow) => Promise<T | ActionResult>,
): Promise<T | ActionResult> {
  return db.transaction(async (tx) => {
    const visible = await caseForActor(tx, input.caseId, input.actor);
    if (!visible) return NOT_FOUND;
    const [c] = await tx.select().from(cases).where(eq(cases.id, input.caseId)).for("update");
    if (!c) return NOT_FOUND;
    if (c.version !== input.version) return STALE;
    return fn(tx, c);
  });
}

/** Files already checked and durably stored, to be recorded with the action (findings, rectification report). */
export interface StoredEvidence {
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
  storageKey: string;
}

export async function performAction(db: Db, input: { caseId: number; version: number; actor: StaffActor; action: CaseAction; now: Date; evidence?: StoredEvidence[] }): Promise<ActionResult> {
  const { actor, action, now } = input;
  return withCase<ActionResult>(db, input, async (tx, c) => {
    const cal = await loadCalendar(tx);
    let target: CaseRow | undefined;
    if (action.type === "merge") {
      // The form names the other case by its tracking number; the domain wants its id.
      const ref = String(action.intoCaseId).trim().toUpperCase();
      [target] = await tx.select().from(cases).where(/^\d{1,10}$/.test(ref) && isRowId(Number(ref)) ? eq(cases.id, Number(ref)) : eq(cases.trackingNumber, ref)).limit(1);
      if (!target || target.id === c.id) return { ok: false, status: 422, reason: "请填写要合并到的另一受理件的查询编号", field: "intoCaseId" };
      if (["closed", "not_accepted", "merged"].includes(target.state)) return { ok: false, status: 422, reason: "不能合并到已办结的受理件", field: "intoCaseId" };
      action.intoCaseId = target.id;
    }
    if (action.type === "assign") {
      const [unit] = await tx.select({ id: units.id, active: units.active }).from(units).where(eq(units.id, action.unitId)).limit(1);
      if (!unit?.active || unit.id === OFFICE_UNIT_ID) return { ok: false, status: 422, reason: "请选择有效的交办单位", field: "unitId" };
    }
    const result = transition(await snapshotOf(tx, c, cal), action, actor, now);
    if (!result.ok) return { ok: false, status: result.code === "not_your_unit" ? 404 : 422, reason: result.reason };
    const { event, to } = result;

    // The clock moved by the domain's rule; a pending extension request belongs to the stage it was made in.
    const clock = clockChanges(c, result.clock, cal);
    const changes: Partial<CaseRow> = { ...clock, state: to, updatedAt: now };
    if (clock.stage !== c.stage || result.clock.current !== readClock(c.clock).current) changes.extensionRequest = null;
    const deadlineSet = clock.deadlineAt && clock.deadlineAt.getTime() !== c.deadlineAt?.getTime() ? clock.deadlineAt : null;
    if (action.type === "assign") changes.assignedUnitId = action.unitId;
    if (action.type === "handle_self") changes.assignedUnitId = OFFICE_UNIT_ID;
    if (action.type === "return_to_office") changes.assignedUnitId = null;
    if (action.type === "submit_findings" || action.type === "conclude") changes.finding = action.finding;
    if (action.type === "conclude") changes.publicReply = action.publicReply.trim();
    if (action.type === "merge") changes.mergedIntoId = target!.id;
    if (to === "closed" || to === "not_accepted" || to === "merged") changes.closedAt = now;
    await tx.update(cases).set({ ...changes, version: nextVersion }).where(eq(cases.id, c.id));
    await tx.insert(caseEvents).values({
      caseId: c.id,
      action: event.action,
      fromState: event.from,
      toState: event.to,
      at: now,
      actorUserId: actor.userId,
      actorLabel: actorLabel(actor),
      unitId: action.type === "assign" ? action.unitId : action.type === "handle_self" ? OFFICE_UNIT_ID : (actor.unitId ?? null),
      publicNote: event.publicNote ?? null,
      internalNote: event.internalNote ?? null,
      finding: event.finding ?? null,
      deadlineAt: deadlineSet,
      deadlineProvisional: deadlineSet ? clock.deadlineProvisional : false,
      workingDays: event.workingDays ?? null,
    });
    await appendAudit(tx, {
      at: now,
      actorUserId: actor.userId,
      actorLabel: actorLabel(actor),
      action: `case.${event.action}`,
      objectType: "case",
      objectId: c.trackingNumber,
      reason: event.reason ?? null,
      details: { from: event.from, to: event.to, ...(action.type === "assign" ? { unitId: action.unitId } : {}), ...(event.finding ? { finding: event.finding } : {}) },
    });
    if (input.evidence?.length) {
      await tx.insert(caseEvidence).values(input.evidence.map((e) => ({ ...e, caseId: c.id, uploadedBy: actor.userId, createdAt: now })));
    }
    await publishRectification(tx, c, action, now);
    await announce(tx, c, action, now);
    // The filer hears of every public status change by mail or SMS, queued with the change.
    if (to !== c.state) await queueStatusUpdate(tx, { caseId: c.id, trackingNumber: c.trackingNumber, email: c.submitterEmail, phone: c.submitterPhone, state: to, finding: changes.finding ?? c.finding }, messageContext(now));
    return { ok: true, caseId: c.id, state: to, version: c.version + 1 };
  });
}

/** Who must know about the change. */
async function announce(tx: Tx, c: CaseRow, action: CaseAction, now: Date): Promise<void> {
  const what = `${c.trackingNumber}：${c.title}`;
  switch (action.type) {
    case "assign":
      return notify(tx, { kind: "assigned", caseId: c.id, unitId: action.unitId, title: `新交办受理件 ${what}` }, now);
    case "return_to_office":
      return notify(tx, { kind: "returned", caseId: c.id, unitId: OFFICE_UNIT_ID, title: `受理件被退回 ${what}`, body: action.reason }, now);
    case "submit_findings":
      return notify(tx, { kind: "findings", caseId: c.id, unitId: OFFICE_UNIT_ID, title: `核实结果待审核 ${what}` }, now);
    case "report_rectification":
      return notify(tx, { kind: "rectification", caseId: c.id, unitId: OFFICE_UNIT_ID, title: `整改情况待验收 ${what}` }, now);
    case "return_findings":
    case "reject_rectification":
    case "order_rectification":
      if (c.assignedUnitId && c.assignedUnitId !== OFFICE_UNIT_ID) {
        return notify(tx, { kind: "info", caseId: c.id, unitId: c.assignedUnitId, title: `${ACTION_LABELS[action.type]} ${what}` }, now);
      }
  }
}
