// Case clock 办理时限: the one rule for when a case's current stage is due (DESIGN.md §4). A case's clock is a fold
// of its events into stage runs; each run's deadline comes from its start, its working days, its approved
// extensions and its paused working days, on the calendar and at the time the caller passes in.
import type { WorkingCalendar } from "./calendar.ts";
import { describeDeadline, workingDaysBetween, workingDeadline, type Deadline } from "./deadlines.ts";
import { addCalendarDays, shanghaiDate, shanghaiEndOfDay, yearOf, type DateString } from "./time.ts";

// Stage 办理阶段: which clock runs. 受理 → 交办 → 核实 → 审核, and 整改 when ordered.
export const STAGES = ["accept", "assign", "verify", "review", "rectify"] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  accept: "受理",
  assign: "交办",
  verify: "核实",
  review: "审核",
  rectify: "整改",
};

/** Periods in working days; DESIGN.md's defaults, overridable by configuration. */
export interface ClockPolicy {
  accept: number;
  objectionAccept: number;
  assign: number;
  verify: number;
  objectionVerify: number;
  review: number;
  rectify: number;
  /** At most this many working days of extension per stage run, whatever states it passes through. */
  extensionCap: number;
}

export const DEFAULT_CLOCK_POLICY: ClockPolicy = {
  accept: 2,
  objectionAccept: 1,
  assign: 2,
  verify: 10,
  objectionVerify: 5,
  review: 3,
  rectify: 20,
  extensionCap: 10,
};

export function stageWorkingDays(stage: Stage, objection: boolean, policy: ClockPolicy = DEFAULT_CLOCK_POLICY): number {
  switch (stage) {
    case "accept":
      return objection ? policy.objectionAccept : policy.accept;
    case "verify":
      return objection ? policy.objectionVerify : policy.verify;
    default:
      return policy[stage];
  }
}

/** 补正: the clock stops on the day the office asks and runs again on the day the answer arrives. */
export interface Pause {
  from: Date;
  to: Date | null;
}

export interface StageRun {
  stage: Stage;
  startedAt: Date;
  workingDays: number;
  extendedDays: number;
  pauses: Pause[];
  /** When the case last left this stage; null while it is the current one. */
  endedAt: Date | null;
}

export interface CaseClock {
  /** Every run, oldest first: a return into a stage continues its last run instead of adding one. */
  runs: StageRun[];
  /** Index of the current run in `runs`, or null when no clock runs (decided, concluded, closed). */
  current: number | null;
}

export const NO_CLOCK: CaseClock = { runs: [], current: null };

/** What the clock needs of a case event: the action, when, and the working days it set (rectification, extension). */
export interface ClockEvent {
  action: string;
  at: Date;
  workingDays?: number | null;
}

export interface ClockContext {
  objection: boolean;
  policy?: ClockPolicy;
}

function clone(clock: CaseClock): CaseClock {
  return { current: clock.current, runs: clock.runs.map((r) => ({ ...r, pauses: r.pauses.map((p) => ({ ...p })) })) };
}

export function currentRun(clock: CaseClock): StageRun | null {
  return clock.current === null ? null : (clock.runs[clock.current] ?? null);
}

/** Leaving a stage ends its pause too: a pause belongs to the stage in which it began. */
function leave(clock: CaseClock, at: Date): void {
  const run = currentRun(clock);
  if (run) {
    run.endedAt = at;
    for (const p of run.pauses) if (!p.to) p.to = at;
  }
  clock.current = null;
}

function begin(clock: CaseClock, stage: Stage, at: Date, workingDays: number): void {
  leave(clock, at);
  clock.runs.push({ stage, startedAt: at, workingDays, extendedDays: 0, pauses: [], endedAt: null });
  clock.current = clock.runs.length - 1;
}

/** Back into a stage left for review: its start, extensions and pauses carry over, so its deadline stays. */
function reenter(clock: CaseClock, stage: Stage, at: Date, fallbackDays: number): void {
  const index = clock.runs.findLastIndex((r) => r.stage === stage);
  if (index < 0) return begin(clock, stage, at, fallbackDays);
  leave(clock, at);
  clock.runs[index]!.endedAt = null;
  clock.current = index;
}

