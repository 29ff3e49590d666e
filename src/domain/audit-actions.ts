// What the audit log's codes mean, in Chinese (issue 15): every action any service writes, the kinds of object, and
// the keys of `details`. An unknown code is shown as it is, never an error: a new action appears before its label.
import { ACTION_LABELS, CASE_STATE_LABELS, eventLabel, FINDING_LABELS, HANDLER_ACTIONS, OFFICE_ACTIONS, ROLE_LABELS, type Role } from "./cases.ts";
import { DESIGNATION_EVENT_KINDS, DESIGNATION_EVENT_LABELS } from "./designations.ts";
import { HONOURS } from "./honours.ts";

/** Case events recorded outside the state machine (clock, extensions, re-examination). */
const CASE_EVENTS = ["submit", "extend", "extension_requested", "extension_refused", "pause", "resume", "deadline_recomputed", "rate", "reexam_requested", "reexam_reopened", "reexam_upheld"];

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  login: "登录",
  login_failed: "登录失败",
  login_2fa: "通过二次验证",
  login_2fa_failed: "二次验证失败",
  totp_enrolled: "绑定验证器",
  "staff.create": "新建人员账号",
  "staff.update": "修改人员角色或单位",
  "staff.disable": "停用人员账号",
  "staff.enable": "启用人员账号",
  "staff.reset_password": "重置人员密码",
  "staff.change_password": "修改本人密码",
  "case.reveal_identity": "查看反映人身份",
  "case.access_code_recovery_requested": "反映人申请找回查询码",
  "case.access_code_replaced": "反映人重置查询码",
  "case.record_offline": "登记电话、信件、邮件或来访件",
  "cases.export": "导出受理件",
  "saved_filter.create": "保存筛选条件",
  "saved_filter.delete": "删除保存的筛选条件",
  "routing_rule.create": "新建分办规则",
  "routing_rule.update": "修改分办规则",
  "routing_rule.disable": "停用分办规则",
  "routing_rule.enable": "启用分办规则",
  "routing_rule.reorder": "调整分办规则顺序",
  "notice.create": "新建通知公告草稿",
  "notice.edit_draft": "修改通知公告草稿",
  "notice.revise": "修订已发布的通知公告",
  "notice.publish": "发布通知公告",
  "notice.withdraw": "撤回通知公告",
  "notice.attachment_add": "添加公告附件",
  "notice.attachment_remove": "删除公告附件",
  "publicity.create": "新建社会公示",
  "publicity.add_entry": "添加公示对象",
  "publicity.remove_entry": "移除公示对象",
  "publicity.publish": "发布社会公示",
  "publicity.extend": "延长公示期",
  "publicity.outcome": "登记公示结果",
  "translation.save": "保存外文版本（英文或蒙古文）",
  "translation.remove": "删除外文版本",
  "name_en.set": "设置官方英文名称",
  "evidence.download": "下载材料",
  "audit.export": "导出审计日志",
  "audit.checkpoint": "写入每日审计检查点",
  "monitor_source.create": "添加舆情来源",
  "monitor_source.pause": "暂停舆情来源",
  "monitor_source.resume": "恢复舆情来源",
  "monitor_source.remove": "移除舆情来源",
  "monitor_item.paste": "人工录入舆情文章",
  "monitor_item.to_case": "候选线索转为案件",
  "monitor_item.dismiss": "排除候选线索",
  "monitor_word.create": "添加问题词",
  "monitor_word.update": "修改问题词权重",
  "monitor_word.remove": "删除问题词",
  ...Object.fromEntries([...OFFICE_ACTIONS, ...HANDLER_ACTIONS].map((a) => [`case.${a}`, `受理件：${ACTION_LABELS[a]}`])),
  ...Object.fromEntries(CASE_EVENTS.map((a) => [`case.${a}`, `受理件：${eventLabel(a)}`])),
  ...Object.fromEntries(DESIGNATION_EVENT_KINDS.map((k) => [`designation.${k}`, `称号：${DESIGNATION_EVENT_LABELS[k] ?? k}`])),
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

export const AUDIT_OBJECT_LABELS: Record<string, string> = {
  case: "受理件",
  cases: "受理件列表",
  staff_user: "人员",
  notice: "通知公告",
  publicity_list: "社会公示",
  designation: "称号",
  audit_log: "审计日志",
  saved_filter: "筛选条件",
  routing_rule: "分办规则",
  evidence: "材料",
  monitor_source: "舆情来源",
  monitor_item: "舆情条目",
  monitor_word: "问题词",
  region: "行政区划",
  unit: "单位",
};

const DETAIL_LABELS: Record<string, string> = {
  ip: "IP 地址",
  username: "用户名",
  role: "角色",
  unitId: "单位",
  title: "标题",
  regionCode: "行政区划代码",
  honour: "称号",
  entries: "条目数",
  entryId: "条目",
  revision: "修订版本",
  channel: "渠道",
  workingDays: "工作日",
  rows: "记录数",
  from: "原",
  to: "改为",
  occurredOn: "日期",
  evidenceId: "材料编号",
  filename: "文件名",
  count: "条数",
  filter: "筛选条件",
  format: "格式",
  name: "名称",
  query: "查询条件",
  reason: "理由",
  actor: "操作人",
  action: "操作",
  case: "受理件编号",
  dateFrom: "起始日期",
  dateTo: "截止日期",
  truncated: "已截断",
  trackingNumber: "受理件编号",
  caseId: "受理件",
  finding: "核实结论",
  twoFactorPending: "待二次验证",
  unit: "单位",
  after: "设置",
  url: "地址",
  state: "状态",
  link: "链接",
  status: "状态",
  weight: "权重",
  fetchedAt: "抓取时间",
  locale: "语言",
  nameEn: "英文名称",
};

/** Codes inside details that have a Chinese name elsewhere in the domain. */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  honour: Object.fromEntries(Object.entries(HONOURS).map(([k, h]) => [k, h.label])),
  finding: FINDING_LABELS,
  locale: { en: "英文", mn: "蒙古文" },
};

function valueText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (key === "role" && typeof value === "string") return ROLE_LABELS[value as Role] ?? value;
  if (key === "action" && typeof value === "string") return auditActionLabel(value);
  if (typeof value === "string" && VALUE_LABELS[key]?.[value]) return VALUE_LABELS[key][value]!;
  // A case's move is recorded as from/to states.
  if ((key === "from" || key === "to") && typeof value === "string") return (CASE_STATE_LABELS as Record<string, string>)[value] ?? value;
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `details` as readable "key: value" lines; nested objects one level deep become "原 角色: …". */
export function detailLines(details: Record<string, unknown> | null | undefined): { label: string; value: string }[] {
  const lines: { label: string; value: string }[] = [];
  // jsonb keeps keys in its own order (shortest first): read them in the order of DETAIL_LABELS ("原" before "改为").
  const order = (k: string) => (k in DETAIL_LABELS ? Object.keys(DETAIL_LABELS).indexOf(k) : Infinity);
  const entries = Object.entries(details ?? {}).sort(([a], [b]) => order(a) - order(b));
  for (const [k, v] of entries) {
    const label = DETAIL_LABELS[k] ?? k;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) lines.push({ label: `${label} ${DETAIL_LABELS[k2] ?? k2}`, value: valueText(k2, v2) });
    } else lines.push({ label, value: Array.isArray(v) ? v.map((x) => valueText(k, x)).join("、") : valueText(k, v) });
  }
  return lines;
}
