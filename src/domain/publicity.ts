// Publicity 社会公示: the window in which objections to a list of proposed towns are accepted (seed 000 §20).
import {
  addCalendarDays,
  calendarDaysBetween,
  formatDateCn,
  formatShanghai,
  isDateString,
  shanghaiAt,
  shanghaiDate,
  shanghaiEndOfDay,
} from "./time.ts";
import type { DateString } from "./time.ts";

export interface PublicityWindow {
  opensAt: Date;
  /** The last instant at which an objection is still accepted (inclusive). */
  closesAt: Date;
}

export type PublicityStatus = "scheduled" | "open" | "closed";

export const STATUS_LABELS: Record<PublicityStatus, string> = {
  scheduled: "即将开始",
  open: "公示中",
  closed: "已结束",
};

// PublicityOutcome 公示结果: what became of an entry after the window closed.
export const ENTRY_OUTCOMES = ["recommended", "withdrawn", "under_verification"] as const;
export type EntryOutcome = (typeof ENTRY_OUTCOMES)[number];

export const ENTRY_OUTCOME_LABELS: Record<EntryOutcome, string> = {
  recommended: "拟推荐",
  withdrawn: "撤回",
  under_verification: "核实中",
};

// LetterDating 信函计时: which postmark decides whether a letter arrived in time.
export type LetterDating = "postmark_dispatch" | "postmark_arrival";

export const LETTER_DATING_LABELS: Record<LetterDating, string> = {
  postmark_dispatch: "以寄出邮戳日期为准",
  postmark_arrival: "以到达邮戳日期为准",
};

/** The 2026 rules publicise for one week (seed 000 §20); earlier national lists ran two weeks. */
export const DEFAULT_PUBLICITY_DAYS = 7;

export function publicityStatus(w: PublicityWindow, now: Date): PublicityStatus {
  const t = now.getTime();
  if (t < w.opensAt.getTime()) return "scheduled";
  if (t <= w.closesAt.getTime()) return "open";
  return "closed";
}

/** Problems with a window in Chinese; empty when it is usable. */
export function validateWindow(w: PublicityWindow): string[] {
  if (Number.isNaN(w.opensAt.getTime()) || Number.isNaN(w.closesAt.getTime())) return ["公示起止时间无效"];
  if (w.closesAt.getTime() <= w.opensAt.getTime()) {
    return [`公示截止时间（${formatShanghai(w.closesAt)}）必须晚于开始时间（${formatShanghai(w.opensAt)}）`];
  }
  return [];
}

/** '2026年11月23日 09:00至2026年11月29日 23:59' */
export function describeWindow(w: PublicityWindow): string {
  return `${formatShanghai(w.opensAt)}至${formatShanghai(w.closesAt)}`;
}

export type ObjectionCheck =
  | { allowed: true }
  | { allowed: false; status: Exclude<PublicityStatus, "open">; reason: string };

/** The server clock decides (DESIGN.md §4); outside the window the form offers a complaint or lead instead. */
export function objectionAllowed(w: PublicityWindow, now: Date): ObjectionCheck {
  const status = publicityStatus(w, now);
  if (status === "open") return { allowed: true };
  if (status === "scheduled") {
    return {
      allowed: false,
      status,
      reason: `公示尚未开始。公示期为${describeWindow(w)}，请在公示期内提出异议。`,
    };
  }
  return {
    allowed: false,
    status,
    reason: `公示已于${formatShanghai(w.closesAt)}结束（公示期为${describeWindow(w)}），不再受理异议；如有问题，可作为投诉或舆情线索提交。`,
  };
}

/**
 * A letter is in time when its postmark date (dispatch or arrival, as the list says) falls on a Shanghai day of
 * the window. Postmarks carry no time of day, so a cut-off time on the last day cannot apply to letters.
 */
export function letterInTime(w: PublicityWindow, postmarkDate: DateString): boolean {
  if (!isDateString(postmarkDate)) return false;
  return postmarkDate >= shanghaiDate(w.opensAt) && postmarkDate <= shanghaiDate(w.closesAt);
}

/**
 * The default closing instant: the last day is the opening's Shanghai date + days − 1 (the opening day counts),
 * closing at the list's cut-off time that day if it names one, else at 23:59:59.
 */
export function defaultClosesAt(opensAt: Date, days = DEFAULT_PUBLICITY_DAYS, cutoffTime?: string): Date {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`公示天数必须是正整数（收到 ${days}）`);
  const lastDay = addCalendarDays(shanghaiDate(opensAt), days - 1);
  const closesAt = cutoffTime === undefined ? shanghaiEndOfDay(lastDay) : shanghaiAt(lastDay, cutoffTime);
  if (closesAt.getTime() <= opensAt.getTime()) {
    throw new RangeError(`截止时间 ${formatShanghai(closesAt)} 早于公示开始时间 ${formatShanghai(opensAt)}`);
  }
  return closesAt;
}

export interface TimeLeft {
  days: number;
  hours: number;
  minutes: number;
}

/** Whole days, hours and minutes until the window closes; null unless the window is open. */
export function timeLeft(w: PublicityWindow, now: Date): TimeLeft | null {
  if (publicityStatus(w, now) !== "open") return null;
  const totalMinutes = Math.floor((w.closesAt.getTime() - now.getTime()) / 60_000);
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  };
}

/** '剩余 2 天 3 小时 5 分钟' / '不足 1 分钟' */
export function describeTimeLeft(left: TimeLeft): string {
  const parts: string[] = [];
  if (left.days > 0) parts.push(`${left.days} 天`);
  if (left.hours > 0) parts.push(`${left.hours} 小时`);
  if (left.minutes > 0) parts.push(`${left.minutes} 分钟`);
  return parts.length === 0 ? "不足 1 分钟" : `剩余 ${parts.join(" ")}`;
}

/** What the page says when a window was changed: the old and new dates, never silently. */
export function describeExtension(original: PublicityWindow, extended: PublicityWindow): string {
  const oldEnd = formatShanghai(original.closesAt);
  const newEnd = formatShanghai(extended.closesAt);
  const opensMoved = original.opensAt.getTime() !== extended.opensAt.getTime();
  const start = opensMoved
    ? `开始时间由${formatShanghai(original.opensAt)}调整为${formatShanghai(extended.opensAt)}；`
    : "";
  const diff = extended.closesAt.getTime() - original.closesAt.getTime();
  if (diff > 0) return `公示期已延长：${start}原定${oldEnd}截止，延长至${newEnd}截止。`;
  if (diff < 0) return `公示期已调整：${start}原定${oldEnd}截止，提前至${newEnd}截止。`;
  return opensMoved ? `公示期已调整：${start}截止时间${newEnd}不变。` : `公示期未变更（${newEnd}截止）。`;
}

/** '公示期：2026年11月23日至2026年11月29日（共7天）' — the date-only line used in lists and feeds. */
export function describeWindowDates(w: PublicityWindow): string {
  const first = shanghaiDate(w.opensAt);
  const last = shanghaiDate(w.closesAt);
  const days = calendarDaysBetween(first, last) + 1;
  return `公示期：${formatDateCn(first)}至${formatDateCn(last)}（共${days}天）`;
}