/** What one event does to the clock. Events that do not touch it (ratings, notes, requests) leave it as it is. */
export function advanceClock(clock: CaseClock, e: ClockEvent, ctx: ClockContext): CaseClock {
  const policy = ctx.policy ?? DEFAULT_CLOCK_POLICY;
  const days = (stage: Stage) => stageWorkingDays(stage, ctx.objection, policy);
  const next = clone(clock);
  const run = currentRun(next);
  switch (e.action) {
    case "submit":
      begin(next, "accept", e.at, days("accept"));
      break;
    case "accept":
    case "return_to_office": // the unit's stage ends; the office routes again and the new unit starts afresh
    case "reexam_reopened":
      begin(next, "assign", e.at, days("assign"));
      break;
    case "assign":
      begin(next, "verify", e.at, days("verify"));
      break;
    case "handle_self": {
      // The office verifies itself: verification started when the case was accepted.
      const since = run?.stage === "assign" ? run.startedAt : e.at;
      begin(next, "verify", e.at, days("verify"));
      currentRun(next)!.startedAt = since;
      break;
    }
    case "submit_findings":
    case "report_rectification":
      begin(next, "review", e.at, days("review"));
      break;
    case "return_findings":
      reenter(next, "verify", e.at, days("verify"));
      break;
    case "reject_rectification":
      reenter(next, "rectify", e.at, days("rectify"));
      break;
    case "order_rectification":
      begin(next, "rectify", e.at, e.workingDays ?? days("rectify"));
      break;
    case "refuse":
    case "conclude":
    case "close":
    case "accept_rectification":
    case "merge":
      leave(next, e.at);
      break;
    case "pause":
      if (run && !openPause(run)) run.pauses.push({ from: e.at, to: null });
      break;
    case "resume": {
      const p = run && openPause(run);
      if (p) p.to = e.at;
      break;
    }
    case "extend":
      if (run && e.workingDays) run.extendedDays += e.workingDays;
      break;
  }
  return next;
}

/** The clock a case's events make, oldest first. */
export function clockFromEvents(events: readonly ClockEvent[], ctx: ClockContext): CaseClock {
  return events.reduce((clock, e) => advanceClock(clock, e, ctx), NO_CLOCK);
}

function openPause(run: StageRun): Pause | null {
  return run.pauses.find((p) => p.to === null) ?? null;
}

/** Working days d with from ≤ d < to (Shanghai dates): the day the office asks is given back, the answer's day counts. */
export function pausedWorkingDays(p: { from: Date; to: Date }, cal: WorkingCalendar): number {
  return Math.max(0, workingDaysBetween(addCalendarDays(shanghaiDate(p.from), -1), addCalendarDays(shanghaiDate(p.to), -1), cal));
}

/** The run's deadline as if an open pause ended at `pausedUntil` (the deadline is undefined while paused). */
function runDeadlineUntil(run: StageRun, cal: WorkingCalendar, pausedUntil: Date | null): Deadline {
  let total = run.workingDays + run.extendedDays;
  for (const p of run.pauses) {
    const to = p.to ?? pausedUntil;
    if (to) total += pausedWorkingDays({ from: p.from, to }, cal);
  }
  return workingDeadline(run.startedAt, total, cal);
}

/** A run's deadline, or null while it is paused. */
export function runDeadline(run: StageRun, cal: WorkingCalendar): Deadline | null {
  return openPause(run) ? null : runDeadlineUntil(run, cal, null);
}

export type ClockStatus = "none" | "running" | "due_soon" | "paused" | "overdue";

export const CLOCK_STATUS_LABELS: Record<ClockStatus, string> = {
  none: "不计时",
  running: "办理中",
  due_soon: "即将到期",
  paused: "暂停计时",
  overdue: "已超期",
};

export interface ClockState {
  status: ClockStatus;
  stage: Stage | null;
  /** The running deadline; null when no clock runs or it is paused. */
  deadline: Deadline | null;
  /** Working days from today to the due date (0 on the due date, negative when overdue); while paused, what is left. */
  workingDaysLeft: number | null;
  pausedAt: Date | null;
  /** Working days of extension granted to this stage run. */
  extendedDays: number;
}

/** The instants that split running deadlines into overdue (before `overdueBefore`), due soon and running. */
export function clockWindows(now: Date, cal: WorkingCalendar): { overdueBefore: Date; dueSoonUntil: Date } {
  // Reminders go out at 00:00 of the working day before the due date: from then on the due date is at most the
  // next working day (DESIGN.md §4).
  return { overdueBefore: now, dueSoonUntil: workingDeadline(now, 1, cal).dueAt };
}

export function clockState(clock: CaseClock, now: Date, cal: WorkingCalendar): ClockState {
  const run = currentRun(clock);
  if (!run) return { status: "none", stage: null, deadline: null, workingDaysLeft: null, pausedAt: null, extendedDays: 0 };
  const base = { stage: run.stage, extendedDays: run.extendedDays };
  const pause = openPause(run);
  if (pause) {
    const ifResumed = runDeadlineUntil(run, cal, pause.from);
    const left = workingDaysBetween(addCalendarDays(shanghaiDate(pause.from), -1), ifResumed.dueDate, cal);
    return { ...base, status: "paused", deadline: null, workingDaysLeft: left, pausedAt: pause.from };
  }
  const deadline = runDeadlineUntil(run, cal, null);
  const w = clockWindows(now, cal);
  const status: ClockStatus = deadline.dueAt < w.overdueBefore ? "overdue" : deadline.dueAt <= w.dueSoonUntil ? "due_soon" : "running";
  return { ...base, status, deadline, workingDaysLeft: workingDaysBetween(now, deadline.dueDate, cal), pausedAt: null };
}

/**
 * How a stage's last run stands against its deadline — the public 整改期限 of a rectification, for one. While the run
 * is paused its deadline is the one it would have if the answer arrived `now`.
 */
