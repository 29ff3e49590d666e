// How the case page arranges what may be done: one primary action — the next step of the case's current stage —
// then the other everyday actions, and apart from them the irreversible or sensitive ones (不予受理, 合并, 查看身份,
// 办结), which are done only from a confirmation screen that states the consequence.
import { ACTION_LABELS, type CaseActionType } from "../../domain/cases.ts";
import { EXTRA_LABELS, type ExtraAction } from "./view.ts";

export type PageAction = CaseActionType | ExtraAction;

export const SENSITIVE_ACTIONS = ["refuse", "merge", "reveal", "close"] as const satisfies readonly PageAction[];
export type SensitiveAction = (typeof SENSITIVE_ACTIONS)[number];

/** What the confirmation screen says will happen, in the words the officer needs before pressing the button. */
export const CONSEQUENCES: Record<SensitiveAction, string> = {
  refuse: "不予受理后，本件即告结束，不能撤销。不予受理的理由将告知反映人，并在“办理查询”中向其公开。",
  merge: "合并后，本件不再单独办理，以合并到的受理件为准，不能撤销。反映人在“办理查询”中可以看到合并去向。",
  reveal: "将显示反映人的真实姓名、电话和电子邮箱。查看行为和您填写的理由写入审计日志，审计人员可以查阅；请仅在确有必要时查看。",
  close: "办结后本件即告结束，期限停止计算，不能撤销。反映人将收到办结通知，可以评价，并可在规定期限内申请复查。",
};

/** The next step of each stage, most forward first: the first one offered is the page's primary action. */
const NEXT_STEPS: readonly PageAction[] = [
  "accept",
  "assign",
  "handle_self",
  "start",
  "submit_findings",
  "conclude",
  "order_rectification",
  "report_rectification",
  "accept_rectification",
  "resume",
  "decide_extension",
  "decide_reexam",
];

export const isSensitive = (a: string): a is SensitiveAction => (SENSITIVE_ACTIONS as readonly string[]).includes(a);

export function actionLabel(a: PageAction): string {
  return (ACTION_LABELS as Record<string, string>)[a] ?? EXTRA_LABELS[a as ExtraAction];
}

export function arrangeActions(offered: readonly PageAction[]): { primary: PageAction | null; others: PageAction[]; sensitive: SensitiveAction[] } {
  const primary = NEXT_STEPS.find((a) => offered.includes(a)) ?? null;
  return {
    primary,
    others: offered.filter((a) => a !== primary && !isSensitive(a)),
    sensitive: offered.filter(isSensitive),
  };
}

/**
 * A sensitive action offered to this person is applied only when posted from its confirmation screen, whose form
 * posts to ?confirm=<action>. Actions not offered go on to the services, which refuse them with their own reason.
 */
export function missingConfirmation(action: string, offered: readonly PageAction[], confirmParam: string | null): string | null {
  if (!isSensitive(action) || !offered.includes(action) || confirmParam === action) return null;
  return `“${actionLabel(action)}”不能撤销，须在确认页面上确认后办理，请返回受理件页面重新操作`;
}
