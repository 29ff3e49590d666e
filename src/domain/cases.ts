// Case 受理件: the state machine of DESIGN.md §4 — states, named sets, and a transition that either returns the
// new state with its event or a typed refusal (STYLE.md #2). Time is a parameter.
import { advanceClock, DEFAULT_CLOCK_POLICY, NO_CLOCK, type CaseClock, type ClockPolicy } from "./clock.ts";
import { RETURN_WINDOW_WORKING_DAYS } from "./deadlines.ts";
import type { Kind } from "./routing.ts";
import { formatShanghai } from "./time.ts";

// prettier-ignore
export const CASE_STATES = [
  "submitted", "accepted", "not_accepted", "assigned", "verifying", "findings_submitted", "concluded", "rectifying",
  "rectification_submitted", "closed", "merged",
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  submitted: "待受理",
  accepted: "已受理",
  not_accepted: "不予受理",
  assigned: "已交办",
  verifying: "核实中",
  findings_submitted: "核实结果审核中",
  concluded: "已作出结论",
  rectifying: "整改中",
  rectification_submitted: "整改情况审核中",
  closed: "已办结",
  merged: "已合并办理",
};

// prettier-ignore
export const OPEN_STATES = [
  "submitted", "accepted", "assigned", "verifying", "findings_submitted", "concluded", "rectifying",
  "rectification_submitted",
] as const satisfies readonly CaseState[];
export const CLOSED_STATES = ["not_accepted", "closed", "merged"] as const satisfies readonly CaseState[];
/** States in which a unit holds the case and its clock runs against that unit. */
export const UNIT_STATES = ["assigned", "verifying", "rectifying"] as const satisfies readonly CaseState[];
export const RETURNABLE_STATES = ["assigned", "verifying"] as const satisfies readonly CaseState[];

export function isCaseState(value: string): value is CaseState {
  return (CASE_STATES as readonly string[]).includes(value);
}

/** A stored state; the database constrains it to CASE_STATES, so anything else is corrupt data, never 待受理. */
export function caseState(value: string): CaseState {
  if (!isCaseState(value)) throw new RangeError(`未知的受理件状态：${value}`);
  return value;
}

export function isOpenState(state: CaseState): boolean {
  return (OPEN_STATES as readonly CaseState[]).includes(state);
}

// Finding 核实结论
export const FINDINGS = ["substantiated", "partly", "unsubstantiated"] as const;
export type Finding = (typeof FINDINGS)[number];
export const FINDING_LABELS: Record<Finding, string> = { substantiated: "属实", partly: "部分属实", unsubstantiated: "不属实" };

// Role 角色
export type Role = "admin" | "officer" | "handler" | "auditor";
export const ROLE_LABELS: Record<Role, string> = { admin: "系统管理员", officer: "自治区爱卫办工作人员", handler: "办理单位", auditor: "审计员" };

/** How a staff member is named in timelines and the audit log: 姓名（角色）. */
export function staffLabel(p: { displayName: string; role: string }): string {
  return `${p.displayName}（${ROLE_LABELS[p.role as Role] ?? p.role}）`;
}

export const HANDLER_ACTIONS = ["start", "submit_findings", "report_rectification", "return_to_office"] as const;
// prettier-ignore
export const OFFICE_ACTIONS = [
  "accept", "refuse", "assign", "handle_self", "return_findings", "conclude", "order_rectification", "close",
  "accept_rectification", "reject_rectification", "merge",
] as const;
export type CaseActionType = (typeof HANDLER_ACTIONS)[number] | (typeof OFFICE_ACTIONS)[number];

export const ACTION_LABELS: Record<CaseActionType, string> = {
  accept: "受理",
  refuse: "不予受理",
  assign: "交办",
  handle_self: "自行核实",
  start: "开始核实",
  submit_findings: "报送核实结果",
  return_findings: "退回重新核实",
  conclude: "作出结论并答复",
  order_rectification: "责令整改",
  close: "办结",
  report_rectification: "报送整改情况",
  accept_rectification: "整改验收通过",
  reject_rectification: "整改验收不通过",
  return_to_office: "退回自治区爱卫办",
  merge: "合并办理",
};

