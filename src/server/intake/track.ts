// Tracking 办理查询: tracking number + access code → the public timeline. Never personal data or internal notes;
// wrong codes are limited per (client address, tracking number) and per client address, so that someone guessing
// from one address cannot lock the case's owner out. Each attempt takes a slot of both limits in one statement each
// before the code is compared; a right code gives them back, so only wrong codes count.
import { timingSafeEqual } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { caseEvents, cases, units } from "../../../db/schema.ts";
import { CASE_STATE_LABELS, caseState, eventLabel, FINDING_LABELS, isCaseState, publicStatus, type CaseState } from "../../domain/cases.ts";
import type { ClockState } from "../../domain/clock.ts";
import { RATING_LABELS, ratingAllowed, reexaminationAllowed } from "../../domain/feedback.ts";
import { KIND_LABELS } from "../../domain/routing.ts";
import { isAccessCode, parseTrackingNumber } from "../../domain/tracking.ts";
import { workingCalendar } from "../calendar.ts";
import { clockStateOf } from "../cases/clock-store.ts";
import { hashAccessCode } from "../codes.ts";
import type { Tx } from "../db.ts";
import { limitMessage, limits as configuredLimits, throttleRelease, throttleReset, throttleTakeAll, type Limits } from "../throttle.ts";


export interface TimelineItem {
  at: Date;
  action: string;
  stateLabel: string;
  unitName: string | null;
  publicNote: string | null;
  deadlineAt: Date | null;
  deadlineProvisional: boolean;
}

export interface PublicCase {
  trackingNumber: string;
  kindLabel: string;
  title: string;
  state: CaseState;
  statusLabel: string;
  receivedAt: Date;
  /** The domain clock: running / due soon / paused / overdue, with the deadline and working days left. */
  clock: ClockState;
  findingLabel: string | null;
  publicReply: string | null;
  mergedInto: string | null;
  /** What the submitter may do now: rate a closed case once, ask once for re-examination within 15 days. */
  rating: string | null;
  canRate: boolean;
  canRequestReexam: boolean;
  reexamRequested: boolean;
  timeline: TimelineItem[];
}

export type TrackResult =
  | { status: "found"; case: PublicCase }
  | { status: "invalid"; errors: { trackingNumber?: string; accessCode?: string } }
  | { status: "not_found"; message: string }
  | { status: "throttled"; message: string; retryAfterMs: number };

const NOT_FOUND = "查询编号或查询码不正确，请核对后重试（查询码区分不了的字母和数字已去除，如 0 和 O）";

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const trackKeys = (number: string, ip: string) => ({ pair: `track:ip:${ip}:number:${number}`, address: `track:ip:${ip}` });

export async function trackCase(tx: Tx, input: { trackingNumber: string; accessCode: string; ip: string }, now: Date, limits: Limits = configuredLimits()): Promise<TrackResult> {
  const number = input.trackingNumber.trim().toUpperCase();
  const errors: { trackingNumber?: string; accessCode?: string } = {};
  if (!parseTrackingNumber(number)) errors.trackingNumber = "查询编号为 GS 加 14 位数字，例如 GS20261123000042";
  if (!isAccessCode(input.accessCode)) errors.accessCode = "查询码为 10 位字母和数字，例如 ABCD-EFGH-JK";
  if (errors.trackingNumber || errors.accessCode) return { status: "invalid", errors };

  const keys = trackKeys(number, input.ip);
  const taken = await throttleTakeAll(tx, [{ key: keys.pair, policy: limits.trackNumber }, { key: keys.address, policy: limits.trackAddress }], now);
  if (!taken.allowed) return { status: "throttled", message: limitMessage("查询码错误次数过多", taken.retryAfterMs), retryAfterMs: taken.retryAfterMs };

  const [c] = await tx.select().from(cases).where(eq(cases.trackingNumber, number)).limit(1);
  if (!c || !sameHash(c.accessCodeHash, hashAccessCode(input.accessCode))) return { status: "not_found", message: NOT_FOUND };
  await throttleReset(tx, keys.pair);
  await throttleRelease(tx, keys.address);

  const events = await tx
    .select({ at: caseEvents.at, action: caseEvents.action, toState: caseEvents.toState, unitName: units.name, publicNote: caseEvents.publicNote, deadlineAt: caseEvents.deadlineAt, deadlineProvisional: caseEvents.deadlineProvisional })
    .from(caseEvents)
    .leftJoin(units, eq(units.id, caseEvents.unitId))
    .where(eq(caseEvents.caseId, c.id))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
  let mergedInto: string | null = null;
  if (c.mergedIntoId) {
    const [m] = await tx.select({ n: cases.trackingNumber }).from(cases).where(eq(cases.id, c.mergedIntoId)).limit(1);
    mergedInto = m?.n ?? null;
  }
  const state = caseState(c.state);
  const concluded = ["concluded", "rectifying", "rectification_submitted", "closed"].includes(state);
  return {
    status: "found",
    case: {
      trackingNumber: c.trackingNumber,
      kindLabel: KIND_LABELS[c.kind],
      title: c.title,
      state,
      statusLabel: publicStatus(state, { finding: c.finding }).label,
      receivedAt: c.receivedAt,
      clock: clockStateOf(c, now, await workingCalendar(tx)),
      findingLabel: concluded && c.finding ? FINDING_LABELS[c.finding] : null,
      publicReply: concluded ? c.publicReply : null,
      mergedInto,
      rating: c.rating ? RATING_LABELS[c.rating] : null,
      canRate: ratingAllowed({ state, rating: c.rating }).allowed,
      canRequestReexam: !c.reexamRequestedAt && reexaminationAllowed({ state, rating: c.rating, closedAt: c.closedAt, reexamRequestedAt: c.reexamRequestedAt }, now).allowed,
      reexamRequested: c.reexamRequestedAt !== null,
      timeline: events.map((e) => ({
        at: e.at,
        action: eventLabel(e.action),
        stateLabel: isCaseState(e.toState) ? CASE_STATE_LABELS[e.toState] : e.toState,
        unitName: e.unitName,
        publicNote: e.publicNote,
        deadlineAt: e.deadlineAt,
        deadlineProvisional: e.deadlineProvisional,
      })),
    },
  };
}
