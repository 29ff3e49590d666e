// One payload for every case action, valid for the state machine, for tests that walk cases through it.
import type { CaseAction, CaseActionType } from "../../src/domain/cases.ts";

export const ORDOS_UNIT = "unit-150600";

export function casePayloads(overrides: Partial<Record<CaseActionType, CaseAction>> = {}): Record<CaseActionType, CaseAction> {
  return {
    accept: { type: "accept" },
    refuse: { type: "refuse", reason: "反映事项不属于爱国卫生工作范围" },
    assign: { type: "assign", unitId: ORDOS_UNIT },
    handle_self: { type: "handle_self" },
    start: { type: "start" },
    submit_findings: { type: "submit_findings", finding: "partly", summary: "现场核实：背街小巷存在垃圾堆放" },
    return_findings: { type: "return_findings", reason: "未附现场照片" },
    conclude: { type: "conclude", finding: "partly", publicReply: "经核实，反映问题部分属实，已责成属地整改。" },
    order_rectification: { type: "order_rectification", workingDays: 20 },
    close: { type: "close" },
    report_rectification: { type: "report_rectification", summary: "垃圾已清运，增设收集点2处" },
    accept_rectification: { type: "accept_rectification" },
    reject_rectification: { type: "reject_rectification", reason: "复查仍有积存垃圾" },
    return_to_office: { type: "return_to_office", reason: "所涉地点属锡林郭勒盟" },
    merge: { type: "merge", intoCaseId: 7 },
    ...overrides,
  };
}