/** Events outside the state machine: clock, extension, feedback. */
const OTHER_EVENT_LABELS: Record<string, string> = {
  submit: "提交",
  extend: "延期",
  extension_requested: "申请延期",
  extension_refused: "延期申请未批准",
  pause: "暂停计时（待补充材料）",
  resume: "恢复计时",
  deadline_recomputed: "按节假日安排重新计算期限",
  rate: "反映人评价",
  reexam_requested: "申请复查",
  reexam_reopened: "复查：重新办理",
  reexam_upheld: "复查：维持原结论",
};

export function eventLabel(action: string): string {
  return (ACTION_LABELS as Record<string, string>)[action] ?? OTHER_EVENT_LABELS[action] ?? action;
}

export const TRANSITIONS: Record<CaseActionType, { from: readonly CaseState[]; to: CaseState }> = {
  accept: { from: ["submitted"], to: "accepted" },
  refuse: { from: ["submitted"], to: "not_accepted" },
  assign: { from: ["accepted"], to: "assigned" },
  handle_self: { from: ["accepted"], to: "verifying" },
  start: { from: ["assigned"], to: "verifying" },
  submit_findings: { from: ["verifying"], to: "findings_submitted" },
  return_findings: { from: ["findings_submitted"], to: "verifying" },
  conclude: { from: ["findings_submitted"], to: "concluded" },
  order_rectification: { from: ["concluded"], to: "rectifying" },
  close: { from: ["concluded"], to: "closed" },
  report_rectification: { from: ["rectifying"], to: "rectification_submitted" },
  accept_rectification: { from: ["rectification_submitted"], to: "closed" },
  reject_rectification: { from: ["rectification_submitted"], to: "rectifying" },
  return_to_office: { from: RETURNABLE_STATES, to: "accepted" },
  merge: { from: OPEN_STATES, to: "merged" },
};

export type CaseId = string | number;

interface Notes {
  publicNote?: string;
  internalNote?: string;
}

export type CaseAction = Notes &
  (
    | { type: "accept" | "handle_self" | "start" | "close" | "accept_rectification" }
    | { type: "refuse" | "return_findings" | "reject_rectification" | "return_to_office"; reason: string }
    | { type: "assign"; unitId: string }
    | { type: "submit_findings"; finding: Finding; summary: string }
    | { type: "conclude"; finding: Finding; publicReply: string }
    | { type: "order_rectification"; workingDays?: number; /** The problem as published in 整改公示, without the submitter. */ problem?: string }
    | { type: "report_rectification"; summary?: string }
    | { type: "merge"; intoCaseId: CaseId }
  );

export interface CaseSnapshot {
  id: CaseId;
  state: CaseState;
  kind?: Kind;
  /** The unit the case is assigned to; a handler may act only on its own unit's cases. */
  assignedUnitId?: string | null;
  /** Set by handle_self: the office verifies the case itself and so also performs the handler's steps. */
  handledByOffice?: boolean;
  finding?: Finding | null;
  rectificationOrdered?: boolean;
  /** End of the 5-working-day return window of the current assignment (信访工作条例 Art. 23), computed by the caller. */
  returnDeadline?: Date | null;
  /** The case's clock before the action; the result carries the clock after it. */
  clock?: CaseClock;
  clockPolicy?: ClockPolicy;
}

export interface Actor {
  role: Role;
  unitId?: string | null;
  userId: string;
}

export interface CaseEventDraft {
  action: CaseActionType;
  from: CaseState;
  to: CaseState;
  at: Date;
  actorId: string;
  publicNote?: string;
  internalNote?: string;
  /** The stated reason, for the audit log as well. */
  reason?: string;
  unitId?: string | null;
  finding?: Finding;
  workingDays?: number;
  intoCaseId?: CaseId;
}

