// Designation 命名 statuses and history events, as residents read them on the register and a town's page.
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