export function stageOutcome(clock: CaseClock, stage: Stage, now: Date, cal: WorkingCalendar): { deadline: Deadline; late: boolean; running: boolean; paused: boolean } | null {
  const run = clock.runs.findLast((r) => r.stage === stage);
  if (!run) return null;
  const paused = openPause(run) !== null;
  const deadline = runDeadlineUntil(run, cal, paused ? now : null);
  const end = run.endedAt ?? now;
  return { deadline, late: !paused && end > deadline.dueAt, running: run.endedAt === null, paused };
}

/** Whether any stage ended after its deadline, or the current one is past it now (the public on-time rate). */
export function wasLate(clock: CaseClock, now: Date, cal: WorkingCalendar): boolean {
  return clock.runs.some((run) => {
    const deadline = runDeadline(run, cal);
    return deadline !== null && (run.endedAt ?? now) > deadline.dueAt;
  });
}

export type ClockCheck = { ok: true } | { ok: false; reason: string };

/** 要求补充材料: only a running clock can be stopped, and only once at a time. */
export function checkPause(clock: CaseClock): ClockCheck {
  const run = currentRun(clock);
  if (!run) return { ok: false, reason: "当前阶段没有正在计算的期限，无需暂停" };
  if (openPause(run)) return { ok: false, reason: "期限已暂停，请先记录反映人的答复" };
  return { ok: true };
}

export function checkResume(clock: CaseClock): ClockCheck {
  const run = currentRun(clock);
  return run && openPause(run) ? { ok: true } : { ok: false, reason: "期限没有暂停" };
}

/** 延期: the stage run may gain at most `extensionCap` working days in total; a paused clock is resumed first. */
export function checkExtension(clock: CaseClock, extraWorkingDays: number, policy: ClockPolicy = DEFAULT_CLOCK_POLICY): ClockCheck {
  if (!Number.isInteger(extraWorkingDays) || extraWorkingDays < 1) {
    return { ok: false, reason: `延期天数必须是正整数个工作日（收到 ${extraWorkingDays}）` };
  }
  const run = currentRun(clock);
  if (!run) return { ok: false, reason: "当前阶段没有正在计算的期限，不能延期" };
  const cap = policy.extensionCap;
  if (run.extendedDays + extraWorkingDays > cap) {
    const already = run.extendedDays;
    const note = already > 0 ? `；本阶段已延期 ${already} 个工作日，最多还可延期 ${Math.max(0, cap - already)} 个工作日` : "";
    return { ok: false, reason: `每个办理阶段最多延期 ${cap} 个工作日${note}（申请 ${extraWorkingDays} 个工作日）` };
  }
  return { ok: true };
}

/** The last instant a unit may return its assignment: 5 working days after it (信访工作条例 Art. 23). */
export function returnWindowEnd(clock: CaseClock, cal: WorkingCalendar, workingDays: number): Date | null {
  const run = currentRun(clock);
  return run?.stage === "verify" ? workingDeadline(run.startedAt, workingDays, cal).dueAt : null;
}

/** The clock as stored columns, for queries that select by deadline (queues, scheduler): null while paused. */
export function clockColumns(clock: CaseClock, cal: WorkingCalendar) {
  const run = currentRun(clock);
  const pause = run ? openPause(run) : null;
  const deadline = run && !pause ? runDeadlineUntil(run, cal, null) : null;
  return {
    stage: run?.stage ?? null,
    deadlineAt: deadline?.dueAt ?? null,
    deadlineProvisional: deadline?.provisional ?? false,
    pausedAt: pause?.from ?? null,
    extended: (run?.extendedDays ?? 0) > 0,
  };
}

/** How staff and the public read a clock: '2026年12月16日（还剩 3 个工作日，已延期）', '暂停计时…', '已超期…'. */
export function describeClock(s: ClockState): string {
  const extended = s.extendedDays > 0 ? `，已延期 ${s.extendedDays} 个工作日` : "";
  switch (s.status) {
    case "none":
      return "—";
    case "paused":
      return `暂停计时（待补充材料，恢复计时后还剩 ${Math.max(0, s.workingDaysLeft ?? 0)} 个工作日${extended}）`;
    default: {
      const d = s.deadline!;
      const left = s.workingDaysLeft ?? 0;
      const when = s.status === "overdue" ? `已超期 ${Math.max(1, -left)} 个工作日` : left === 0 ? "今日到期" : `还剩 ${left} 个工作日`;
      return `${describeDeadline(d)}（${when}${extended}${d.provisional ? "，节假日安排未公布" : ""}）`;
    }
  }
}

/**
 * A due date without a clock (a record from a circular, outside any case): overdue only once the last second of the
 * day has passed, provisional while its year has no published schedule (a year beyond the calendar counts as one).
 */
export function fixedDueDate(dueDate: DateString, now: Date, cal: WorkingCalendar): { late: boolean; provisional: boolean } {
  return { late: shanghaiEndOfDay(dueDate) < now, provisional: !cal.hasYear(yearOf(dueDate)) || cal.isProvisional(dueDate) };
}
