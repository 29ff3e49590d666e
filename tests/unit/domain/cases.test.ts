import { describe, expect, it } from "vitest";
import {
  allowedActions,
  CASE_STATE_LABELS,
  CASE_STATES,
  CLOSED_STATES,
  HANDLER_ACTIONS,
  OFFICE_ACTIONS,
  OPEN_STATES,
  publicStatus,
  transition,
} from "../../../src/domain/cases.ts";
import type { Actor, CaseActionType, CaseSnapshot, CaseState } from "../../../src/domain/cases.ts";
import { advanceClock, NO_CLOCK, returnWindowEnd } from "../../../src/domain/clock.ts";
import { casePayloads } from "../../support/case-actions.ts";
import { fixtureCalendar } from "./chinese-days-fixture.ts";

const now = new Date("2026-10-09T02:00:00Z");
const officer: Actor = { role: "officer", userId: "u-officer" };
const admin: Actor = { role: "admin", userId: "u-admin" };
const handler: Actor = { role: "handler", unitId: "unit-150600", userId: "u-ordos" };
const otherHandler: Actor = { role: "handler", unitId: "unit-150700", userId: "u-hulunbuir" };
const auditor: Actor = { role: "auditor", userId: "u-auditor" };
const farFuture = new Date("2099-01-01T00:00:00Z");

const snap = (state: CaseState, extra: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  id: 42,
  state,
  assignedUnitId: "unit-150600",
  finding: "substantiated",
  returnDeadline: farFuture,
  ...extra,
});

const payloads = casePayloads();

const actorFor = (t: CaseActionType): Actor => ((HANDLER_ACTIONS as readonly string[]).includes(t) ? handler : officer);

// The diagram of DESIGN.md §4, written out independently of the TRANSITIONS table.
const expected: [CaseActionType, CaseState, CaseState][] = [
  ["accept", "submitted", "accepted"],
  ["refuse", "submitted", "not_accepted"],
  ["assign", "accepted", "assigned"],
  ["handle_self", "accepted", "verifying"],
  ["start", "assigned", "verifying"],
  ["submit_findings", "verifying", "findings_submitted"],
  ["return_findings", "findings_submitted", "verifying"],
  ["conclude", "findings_submitted", "concluded"],
  ["order_rectification", "concluded", "rectifying"],
  ["close", "concluded", "closed"],
  ["report_rectification", "rectifying", "rectification_submitted"],
  ["accept_rectification", "rectification_submitted", "closed"],
  ["reject_rectification", "rectification_submitted", "rectifying"],
  ["return_to_office", "assigned", "accepted"],
  ["return_to_office", "verifying", "accepted"],
  ...OPEN_STATES.map((s): [CaseActionType, CaseState, CaseState] => ["merge", s, "merged"]),
];

describe("states and named sets", () => {
  it("splits every state into open or closed", () => {
    expect([...OPEN_STATES, ...CLOSED_STATES].sort()).toEqual([...CASE_STATES].sort());
    expect(CLOSED_STATES).toEqual(["not_accepted", "closed", "merged"]);
  });
  it("separates handler and office actions", () => {
    expect(HANDLER_ACTIONS).toEqual(["start", "submit_findings", "report_rectification", "return_to_office"]);
    expect(OFFICE_ACTIONS.filter((a) => (HANDLER_ACTIONS as readonly string[]).includes(a))).toEqual([]);
    expect(OFFICE_ACTIONS).toHaveLength(11);
  });
});

describe("every allowed transition", () => {
  it.each(expected)("%s: %s → %s", (action, from, to) => {
    const r = transition(snap(from), payloads[action], actorFor(action), now);
    expect(r).toMatchObject({ ok: true, to, event: { action, from, to, at: now, actorId: actorFor(action).userId } });
  });
});

describe("every other state is refused", () => {
  const allowed = new Set(expected.map(([a, from]) => `${a}:${from}`));
  const illegal = (Object.keys(payloads) as CaseActionType[]).flatMap((a) =>
    CASE_STATES.filter((s) => !allowed.has(`${a}:${s}`)).map((s): [CaseActionType, CaseState] => [a, s]),
  );
  it("covers the full matrix", () => {
    expect(illegal.length + expected.length).toBe(15 * 11);
  });
  it.each(illegal)("%s from %s", (action, from) => {
    const r = transition(snap(from), payloads[action], actorFor(action), now);
    expect(r).toEqual({
      ok: false,
      code: "illegal_state",
      reason: expect.stringMatching(new RegExp(`^受理件当前状态为“${CASE_STATE_LABELS[from]}”，不能执行“`)),
    });
  });
  it("names the state and the action", () => {
    expect(transition(snap("closed"), payloads.accept, officer, now)).toEqual({
      ok: false,
      code: "illegal_state",
      reason: "受理件当前状态为“已办结”，不能执行“受理”",
    });
  });
});

