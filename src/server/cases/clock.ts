// The deadline clock of a case outside the state machine: 补正 pause and resume, 延期 request and decision
// (DESIGN.md §4). The domain clock decides (src/domain/clock.ts); each is one transaction with its event, audit row
// and notice.
import { eq } from "drizzle-orm";
import { caseEvents, cases } from "../../../db/schema.ts";
import { isOffice, UNIT_STATES, type Actor, type CaseState } from "../../domain/cases.ts";
import { advanceClock, checkExtension, checkPause, checkResume } from "../../domain/clock.ts";
import { appendAudit } from "../audit.ts";
import { loadCalendar } from "../calendar.ts";
import type { Db, Tx } from "../db.ts";
import { OFFICE_UNIT_ID } from "../regions.ts";
import type { CaseRow } from "./access.ts";
import { actorLabel, nextVersion, withCase, type ActionResult, type StaffActor } from "./actions.ts";
import { clockChanges, clockPolicy, readClock } from "./clock-store.ts";
import { notify } from "./notify.ts";

const refuse = (reason: string, field?: string): ActionResult => ({ ok: false, status: 422, reason, ...(field ? { field } : {}) });

/** The columns of the clock after a clock event, on the calendar of the transaction. */
async function moved(tx: Tx, c: CaseRow, e: { action: string; at: Date; workingDays?: number }): Promise<Partial<CaseRow>> {
  const clock = advanceClock(readClock(c.clock), e, { objection: c.kind === "objection", policy: clockPolicy() });
  return clockChanges(c, clock, await loadCalendar(tx));
}

async function record(tx: Tx, c: CaseRow, actor: StaffActor, now: Date, e: { action: string; publicNote?: string | null; internalNote?: string | null; deadline?: Partial<CaseRow>; workingDays?: number | null; reason?: string }) {
  await tx.insert(caseEvents).values({
    caseId: c.id,
    action: e.action,
    fromState: c.state,
    toState: c.state,
    at: now,
    actorUserId: actor.userId,
    actorLabel: actorLabel(actor),
    unitId: actor.unitId ?? null,
    publicNote: e.publicNote ?? null,
    internalNote: e.internalNote ?? null,
    deadlineAt: e.deadline?.deadlineAt ?? null,
    deadlineProvisional: e.deadline?.deadlineProvisional ?? false,
    workingDays: e.workingDays ?? null,
  });
  await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: actorLabel(actor), action: `case.${e.action}`, objectType: "case", objectId: c.trackingNumber, reason: e.reason ?? null, details: e.workingDays ? { workingDays: e.workingDays } : {} });
}

type Input = { caseId: number; version: number; actor: StaffActor; now: Date };

/** The office asks the submitter for more information; the clock stops until the answer is recorded. */
export function pauseClock(db: Db, input: Input & { question: string }): Promise<ActionResult> {
  return withCase<ActionResult>(db, input, async (tx, c) => {
    if (!isOffice(input.actor)) return refuse("只有自治区爱卫办可以要求反映人补充材料");
    const check = checkPause(readClock(c.clock));
    if (!check.ok) return refuse(check.reason);
    const question = input.question.trim();
    if (!question) return refuse("请填写需要反映人补充的内容", "question");
    const changes = await moved(tx, c, { action: "pause", at: input.now });
    await tx.update(cases).set({ ...changes, version: nextVersion, updatedAt: input.now }).where(eq(cases.id, c.id));
    await record(tx, c, input.actor, input.now, { action: "pause", publicNote: `请补充：${question}`, reason: question });
    return { ok: true, caseId: c.id, state: c.state as CaseState, version: c.version + 1 };
  });
}