export type RefusalCode =
  | "forbidden_role"
  | "forbidden_action"
  | "not_your_unit"
  | "illegal_state"
  | "reason_required"
  | "invalid_argument"
  | "rectification_not_applicable"
  | "rectification_pending"
  | "return_window_missing"
  | "return_window_expired";

export type TransitionResult =
  | { ok: true; to: CaseState; event: CaseEventDraft; clock: CaseClock }
  | { ok: false; code: RefusalCode; reason: string };

type Refusal = Extract<TransitionResult, { ok: false }>;
const refuse = (code: RefusalCode, reason: string): Refusal => ({ ok: false, code, reason });
const blank = (s: string | undefined | null) => (s ?? "").trim() === "";
/** Staff of the regional office (自治区爱卫办): they route, decide and publish. */
export const isOffice = (a: Pick<Actor, "role">) => a.role === "admin" || a.role === "officer";
const isHandlerAction = (t: CaseActionType) => (HANDLER_ACTIONS as readonly string[]).includes(t);

/** Who may do what: role, then unit, then state — so a foreign unit learns nothing about the case's state. */
function permission(c: CaseSnapshot, type: CaseActionType, actor: Actor, now: Date): Refusal | null {
  const label = ACTION_LABELS[type];
  if (actor.role === "auditor") return refuse("forbidden_role", "审计员只能查看，不能办理受理件");
  if (isHandlerAction(type)) {
    if (actor.role === "handler") {
      if (!actor.unitId || actor.unitId !== c.assignedUnitId || c.handledByOffice) {
        return refuse("not_your_unit", "该受理件未交办给本单位，不能办理");
      }
    } else if (!c.handledByOffice || type === "return_to_office") {
      return refuse("forbidden_action", `“${label}”由承办单位执行`);
    }
  } else if (!isOffice(actor)) {
    return refuse("forbidden_action", `办理单位不能执行“${label}”，该操作由自治区爱卫办执行`);
  }
  if (!TRANSITIONS[type].from.includes(c.state)) {
    return refuse("illegal_state", `受理件当前状态为“${CASE_STATE_LABELS[c.state]}”，不能执行“${label}”`);
  }
  if (type === "return_to_office") {
    if (!c.returnDeadline) return refuse("return_window_missing", "缺少本次交办的退回期限，无法退回，请联系自治区爱卫办");
    if (now.getTime() > c.returnDeadline.getTime()) {
      return refuse(
        "return_window_expired",
        `交办后${RETURN_WINDOW_WORKING_DAYS}个工作日内方可退回，退回期限已于${formatShanghai(c.returnDeadline)}届满；如确非本单位职责，请联系自治区爱卫办`,
      );
    }
  }
  return null;
}

const REASON_REQUIRED: Partial<Record<CaseActionType, string>> = {
  refuse: "不予受理必须说明理由",
  return_findings: "退回重新核实必须说明理由",
  reject_rectification: "整改验收不通过必须说明理由",
  return_to_office: "退回自治区爱卫办必须说明理由",
};

function joinNotes(...notes: (string | undefined)[]): string | undefined {
  const kept = notes.map((n) => n?.trim()).filter((n): n is string => !!n);
  return kept.length > 0 ? kept.join("\n") : undefined;
}