describe("roles", () => {
  it("lets the auditor do nothing", () => {
    for (const [action, from] of expected) {
      expect(transition(snap(from), payloads[action], auditor, now)).toEqual({
        ok: false,
        code: "forbidden_role",
        reason: "审计员只能查看，不能办理受理件",
      });
    }
    expect(allowedActions(snap("submitted"), auditor, now)).toEqual([]);
  });

  it("refuses a handler of another unit before revealing the state", () => {
    for (const action of HANDLER_ACTIONS) {
      expect(transition(snap("closed"), payloads[action], otherHandler, now)).toEqual({
        ok: false,
        code: "not_your_unit",
        reason: "该受理件未交办给本单位，不能办理",
      });
    }
    expect(transition(snap("assigned", { assignedUnitId: null }), payloads.start, handler, now)).toMatchObject({
      code: "not_your_unit",
    });
  });

  it("refuses office actions to handlers", () => {
    expect(transition(snap("submitted"), payloads.accept, handler, now)).toEqual({
      ok: false,
      code: "forbidden_action",
      reason: "办理单位不能执行“受理”，该操作由自治区爱卫办执行",
    });
  });

  it("lets admins act as the office", () => {
    expect(transition(snap("submitted"), payloads.accept, admin, now)).toMatchObject({ ok: true, to: "accepted" });
  });

  it("keeps the office out of a unit's steps unless it handles the case itself", () => {
    expect(transition(snap("assigned"), payloads.start, officer, now)).toEqual({
      ok: false,
      code: "forbidden_action",
      reason: "“开始核实”由承办单位执行",
    });
    const self = snap("verifying", { assignedUnitId: null, handledByOffice: true });
    expect(transition(self, payloads.submit_findings, officer, now)).toMatchObject({ ok: true, to: "findings_submitted" });
    expect(transition(self, payloads.submit_findings, handler, now)).toMatchObject({ code: "not_your_unit" });
    expect(transition(self, payloads.return_to_office, officer, now)).toMatchObject({ code: "forbidden_action" });
    const rect = snap("rectifying", { assignedUnitId: null, handledByOffice: true });
    expect(transition(rect, payloads.report_rectification, admin, now)).toMatchObject({ ok: true });
  });
});

describe("reasons and arguments", () => {
  it.each([
    ["refuse", "submitted", officer, "不予受理必须说明理由"],
    ["return_findings", "findings_submitted", officer, "退回重新核实必须说明理由"],
    ["reject_rectification", "rectification_submitted", officer, "整改验收不通过必须说明理由"],
    ["return_to_office", "assigned", handler, "退回自治区爱卫办必须说明理由"],
  ] as const)("%s needs a reason", (type, from, actor, message) => {
    const r = transition(snap(from), { type, reason: "  \n " }, actor, now);
    expect(r).toEqual({ ok: false, code: "reason_required", reason: message });
  });

  it("checks the other arguments", () => {
    expect(transition(snap("accepted"), { type: "assign", unitId: " " }, officer, now)).toEqual({
      ok: false,
      code: "invalid_argument",
      reason: "请选择交办单位",
    });
    expect(transition(snap("verifying"), { type: "submit_findings", finding: "partly", summary: "" }, handler, now)).toMatchObject({
      reason: "请填写核实情况",
    });
    expect(
      transition(snap("findings_submitted"), { type: "conclude", finding: "partly", publicReply: " " }, officer, now),
    ).toMatchObject({ reason: "作出结论必须填写公开答复" });
    expect(transition(snap("concluded"), { type: "order_rectification", workingDays: 0 }, officer, now)).toMatchObject({
      reason: "整改期限必须是正整数个工作日（收到 0）",
    });
    expect(transition(snap("verifying"), { type: "merge", intoCaseId: "42" }, officer, now)).toMatchObject({
      reason: "受理件不能与自身合并",
    });
  });

  it("orders rectification only for substantiated findings", () => {
    expect(transition(snap("concluded", { finding: "unsubstantiated" }), payloads.order_rectification, officer, now)).toEqual({
      ok: false,
      code: "rectification_not_applicable",
      reason: "核实结论为“不属实”，不能责令整改",
    });
    expect(transition(snap("concluded", { finding: null }), payloads.order_rectification, officer, now)).toMatchObject({
      reason: "尚无核实结论，不能责令整改",
    });
    const r = transition(snap("concluded"), { type: "order_rectification" }, officer, now);
    expect(r.ok && r.event.workingDays).toBe(20);
  });

  it("does not close a case whose rectification was ordered", () => {
    expect(transition(snap("concluded", { rectificationOrdered: true }), payloads.close, officer, now)).toEqual({
      ok: false,
      code: "rectification_pending",
      reason: "已责令整改的受理件须整改验收通过后才能办结",
    });
  });
});

