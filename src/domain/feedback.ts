// Feedback 满意度评价与复查: after a case is closed the submitter may rate the handling and, if not satisfied, ask
// once for re-examination within 15 days with a reason (DESIGN.md §4).
import type { CaseState } from "./cases.ts";
import { calendarDeadline, REEXAMINATION_WINDOW_CALENDAR_DAYS } from "./deadlines.ts";
import { formatShanghai } from "./time.ts";

export const RATINGS = ["satisfied", "basically_satisfied", "unsatisfied"] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = { satisfied: "满意", basically_satisfied: "基本满意", unsatisfied: "不满意" };

export function isRating(value: string): value is Rating {
  return (RATINGS as readonly string[]).includes(value);
}

export interface FeedbackSnapshot {
  state: CaseState;
  closedAt?: Date | null;
  rating?: Rating | null;
  reexamRequestedAt?: Date | null;
}

export type FeedbackCheck = { allowed: true } | { allowed: false; reason: string };

/** One rating per case, once it is closed; a refused or merged case has no handling of its own to rate. */
export function ratingAllowed(c: FeedbackSnapshot): FeedbackCheck {
  if (c.state !== "closed") return { allowed: false, reason: "受理件办结后才能评价" };
  if (c.rating) return { allowed: false, reason: `已评价为“${RATING_LABELS[c.rating]}”，不能重复评价` };
  return { allowed: true };
}

/** The last instant a re-examination may be asked for: 23:59:59 of the 15th calendar day after closing. */
export function reexaminationDeadline(closedAt: Date): Date {
  return calendarDeadline(closedAt, REEXAMINATION_WINDOW_CALENDAR_DAYS).dueAt;
}

export function reexaminationAllowed(c: FeedbackSnapshot, now: Date): FeedbackCheck {
  if (c.state !== "closed" || !c.closedAt) return { allowed: false, reason: "受理件办结后才能申请复查" };
  if (c.reexamRequestedAt) return { allowed: false, reason: "每件受理件只能申请一次复查" };
  if (c.rating !== "unsatisfied") return { allowed: false, reason: "评价为“不满意”后才能申请复查" };
  const deadline = reexaminationDeadline(c.closedAt);
  if (now.getTime() > deadline.getTime()) {
    return {
      allowed: false,
      reason: `复查申请须在办结后${REEXAMINATION_WINDOW_CALENDAR_DAYS}日内提出，已于${formatShanghai(deadline)}截止`,
    };
  }
  return { allowed: true };
}

/** As reexaminationAllowed, and the request must say why. */
export function checkReexaminationRequest(c: FeedbackSnapshot, reason: string, now: Date): FeedbackCheck {
  const check = reexaminationAllowed(c, now);
  if (!check.allowed) return check;
  if (reason.trim() === "") return { allowed: false, reason: "申请复查必须说明理由" };
  return { allowed: true };
}
