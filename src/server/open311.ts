// Open311 GeoReport v2 (/open311/v2): our categories as services, public-safe summaries of cases as requests, and
// filing a complaint through the same validation, routing and abuse controls as the form. JSON only.
// Summaries carry no personal data and no description text (a citizen may have named people in it): only kind,
// category, place, unit, dates and a Chinese status note that never says "fixed" when it means "closed".
// The outcome (the finding 属实/部分属实/不属实, and any state that gives it away, such as rectification) is public only
// when the submitter ticked 同意以匿名方式公开办理结果 (cases.consent_publish). Without that consent the request is
// still listed — that it was received, accepted and is being or has been handled is the office's own public
// business — but its notes say only where it stands in the process, never what was found.
import { and, desc, eq, gte, inArray, lte, type SQL } from "drizzle-orm";
import { cases, regions, units } from "../../db/schema.ts";
import type { WorkingCalendar } from "../domain/calendar.ts";
import { caseState, CLOSED_STATES, OPEN_STATES, publicStatus, type CaseState, type Finding } from "../domain/cases.ts";
import { CATEGORIES, CATEGORY_LABELS, KIND_LABELS, type Category } from "../domain/routing.ts";
import { workingCalendar } from "./calendar.ts";
import { config } from "./config.ts";
import { clockStateOf } from "./cases/clock-store.ts";
import type { Tx } from "./db.ts";
import { gateSubmission } from "./intake/abuse.ts";
import { evidenceDir } from "./evidence-store.ts";
import { submitReport } from "./intake/submit.ts";

export const JURISDICTION = "nmg-aiweiban";

export interface Open311Error {
  code: number;
  description: string;
}
export type Open311Result<T> = { status: 200 | 201; body: T } | { status: 400 | 404 | 422 | 429; body: Open311Error[] };

const error = <T>(status: 400 | 404 | 422 | 429, description: string): Open311Result<T> => ({ status, body: [{ code: status, description }] });

const SERVICE_DESCRIPTIONS: Record<Category, string> = {
  sanitation: "城乡环境卫生、垃圾清运、公共厕所等问题",
  vectors: "老鼠、蚊子、苍蝇、蟑螂等病媒生物防制问题",
  food: "餐饮、农贸市场等食品安全问题",
  water: "生活饮用水卫生问题",
  premises: "宾馆、浴室、理发店等重点场所卫生问题",
  education: "健康教育与健康促进工作问题",
  fraud: "健康城镇创建中弄虚作假、违反“十个不得”等问题",
  other: "其他与健康城镇建设有关的问题",
};

export function services() {
  return CATEGORIES.map((c) => ({
    service_code: c,
    service_name: CATEGORY_LABELS[c],
    description: SERVICE_DESCRIPTIONS[c],
    metadata: true,
    type: "realtime",
    keywords: c === "fraud" ? "弄虚作假,十个不得" : CATEGORY_LABELS[c],
    group: "健康城镇监督",
  }));
}

/** Every service needs the place as a region code: GeoReport has no field for it, so it is an attribute. */
export function serviceDefinition(code: string) {
  if (!(CATEGORIES as readonly string[]).includes(code)) return null;
  return {
    service_code: code,
    attributes: [
      { variable: true, code: "region_code", datatype: "string", required: true, datatype_description: "所涉地区的行政区划代码（旗县 6 位、苏木乡镇 9 位），如 150621", order: 1, description: "所涉地区" },
      { variable: true, code: "kind", datatype: "singlevaluelist", required: false, datatype_description: "默认 complaint（投诉）", order: 2, description: "反映类型", values: [{ key: "complaint", name: "投诉" }, { key: "lead", name: "舆情线索" }, { key: "suggestion", name: "建议" }] },
      { variable: true, code: "consent_publish", datatype: "singlevaluelist", required: false, datatype_description: "true 表示同意以匿名方式公开办理结果；默认不公开，requests.json 只显示办理进度", order: 3, description: "同意以匿名方式公开办理结果", values: [{ key: "true", name: "同意" }, { key: "false", name: "不同意" }] },
    ],
  };
}

