// The deadline clock of a case outside the state machine: 补正 pause and resume, 延期 request and decision
// (DESIGN.md §4). Each is one transaction with its event, audit row and notice.
import { asc, eq } from "drizzle-orm";
import { caseEvents, cases } from "../../../db/schema.ts";
import { isOffice, OPEN_STATES, UNIT_STATES, type Actor, type CaseState } from "../../domain/cases.ts";
import { extendDeadline, resumeAfterPause } from "../../domain/deadlines.ts";
import { shanghaiDate } from "../../domain/time.ts";
import { appendAudit } from "../audit.ts";
import { loadCalendar } from "../calendar.ts";
import type { Db, Tx } from "../db.ts";
import { OFFICE_UNIT_ID } from "../regions.ts";
import type { CaseRow } from "./access.ts";
import { actorLabel, withCase, type ActionResult, type StaffActor } from "./actions.ts";
import { notify } from "./notify.ts";

const refuse = (reason: string, field?: string): ActionResult => ({ ok: false, status: 422, reason, ...(field ? { field } : {}) });
const isOpen = (c: CaseRow) => (OPEN_STATES as readonly string[]).includes(c.state as CaseState);

async function record(tx: Tx, c: CaseRow, actor: StaffActor, now: Date, e: { action: string; publicNote?: string | null; internalNote?: string | null; deadlineAt?: Date | null; workingDays?: number | null; reason?: string }) {
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
    deadlineAt: e.deadlineAt ?? null,
    workingDays: e.workingDays ?? null,
  });
  await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: actorLabel(actor), action: `case.${e.action}`, objectType: "case", objectId: c.trackingNumber, reason: e.reason ?? null, details: e.workingDays ? { workingDays: e.workingDays } : {} });
}

type Input = { caseId: number; version: number; actor: StaffActor; now: Date };

/** The office asks the submitter for more information; the clock stops until the answer is recorded. */
export function pauseClock(db: Db, input: Input & { question: string }): Promise<ActionResult> {
  return withCase<ActionResult>(db, input, async (tx, c) => {
    if (!isOffice(input.actor)) return refuse("只有自治区爱卫办可以要求反映人补充材料");
    if (!isOpen(c) || !c.deadlineAt) return refuse("当前阶段没有正在计算的期限，无需暂停");
    if (c.pausedAt) return refuse("期限已暂停，请先记录反映人的答复");
    const question = input.question.trim();
    if (!question) return refuse("请填写需要反映人补充的内容", "question");
    await tx.update(cases).set({ pausedAt: input.now, version: c.version + 1, updatedAt: input.now }).where(eq(cases.id, c.id));
    await record(tx, c, input.actor, input.now, { action: "pause", publicNote: `请补充：${question}`, reason: question });
    return { ok: true, caseId: c.id, state: c.state as CaseState, version: c.version + 1 };
  });
}

/** The answer arrived: the working days left when the clock stopped run again from today. */
export function resumeClock(db: Db, input: Input & { answer: string }): Promise<ActionResult> {
  return withCase<ActionResult>(db, input, async (tx, c) => {
    if (!isOffice(input.actor)) return refuse("只有自治区爱卫办可以记录补充材料");
    if (!c.pausedAt || !c.deadlineAt) return refuse("期限没有暂停");
    const answer = input.answer.trim();
    if (!answer) return refuse("请记录反映人补充的内容", "answer");
    const cal = await loadCalendar(tx);
    const next = resumeAfterPause({ dueDate: shanghaiDate(c.deadlineAt) }, c.pausedAt, input.now, cal);
    await tx
      .update(cases)
      .set({ pausedAt: null, deadlineAt: next.dueAt, deadlineProvisional: next.provisional, remindedDeadlineAt: null, overdueAt: null, version: c.version + 1, updatedAt: input.now })
      .where(eq(cases.id, c.id));
    await record(tx, c, input.actor, input.now, { action: "resume", publicNote: "已收到补充材料，恢复计时。", internalNote: answer, deadlineAt: next.dueAt });
    return { ok: true, caseId: c.id, state: c.state as CaseState, version: c.version + 1 };
  });
}

/** Working days already granted in the current stage (extensions since the stage began). */
async function extendedSoFar(tx: Tx, c: CaseRow): Promise<number> {
  const events = await tx.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).orderBy(asc(caseEvents.at), asc(caseEvents.id));
  let total = 0;
  for (const e of events) {
    if (e.fromState !== e.toState) total = 0; // a state change starts a new stage count
    if (e.action === "extend") total += e.workingDays ?? 0;
  }
  return total;
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
    const cal = await loadCalendar(tx);
    const check = extendDeadline({ dueDate: shanghaiDate(c.deadlineAt ?? input.now), extendedWorkingDays: await extendedSoFar(tx, c) }, input.workingDays, cal);
    if (!check.ok) return refuse(check.reason, "workingDays");
    const request = { workingDays: input.workingDays, reason, requestedBy: input.actor.userId, requestedAt: input.now.toISOString() };
    await tx.update(cases).set({ extensionRequest: request, version: c.version + 1, updatedAt: input.now }).where(eq(cases.id, c.id));
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
    const changes: Partial<CaseRow> = { extensionRequest: null, version: c.version + 1, updatedAt: input.now };
    let dueAt: Date | null = null;
    if (input.approve) {
      const cal = await loadCalendar(tx);
      const result = extendDeadline({ dueDate: shanghaiDate(c.deadlineAt ?? input.now), extendedWorkingDays: await extendedSoFar(tx, c) }, request.workingDays, cal);
      if (!result.ok) return refuse(result.reason);
      dueAt = result.deadline.dueAt;
      Object.assign(changes, { deadlineAt: dueAt, deadlineProvisional: result.deadline.provisional, extended: true, remindedDeadlineAt: null, overdueAt: null });
    }
    await tx.update(cases).set(changes).where(eq(cases.id, c.id));
    await record(tx, c, input.actor, input.now, {
      action: input.approve ? "extend" : "extension_refused",
      publicNote: input.approve ? `经批准延期 ${request.workingDays} 个工作日。` : null,
      internalNote: input.note.trim() || null,
      deadlineAt: dueAt,
      workingDays: input.approve ? request.workingDays : null,
    });
    if (c.assignedUnitId && c.assignedUnitId !== OFFICE_UNIT_ID) {
      await notify(tx, { kind: "extension_decided", caseId: c.id, unitId: c.assignedUnitId, title: `延期申请${input.approve ? "已批准" : "未批准"} ${c.trackingNumber}`, body: input.note }, input.now);
    }
    return { ok: true, caseId: c.id, state: c.state as CaseState, version: c.version + 1 };
  });
}