/** The answer arrived: the clock runs again, the paused working days added to the stage. */
export function resumeClock(db: Db, input: Input & { answer: string }): Promise<ActionResult> {
  return withCase<ActionResult>(db, input, async (tx, c) => {
    if (!isOffice(input.actor)) return refuse("只有自治区爱卫办可以记录补充材料");
    const check = checkResume(readClock(c.clock));
    if (!check.ok) return refuse(check.reason);
    const answer = input.answer.trim();
    if (!answer) return refuse("请记录反映人补充的内容", "answer");
    const changes = await moved(tx, c, { action: "resume", at: input.now });
    await tx.update(cases).set({ ...changes, version: nextVersion, updatedAt: input.now }).where(eq(cases.id, c.id));
    await record(tx, c, input.actor, input.now, { action: "resume", publicNote: "已收到补充材料，恢复计时。", internalNote: answer, deadline: changes });
    return { ok: true, caseId: c.id, state: c.state as CaseState, version: c.version + 1 };
  });
}

/** Only who holds the case — its unit, or the office handling it itself — while it verifies or rectifies. */
export function mayRequestExtension(c: Pick<CaseRow, "assignedUnitId" | "state">, actor: Actor): boolean {
  const mine = actor.role === "handler" ? c.assignedUnitId === actor.unitId : isOffice(actor) && c.assignedUnitId === OFFICE_UNIT_ID;
  return mine && (UNIT_STATES as readonly string[]).includes(c.state);
}

/** The unit (or the office handling it itself) asks for more time, with a reason. */
export function requestExtension(db: Db, input: Input & { workingDays: number; reason: string }): Promise<ActionResult> {
  return withCase<ActionResult>(db, input, async (tx, c) => {
    if (!mayRequestExtension(c, input.actor)) return refuse("只有承办单位在核实或整改阶段可以申请延期");
    if (c.extensionRequest) return refuse("已有待审批的延期申请");
    const reason = input.reason.trim();
    if (!reason) return refuse("申请延期必须说明理由", "reason");
    const check = checkExtension(readClock(c.clock), input.workingDays, clockPolicy());
    if (!check.ok) return refuse(check.reason, "workingDays");
    const request = { workingDays: input.workingDays, reason, requestedBy: input.actor.userId, requestedAt: input.now.toISOString() };
    await tx.update(cases).set({ extensionRequest: request, version: nextVersion, updatedAt: input.now }).where(eq(cases.id, c.id));
    await record(tx, c, input.actor, input.now, { action: "extension_requested", internalNote: reason, workingDays: input.workingDays, reason });
    await notify(tx, { kind: "info", caseId: c.id, unitId: OFFICE_UNIT_ID, title: `延期申请待审批 ${c.trackingNumber}`, body: reason }, input.now);
    return { ok: true, caseId: c.id, state: c.state as CaseState, version: c.version + 1 };
  });
}

/** The office approves (the new due date is public as 已延期) or refuses, with a note for the unit. */
export function decideExtension(db: Db, input: Input & { approve: boolean; note: string }): Promise<ActionResult> {
  return withCase<ActionResult>(db, input, async (tx, c) => {
    if (!isOffice(input.actor)) return refuse("延期申请由自治区爱卫办审批");
    const request = c.extensionRequest;
    if (!request) return refuse("没有待审批的延期申请");
    let changes: Partial<CaseRow> = { extensionRequest: null, updatedAt: input.now };
    if (input.approve) {
      const check = checkExtension(readClock(c.clock), request.workingDays, clockPolicy());
      if (!check.ok) return refuse(check.reason);
      changes = { ...changes, ...(await moved(tx, c, { action: "extend", at: input.now, workingDays: request.workingDays })) };
    }
    await tx.update(cases).set({ ...changes, version: nextVersion }).where(eq(cases.id, c.id));
    await record(tx, c, input.actor, input.now, {
      action: input.approve ? "extend" : "extension_refused",
      publicNote: input.approve ? `经批准延期 ${request.workingDays} 个工作日。` : null,
      internalNote: input.note.trim() || null,
      ...(input.approve ? { deadline: changes } : {}),
      workingDays: input.approve ? request.workingDays : null,
    });
    if (c.assignedUnitId && c.assignedUnitId !== OFFICE_UNIT_ID) {
      await notify(tx, { kind: "extension_decided", caseId: c.id, unitId: c.assignedUnitId, title: `延期申请${input.approve ? "已批准" : "未批准"} ${c.trackingNumber}`, body: input.note }, input.now);
    }
    return { ok: true, caseId: c.id, state: c.state as CaseState, version: c.version + 1 };
  });
}
