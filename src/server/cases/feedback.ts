// 满意度评价与复查: the submitter rates a closed case on /track and, if not satisfied, asks once for re-examination;
// the office decides: reopen (the case goes back to 已受理 for re-routing) or keep the conclusion, with a reply.
import { and, eq, inArray } from "drizzle-orm";
import { caseEvents, cases } from "../../../db/schema.ts";
import { caseState } from "../../domain/cases.ts";
import { advanceClock } from "../../domain/clock.ts";
import { checkReexaminationRequest, isRating, ratingAllowed, RATING_LABELS, type Rating } from "../../domain/feedback.ts";
import { appendAudit } from "../audit.ts";
import { loadCalendar } from "../calendar.ts";
import type { Db, Tx } from "../db.ts";
import { trackCase } from "../intake/track.ts";
import { OFFICE_UNIT_ID } from "../regions.ts";
import type { CaseRow } from "./access.ts";
import { actorLabel, nextVersion, withCase, type ActionResult, type StaffActor } from "./actions.ts";
import { clockChanges, clockPolicy, readClock } from "./clock-store.ts";
import { notify } from "./notify.ts";
import { messageContext, queueStatusUpdate } from "../receipts/messages.ts";

type Proof = { trackingNumber: string; accessCode: string; ip: string };
export type FeedbackResult = { ok: true } | { ok: false; status: 400 | 404 | 422 | 429; reason: string };

/**
 * The tracking number and access code prove who is acting, exactly as for reading the status; then the case is
 * locked, checked and written in one transaction, so that two tabs cannot rate twice or ask twice.
 */
async function withProvenCase(db: Db, proof: Proof, now: Date, fn: (tx: Tx, c: CaseRow) => Promise<FeedbackResult>): Promise<FeedbackResult> {
  const found = await trackCase(db, proof, now);
  if (found.status === "throttled") return { ok: false, status: 429, reason: found.message };
  if (found.status !== "found") return { ok: false, status: 404, reason: "查询编号或查询码不正确" };
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(cases).where(eq(cases.trackingNumber, found.case.trackingNumber)).for("update");
    return c ? fn(tx, c) : { ok: false, status: 404, reason: "查询编号或查询码不正确" };
  });
}

export async function rateCase(db: Db, input: Proof & { rating: string }, now: Date): Promise<FeedbackResult> {
  const rating = input.rating;
  if (!isRating(rating)) return { ok: false, status: 400, reason: "请选择满意、基本满意或不满意" };
  return withProvenCase(db, input, now, async (tx, c) => {
    const check = ratingAllowed({ state: caseState(c.state), rating: c.rating as Rating | null });
    if (!check.allowed) return { ok: false, status: 422, reason: check.reason };
    await tx.update(cases).set({ rating, version: nextVersion, updatedAt: now }).where(eq(cases.id, c.id));
    await tx.insert(caseEvents).values({ caseId: c.id, action: "rate", fromState: c.state, toState: c.state, at: now, actorLabel: "反映人", publicNote: `评价：${RATING_LABELS[rating]}` });
    return { ok: true };
  });
}

export async function requestReexamination(db: Db, input: Proof & { reason: string }, now: Date): Promise<FeedbackResult> {
  return withProvenCase(db, input, now, async (tx, c) => {
    const check = checkReexaminationRequest({ state: caseState(c.state), closedAt: c.closedAt, rating: c.rating as Rating | null, reexamRequestedAt: c.reexamRequestedAt }, input.reason, now);
    if (!check.allowed) return { ok: false, status: 422, reason: check.reason };
    const reason = input.reason.trim().slice(0, 2000);
    await tx.update(cases).set({ reexamRequestedAt: now, reexamReason: reason, version: nextVersion, updatedAt: now }).where(eq(cases.id, c.id));
    await tx.insert(caseEvents).values({ caseId: c.id, action: "reexam_requested", fromState: c.state, toState: c.state, at: now, actorLabel: "反映人", publicNote: "已申请复查，等待自治区爱卫办决定。", internalNote: reason });
    await notify(tx, { kind: "info", caseId: c.id, unitId: OFFICE_UNIT_ID, title: `复查申请待决定 ${c.trackingNumber}`, body: reason }, now);
    return { ok: true };
  });
}

export function decideReexamination(db: Db, input: { caseId: number; version: number; actor: StaffActor; now: Date; reopen: boolean; reply: string }): Promise<ActionResult> {
  return withCase<ActionResult>(db, input, async (tx, c) => {
    if (input.actor.role !== "admin" && input.actor.role !== "officer") return { ok: false, status: 422, reason: "复查申请由自治区爱卫办决定" };
    const decided = await tx
      .select({ id: caseEvents.id })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, c.id), inArray(caseEvents.action, ["reexam_reopened", "reexam_upheld"])))
      .limit(1);
    if (!c.reexamRequestedAt || c.state !== "closed" || decided.length > 0) return { ok: false, status: 422, reason: "没有待决定的复查申请" };
    const reply = input.reply.trim();
    if (!reply) return { ok: false, status: 422, reason: "请填写给反映人的答复", field: "reply" };
    const to = input.reopen ? "accepted" : "closed";
    const action = input.reopen ? "reexam_reopened" : "reexam_upheld";
    // Reopened, the case starts a new 交办 stage; upheld, no clock runs.
    const clock = advanceClock(readClock(c.clock), { action, at: input.now }, { objection: c.kind === "objection", policy: clockPolicy() });
    const changes = clockChanges(c, clock, await loadCalendar(tx));
    await tx
      .update(cases)
      .set({ ...changes, state: to, closedAt: input.reopen ? null : c.closedAt, assignedUnitId: input.reopen ? null : c.assignedUnitId, version: nextVersion, updatedAt: input.now })
      .where(eq(cases.id, c.id));
    await tx.insert(caseEvents).values({
      caseId: c.id,
      action,
      fromState: c.state,
      toState: to,
      at: input.now,
      actorUserId: input.actor.userId,
      actorLabel: actorLabel(input.actor),
      publicNote: reply,
      deadlineAt: changes.deadlineAt ?? null,
      deadlineProvisional: changes.deadlineProvisional ?? false,
    });
    await appendAudit(tx, { at: input.now, actorUserId: input.actor.userId, actorLabel: actorLabel(input.actor), action: input.reopen ? "case.reexam_reopened" : "case.reexam_upheld", objectType: "case", objectId: c.trackingNumber });
    // The filer asked for this decision: they hear of it like any public status change, reopened or upheld.
    await queueStatusUpdate(tx, { caseId: c.id, trackingNumber: c.trackingNumber, email: c.submitterEmail, phone: c.submitterPhone, state: to, finding: c.finding }, messageContext(input.now));
    return { ok: true, caseId: c.id, state: to, version: c.version + 1 };
  });
}