export function transition(c: CaseSnapshot, action: CaseAction, actor: Actor, now: Date): TransitionResult {
  const denied = permission(c, action.type, actor, now);
  if (denied) return denied;

  const event: CaseEventDraft = {
    action: action.type,
    from: c.state,
    to: TRANSITIONS[action.type].to,
    at: now,
    actorId: actor.userId,
  };
  let publicNote = action.publicNote?.trim() || undefined;
  let internalNote = action.internalNote?.trim() || undefined;

  switch (action.type) {
    case "refuse":
    case "return_findings":
    case "reject_rectification":
    case "return_to_office": {
      if (blank(action.reason)) return refuse("reason_required", REASON_REQUIRED[action.type] ?? "必须说明理由");
      event.reason = action.reason.trim();
      // The submitter is told why the case was not accepted; the other reasons pass between office and unit.
      if (action.type === "refuse") publicNote ??= event.reason;
      else internalNote = joinNotes(event.reason, internalNote);
      if (action.type === "return_to_office") event.unitId = null;
      break;
    }
    case "assign":
      if (blank(action.unitId)) return refuse("invalid_argument", "请选择交办单位");
      event.unitId = action.unitId;
      break;
    case "submit_findings":
      if (!FINDINGS.includes(action.finding)) return refuse("invalid_argument", "请选择核实结论");
      if (blank(action.summary)) return refuse("invalid_argument", "请填写核实情况");
      event.finding = action.finding;
      internalNote = joinNotes(action.summary, internalNote);
      break;
    case "conclude":
      if (!FINDINGS.includes(action.finding)) return refuse("invalid_argument", "请选择核实结论");
      if (blank(action.publicReply)) return refuse("invalid_argument", "作出结论必须填写公开答复");
      event.finding = action.finding;
      publicNote = action.publicReply.trim();
      break;
    case "order_rectification": {
      if (c.finding !== "substantiated" && c.finding !== "partly") {
        const f = c.finding ? `核实结论为“${FINDING_LABELS[c.finding]}”` : "尚无核实结论";
        return refuse("rectification_not_applicable", `${f}，不能责令整改`);
      }
      const days = action.workingDays ?? (c.clockPolicy ?? DEFAULT_CLOCK_POLICY).rectify;
      if (!Number.isInteger(days) || days < 1) return refuse("invalid_argument", `整改期限必须是正整数个工作日（收到 ${days}）`);
      event.workingDays = days;
      break;
    }
    case "close":
      if (c.rectificationOrdered) return refuse("rectification_pending", "已责令整改的受理件须整改验收通过后才能办结");
      break;
    case "report_rectification":
      internalNote = joinNotes(action.summary, internalNote);
      break;
    case "merge":
      if (blank(String(action.intoCaseId))) return refuse("invalid_argument", "请指定合并到的受理件");
      if (String(action.intoCaseId) === String(c.id)) return refuse("invalid_argument", "受理件不能与自身合并");
      event.intoCaseId = action.intoCaseId;
      // Never name the other case publicly: it may belong to someone else.
      publicNote ??= "本件与反映同一问题的其他受理件合并办理，办理结果将一并答复。";
      break;
    case "handle_self":
      event.unitId = null;
      break;
    case "accept":
    case "start":
    case "accept_rectification":
      break;
  }
  if (publicNote) event.publicNote = publicNote;
  if (internalNote) event.internalNote = internalNote;
  const clock = advanceClock(c.clock ?? NO_CLOCK, event, { objection: c.kind === "objection", ...(c.clockPolicy ? { policy: c.clockPolicy } : {}) });
  return { ok: true, to: event.to, event, clock };
}

/** The actions an actor could take now (payload aside) — what the back office offers as buttons. */
export function allowedActions(c: CaseSnapshot, actor: Actor, now: Date): CaseActionType[] {
  const all = [...OFFICE_ACTIONS, ...HANDLER_ACTIONS] as CaseActionType[];
  return all.filter((t) => permission(c, t, actor, now) === null);
}

export interface PublicStatus {
  open311: "open" | "closed";
  label: string;
}

/** For /track, feeds and Open311: "closed" states what happened, never that the problem was fixed. */
export function publicStatus(state: CaseState, detail: { finding?: Finding | null; rectified?: boolean } = {}): PublicStatus {
  const open311 = isOpenState(state) ? "open" : "closed";
  if (state === "closed" && detail.finding) {
    const f = `经核实${FINDING_LABELS[detail.finding]}`;
    return { open311, label: `已办结（${f}${detail.rectified ? "，整改已验收" : ""}）` };
  }
  return { open311, label: CASE_STATE_LABELS[state] };
}