type Row = { trackingNumber: string; kind: string; category: string; state: string; finding: string | null; consentPublish: boolean; regionName: string | null; unitName: string | null; receivedAt: Date; updatedAt: Date; clock: unknown };

/** States past the conclusion: their label (and rectification) already tells what was found. */
const OUTCOME_STATES: readonly CaseState[] = ["concluded", "rectifying", "rectification_submitted", "closed"];
export const OUTCOME_WITHHELD_NOTICE = "反映人未同意公开办理结果，本事项只公开办理进度";

/**
 * The public status of a case: its finding only with the submitter's consent. Without it, every state after the
 * conclusion reads 已作出结论 or 已办结 followed by（结果不公开）, so neither the finding nor an ordered rectification
 * can be read from it.
 */
export function publicCaseStatus(state: CaseState, finding: Finding | null, consentPublish: boolean): { open311: "open" | "closed"; label: string; withheld: boolean } {
  const status = publicStatus(state, { finding: consentPublish ? finding : null });
  if (consentPublish || !OUTCOME_STATES.includes(state)) return { ...status, withheld: false };
  return { open311: status.open311, label: state === "closed" ? "已办结（结果不公开）" : "已作出结论（结果不公开）", withheld: true };
}

function summary(r: Row, now: Date, cal: WorkingCalendar) {
  const state = caseState(r.state);
  const status = publicCaseStatus(state, r.finding as Finding | null, r.consentPublish);
  return {
    service_request_id: r.trackingNumber,
    status: status.open311,
    status_notes: status.label,
    service_name: CATEGORY_LABELS[r.category as Category] ?? r.category,
    service_code: r.category,
    description: `${KIND_LABELS[r.kind as keyof typeof KIND_LABELS] ?? r.kind}：${r.regionName ?? "自治区"}${CATEGORY_LABELS[r.category as Category] ?? ""}问题`,
    agency_responsible: r.unitName ?? config().OFFICE_SHORT_NAME,
    service_notice: status.withheld ? `本平台不公开反映内容和反映人信息；${OUTCOME_WITHHELD_NOTICE}` : "本平台不公开反映内容和反映人信息",
    requested_datetime: r.receivedAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: clockStateOf(r, now, cal).deadline?.dueAt.toISOString() ?? null,
    address: r.regionName,
  };
}

const select = {
  trackingNumber: cases.trackingNumber,
  kind: cases.kind,
  category: cases.category,
  state: cases.state,
  finding: cases.finding,
  consentPublish: cases.consentPublish,
  regionName: regions.name,
  unitName: units.name,
  receivedAt: cases.receivedAt,
  updatedAt: cases.updatedAt,
  clock: cases.clock,
};

export async function listRequests(tx: Tx, q: URLSearchParams): Promise<Open311Result<ReturnType<typeof summary>[]>> {
  const where: SQL[] = [];
  const ids = q.get("service_request_id");
  if (ids) where.push(inArray(cases.trackingNumber, ids.split(",").map((s) => s.trim().toUpperCase()).slice(0, 100)));
  const code = q.get("service_code");
  if (code) {
    if (!(CATEGORIES as readonly string[]).includes(code)) return error(400, `service_code 无效：${code.slice(0, 40)}`);
    where.push(eq(cases.category, code));
  }
  const status = q.get("status");
  if (status) {
    if (status !== "open" && status !== "closed") return error(400, "status 只能是 open 或 closed");
    where.push(inArray(cases.state, status === "open" ? [...OPEN_STATES] : [...CLOSED_STATES]));
  }
  for (const [param, op] of [["start_date", gte], ["end_date", lte]] as const) {
    const v = q.get(param);
    if (!v) continue;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) return error(400, `${param} 须为 W3C 日期时间，如 2026-11-01T00:00:00+08:00`);
    where.push(op(cases.receivedAt, d));
  }
  // Only cases the office has accepted are listed: unaccepted submissions are not yet public business.
  const rows = await tx
    .select(select)
    .from(cases)
    .leftJoin(regions, eq(regions.code, cases.regionCode))
    .leftJoin(units, eq(units.id, cases.assignedUnitId))
    .where(and(inArray(cases.state, ["accepted", "assigned", "verifying", "findings_submitted", "concluded", "rectifying", "rectification_submitted", "closed", "merged"]), ...where))
    .orderBy(desc(cases.receivedAt))
    .limit(ids ? 100 : 200);
  const now = new Date();
  const cal = await workingCalendar(tx);
  return { status: 200, body: rows.map((r) => summary(r, now, cal)) };
}

