// Designation 命名 statuses and history events, as residents read them on the register and a town's page.
import { calendarDaysBetween, type DateString } from "./time.ts";

export const DESIGNATION_STATUSES = ["cultivating", "recommended", "in_publicity", "named", "re_review", "confirmed", "warned", "revoked", "merged"] as const;
export type DesignationStatus = (typeof DESIGNATION_STATUSES)[number];

export const DESIGNATION_STATUS_LABELS: Record<DesignationStatus, string> = {
  cultivating: "培育中",
  recommended: "已推荐",
  in_publicity: "公示中",
  named: "已命名",
  re_review: "复审中",
  confirmed: "复审通过",
  warned: "被警示",
  revoked: "已撤销",
  merged: "已并入上级命名",
};

/** Statuses in which a town holds the honour now (the register's default view). */
export const HOLDING_STATUSES: readonly DesignationStatus[] = ["named", "re_review", "confirmed", "warned"];

export const DESIGNATION_EVENT_LABELS: Record<string, string> = {
  cultivation: "确定为培育单位",
  recommendation: "推荐",
  publicity: "社会公示",
  named: "命名",
  re_review: "复审",
  confirmed: "复审确认",
  warned: "警示",
  rectified: "整改完成",
  revoked: "撤销命名",
  merged: "并入上级命名",
};

export function isDesignationStatus(value: string): value is DesignationStatus {
  return (DESIGNATION_STATUSES as readonly string[]).includes(value);
}

export const DESIGNATION_EVENT_KINDS = ["cultivation", "recommendation", "publicity", "named", "re_review", "confirmed", "warned", "rectified", "revoked", "merged"] as const;
export type DesignationEventKind = (typeof DESIGNATION_EVENT_KINDS)[number];

/** Named towns are re-reviewed every three years (seed 000 §4). */
export const REVIEW_PERIOD_YEARS = 3;

export interface DesignationState {
  status: DesignationStatus;
  namedOn: string | null;
  lastReviewedOn: string | null;
  nextReviewDue: string | null;
}

function plusYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  // 29 February has no twin three years on: the review falls due on 28 February.
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y + years}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export type EventCheck = { ok: true; next: DesignationState } | { ok: false; reason: string };

/** What a history event does to a designation; refuses events that make no sense in its current status. */
export function applyDesignationEvent(current: DesignationState | null, kind: DesignationEventKind, on: string): EventCheck {
  const status = current?.status ?? null;
  const holding = status !== null && HOLDING_STATUSES.includes(status);
  const base: DesignationState = current ?? { status: "cultivating", namedOn: null, lastReviewedOn: null, nextReviewDue: null };
  const refuse = (reason: string): EventCheck => ({ ok: false, reason });
  switch (kind) {
    case "cultivation":
      return holding ? refuse("已命名的城镇不能再确定为培育单位") : { ok: true, next: { ...base, status: "cultivating" } };
    case "recommendation":
      return holding ? refuse("已命名的城镇无需再推荐") : { ok: true, next: { ...base, status: "recommended" } };
    case "publicity":
      return holding ? refuse("已命名的城镇无需再公示") : { ok: true, next: { ...base, status: "in_publicity" } };
    case "named":
      return holding ? refuse("该城镇已持有此称号") : { ok: true, next: { status: "named", namedOn: on, lastReviewedOn: null, nextReviewDue: plusYears(on, REVIEW_PERIOD_YEARS) } };
    case "re_review":
      return holding ? { ok: true, next: { ...base, status: "re_review" } } : refuse("只有已命名的城镇才能复审");
    case "confirmed":
      return status === "re_review" || status === "warned" ? { ok: true, next: { ...base, status: "confirmed", lastReviewedOn: on, nextReviewDue: plusYears(on, REVIEW_PERIOD_YEARS) } } : refuse("只有复审中或被警示的城镇才能确认通过复审");
    case "warned":
      return holding ? { ok: true, next: { ...base, status: "warned" } } : refuse("只有已命名的城镇才能被警示");
    case "rectified":
      return status === "warned" ? { ok: true, next: { ...base, status: base.lastReviewedOn ? "confirmed" : "named" } } : refuse("只有被警示的城镇才能记录整改完成");
    case "revoked":
      return holding ? { ok: true, next: { ...base, status: "revoked", nextReviewDue: null } } : refuse("只有已命名的城镇才能撤销命名");
    case "merged":
      return holding ? { ok: true, next: { ...base, status: "merged", nextReviewDue: null } } : refuse("只有已命名的城镇才能并入上级命名");
  }
}

/** How far ahead the register warns that a 复审 falls due: one quarter, time enough for a league to prepare its materials. */
export const REVIEW_DUE_SOON_DAYS = 90;

export type ReviewFlag = "overdue" | "due_soon";

export const REVIEW_FLAG_LABELS: Record<ReviewFlag, string> = {
  overdue: "复审已逾期",
  due_soon: "90日内复审到期",
};

/**
 * Whether a designation's 复审 is past due, or due within REVIEW_DUE_SOON_DAYS of today. Only a town that holds the
 * honour owes a review; one already under review stays flagged overdue, because starting a review does not move the
 * date it was due by. The due day itself is still on time.
 */
export function reviewFlag(d: { status: DesignationStatus; nextReviewDue: DateString | null }, today: DateString, windowDays = REVIEW_DUE_SOON_DAYS): ReviewFlag | null {
  if (!d.nextReviewDue || !HOLDING_STATUSES.includes(d.status)) return null;
  const days = calendarDaysBetween(today, d.nextReviewDue);
  if (days < 0) return "overdue";
  return days <= windowDays ? "due_soon" : null;
}