describe("the return window (5 working days after assignment)", () => {
  const cal = fixtureCalendar([2026]);
  // assigned 2026-09-29 → window ends 2026-10-12 23:59:59 across 国庆
  const assigned = advanceClock(NO_CLOCK, { action: "assign", at: new Date("2026-09-29T03:00:00Z") }, { objection: false });
  const returnDeadline = returnWindowEnd(assigned, cal, 5);
  const c = snap("verifying", { returnDeadline });

  it("allows a return up to the last second", () => {
    const r = transition(c, payloads.return_to_office, handler, new Date("2026-10-12T15:59:59Z"));
    expect(r).toMatchObject({ ok: true, to: "accepted", event: { unitId: null, reason: "所涉地点属锡林郭勒盟" } });
  });

  it("refuses a return after the window", () => {
    expect(transition(c, payloads.return_to_office, handler, new Date("2026-10-12T16:00:00Z"))).toEqual({
      ok: false,
      code: "return_window_expired",
      reason: "交办后5个工作日内方可退回，退回期限已于2026年10月12日 23:59届满；如确非本单位职责，请联系自治区爱卫办",
    });
    expect(allowedActions(c, handler, new Date("2026-10-12T16:00:00Z"))).toEqual(["submit_findings"]);
  });

  it("refuses a return when the caller did not pass the window", () => {
    expect(transition(snap("assigned", { returnDeadline: null }), payloads.return_to_office, handler, now)).toMatchObject({
      code: "return_window_missing",
    });
  });
});

describe("event drafts", () => {
  it("tells the submitter why a case was refused", () => {
    const r = transition(snap("submitted"), payloads.refuse, officer, now);
    expect(r.ok && r.event).toEqual({
      action: "refuse",
      from: "submitted",
      to: "not_accepted",
      at: now,
      actorId: "u-officer",
      reason: "反映事项不属于爱国卫生工作范围",
      publicNote: "反映事项不属于爱国卫生工作范围",
    });
  });

  it("keeps office–unit reasons internal", () => {
    const r = transition(snap("findings_submitted"), { ...payloads.return_findings, internalNote: "请周五前补报" }, officer, now);
    expect(r.ok && r.event).toMatchObject({ internalNote: "未附现场照片\n请周五前补报", reason: "未附现场照片" });
    expect(r.ok && r.event.publicNote).toBeUndefined();
  });

  it("records findings, replies, units and merges", () => {
    const f = transition(snap("verifying"), payloads.submit_findings, handler, now);
    expect(f.ok && f.event).toMatchObject({ finding: "partly", internalNote: "现场核实：背街小巷存在垃圾堆放" });
    const c = transition(snap("findings_submitted"), payloads.conclude, officer, now);
    expect(c.ok && c.event).toMatchObject({ finding: "partly", publicNote: "经核实，反映问题部分属实，已责成属地整改。" });
    const a = transition(snap("accepted", { assignedUnitId: null }), payloads.assign, officer, now);
    expect(a.ok && a.event.unitId).toBe("unit-150600");
    const m = transition(snap("verifying"), payloads.merge, officer, now);
    expect(m.ok && m.event).toMatchObject({
      intoCaseId: 7,
      publicNote: "本件与反映同一问题的其他受理件合并办理，办理结果将一并答复。",
    });
  });
});

describe("allowedActions", () => {
  it("offers the office and the unit their buttons", () => {
    expect(allowedActions(snap("submitted"), officer, now)).toEqual(["accept", "refuse", "merge"]);
    expect(allowedActions(snap("accepted"), officer, now)).toEqual(["assign", "handle_self", "merge"]);
    expect(allowedActions(snap("assigned"), handler, now)).toEqual(["start", "return_to_office"]);
    expect(allowedActions(snap("assigned"), otherHandler, now)).toEqual([]);
  });
});

describe("publicStatus", () => {
  it("maps to Open311 open/closed without calling closed 'fixed'", () => {
    expect(publicStatus("verifying")).toEqual({ open311: "open", label: "核实中" });
    expect(publicStatus("concluded")).toEqual({ open311: "open", label: "已作出结论" });
    expect(publicStatus("not_accepted")).toEqual({ open311: "closed", label: "不予受理" });
    expect(publicStatus("merged")).toEqual({ open311: "closed", label: "已合并办理" });
    expect(publicStatus("closed")).toEqual({ open311: "closed", label: "已办结" });
    expect(publicStatus("closed", { finding: "unsubstantiated" })).toEqual({ open311: "closed", label: "已办结（经核实不属实）" });
    expect(publicStatus("closed", { finding: "substantiated", rectified: true }).label).toBe("已办结（经核实属实，整改已验收）");
  });
});