export async function oneRequest(tx: Tx, id: string): Promise<Open311Result<ReturnType<typeof summary>[]>> {
  const res = await listRequests(tx, new URLSearchParams({ service_request_id: id }));
  if (res.status === 200 && res.body.length === 0) return error(404, `没有编号为 ${id.slice(0, 30)} 的公开事项`);
  return res;
}

/** POST requests: a complaint (or lead, suggestion) through the same intake as the web form. */
export async function postRequest(tx: Tx, form: Record<string, string>, ip: string, now: Date, hourlyLimit: number): Promise<Open311Result<{ service_request_id: string; service_notice: string; access_code: string }[]>> {
  const code = form.service_code ?? "";
  if (!(CATEGORIES as readonly string[]).includes(code)) return error(400, "service_code 无效，请先查询 services.json");
  const kind = form["attribute[kind]"] || "complaint";
  if (!["complaint", "lead", "suggestion"].includes(kind)) return error(400, "attribute[kind] 只能是 complaint、lead 或 suggestion；异议请在公示页面提出");
  // Only accepted requests count against the hourly limit, as on the form: the count is taken in the case's transaction.
  const gate = await gateSubmission(tx, { ip, honeypot: "", proof: null }, now, hourlyLimit, { countAttempt: false });
  if (!gate.ok) return error(gate.status, gate.message);
  const name = [form.last_name, form.first_name].filter(Boolean).join("") || undefined;
  const fields: Record<string, string> = {
    kind,
    category: code,
    regionCode: form["attribute[region_code]"] ?? "",
    description: form.description ?? "",
    ...(form.address_string ? { locationText: form.address_string } : {}),
    ...(form.media_url && kind === "lead" ? { leadUrl: form.media_url } : {}),
    ...(name ? { name } : {}),
    ...(form.phone ? { phone: form.phone } : {}),
    ...(form.email ? { email: form.email } : {}),
    ...(form["attribute[consent_publish]"] === "true" ? { consentPublish: "on" } : {}),
  };
  const out = await submitReport({ fields, files: [] }, { db: tx, evidenceDir: evidenceDir(), now, hourlyLimit: { ip, limit: gate.limit } });
  switch (out.status) {
    case "created":
    case "replayed":
      return { status: 201, body: [{ service_request_id: out.receipt.trackingNumber, service_notice: "已收到。请保存查询码，凭查询编号和查询码在 /track 查看办理进度；查询码只显示这一次。", access_code: out.receipt.accessCode }] };
    case "duplicate":
      return error(422, `24 小时内已收到相同内容的反映，编号 ${out.trackingNumber}`);
    case "throttled":
      return error(429, out.message);
    case "invalid": {
      const fieldName: Record<string, string> = { regionCode: "attribute[region_code]", description: "description", category: "service_code", name: "first_name", phone: "phone", email: "email" };
      return { status: 400, body: Object.entries(out.errors).map(([f, m]) => ({ code: 400, description: `${fieldName[f] ?? f}：${m}` })) };
    }
    default:
      return error(422, "message" in out ? String(out.message) : "无法受理");
  }
}
