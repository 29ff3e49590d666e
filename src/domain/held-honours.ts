// A place that already holds an honour is not put up for it again: its next publicity for that honour is its
// re-review 复审 (DESIGN.md §3: re-review every 3 years after naming, started by a 启动复审 history event that moves
// the designation to 复审中). A list is a re-review list when its title says 复审.
import { DESIGNATION_STATUS_LABELS, HOLDING_STATUSES, type DesignationStatus } from "./designations.ts";
import { HONOURS, type Honour } from "./honours.ts";

export const isReReviewList = (title: string): boolean => title.includes("复审");

/** Why `regionName` may not go onto this list for `honour`, or null when it may. */
export function heldHonourProblem(regionName: string, honour: Honour, status: DesignationStatus | null, listTitle: string): string | null {
  if (status === null || !HOLDING_STATUSES.includes(status)) return null;
  const label = HONOURS[honour].label;
  const held = `${regionName}已获${label}命名（${DESIGNATION_STATUS_LABELS[status]}）`;
  if (!isReReviewList(listTitle)) return `${held}，不能列入新的${label}公示；如为复审公示，请在公示标题中注明“复审”`;
  if (status !== "re_review") return `${held}，尚未启动本轮复审；请先在“命名与创建历程”中记录“复审”事件`;
  return null;
}
