// Report 群众反映: what a citizen submits through /report, validated per kind (DESIGN.md §4). Pure: no I/O, no clock
// except the injected `today` used to refuse dates in the future.
import { isRowId } from "./ids.ts";
// zod/mini: the same validator runs in the report form's island, and the mini build keeps its JavaScript small.
import * as z from "zod/mini";
import { CASE_KINDS, CATEGORIES, CATEGORY_LABELS, KIND_LABELS, type Category, type Kind } from "./routing.ts";
import { isDateString, type DateString } from "./time.ts";

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 2000;
export const LOCATION_MAX = 200;
export const MAX_EVIDENCE_FILES = 5;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** The limit as the form states it. */
export const MAX_EVIDENCE_SIZE_TEXT = `${MAX_EVIDENCE_BYTES / (1024 * 1024)} MB`;

/** One line per kind, shown on the first step of the form. */
export const KIND_HINTS: Record<Kind, string> = {
  objection: "对正在公示的拟推荐城镇提出不同意见，须实名，公示期内提出。",
  lead: "提供媒体报道或网络反映的问题线索，请附上链接。",
  complaint: "反映城镇在环境卫生、食品安全等方面存在的具体问题，可匿名。",
  suggestion: "对健康城镇建设和本平台提出意见建议，可匿名。",
};

/** Mainland mobile numbers and landlines with area code (0471-1234567, 04711234567). */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/** Characters as a person counts them (a CJK character or an emoji is one). */
export function charCount(s: string): number {
  return [...s].length;
}

export function normalizePhone(s: string): string {
  return s.replace(/[\s()（）]/g, "").replace(/^\+?86-?/, "");
}

function isPhone(s: string): boolean {
  return MOBILE.test(s) || LANDLINE.test(s);
}

/** HTML checkboxes send "on" when ticked and nothing otherwise; JSON clients send booleans. */
const checkbox = z.pipe(
  z.optional(z.union([z.boolean(), z.string()])),
  z.transform((v) => v === true || v === "on" || v === "true" || v === "1"),
);

const optionalText = (max: number, message: string) =>
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((s) => (s ?? "").trim()),
    ),
    z.pipe(
      z.string().check(z.maxLength(max, message)),
      z.transform((s) => (s === "" ? null : s)),
    ),
  );

const rawReport = z.object({
  kind: z.optional(z.string()),
  publicityEntryId: z.pipe(
    z.optional(z.union([z.number(), z.string()])),
    z.transform((v) => (v === undefined || v === "" ? null : Number(v))),
  ),
  regionCode: optionalText(12, "所涉地区无效"),
  category: z.pipe(
    z.optional(z.string()),
    z.transform((s) => (s ? s : null)),
  ),
  leadUrl: optionalText(2000, "链接过长（最多 2000 个字符）"),
  description: z.pipe(
    z.optional(z.string()),
    z.transform((s) => (s ?? "").trim()),
  ),
  occurredOn: optionalText(10, "日期格式应为 年-月-日"),
  locationText: optionalText(LOCATION_MAX, `具体位置最多 ${LOCATION_MAX} 个字`),
  name: optionalText(40, "姓名最多 40 个字"),
  phone: z.pipe(
    optionalText(30, "电话号码过长"),
    z.transform((s) => (s === null ? null : normalizePhone(s))),
  ),
  email: optionalText(120, "电子邮箱过长"),
  consentContact: checkbox,
  consentPublish: checkbox,
});

export type ReportInput = z.input<typeof rawReport>;

export interface Report {
  kind: Kind;
  publicityEntryId: number | null;
  regionCode: string | null;
  category: Category;
  leadUrl: string | null;
  description: string;
  occurredOn: DateString | null;
  locationText: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  consentContact: boolean;
  consentPublish: boolean;
}

export type ReportField = keyof Report;
export type FieldErrors = Partial<Record<ReportField | "form" | "evidence", string>>;

/**
 * The sentences parseReport says, so that the public pages can say them in the reader's language (the catalog's
 * report_error_* messages, src/components/report/messages.ts); without them it speaks Chinese, as the back office,
 * the API and the offline channels do.
 */
export interface ReportMessages {
  /** "<field> is not in the right format", for a value of the wrong type. */
  format(field: ReportField | "form" | "evidence"): string;
  /** A value over its length limit (the zod checks of rawReport); `chinese` is that check's own message. */
  tooLong(field: ReportField | "form", chinese: string): string;
  kind: string;
  descriptionMissing: string;
  descriptionShort(min: number, count: number): string;
  descriptionLong(max: number, count: number): string;
  entry: string;
  objectionName: string;
  objectionPhone: string;
  regionMissing: string;
  regionInvalid: string;
  categoryInvalid: string;
  categoryMissing: string;
  leadMissing: string;
  leadScheme: string;
  dateFormat: string;
  dateFuture: string;
  phone: string;
  email: string;
  consentContact: string;
}

export const CHINESE_REPORT_MESSAGES: ReportMessages = {
  format: (field) => `${fieldLabel(field)}格式不正确`,
  tooLong: (_field, chinese) => chinese,
  kind: "请选择反映类型",
  descriptionMissing: "请填写反映内容",
  descriptionShort: (min, count) => `反映内容至少 ${min} 个字（现在 ${count} 个字），请写明时间、地点和具体情况`,
  descriptionLong: (max, count) => `反映内容最多 ${max} 个字（现在 ${count} 个字）`,
  entry: "请选择要提出异议的公示对象",
  objectionName: "提出异议须实名，请填写真实姓名",
  objectionPhone: "提出异议须实名，请填写联系电话",
  regionMissing: "请选择所涉地区（盟市、旗县或苏木乡镇）",
  regionInvalid: "所涉地区无效，请从列表中选择",
  categoryInvalid: "请从列表中选择问题类别",
  categoryMissing: "请选择问题类别",
  leadMissing: "请填写媒体报道或网络反映的链接",
  leadScheme: "链接应以 http:// 或 https:// 开头",
  dateFormat: "日期格式应为 年-月-日，例如 2026-11-20",
  dateFuture: "发生日期不能晚于今天",
  phone: "请填写 11 位手机号码或带区号的固定电话，例如 0471-1234567",
  email: "电子邮箱格式不正确",
  consentContact: "同意联系时，请留下电话或电子邮箱",
};
export type ReportResult = { ok: true; report: Report } | { ok: false; errors: FieldErrors };

/**
 * Validates a submission. Every error is a sentence a citizen understands, keyed by the field it belongs to, so the
 * form can show it beside that field.
 */
export function parseReport(input: unknown, today: DateString, say: ReportMessages = CHINESE_REPORT_MESSAGES): ReportResult {
  const parsed = rawReport.safeParse(input);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = (issue.path[0] as ReportField | undefined) ?? "form";
      errors[field] ??= issue.code === "invalid_type" ? say.format(field) : say.tooLong(field, issue.message);
    }
    return { ok: false, errors };
  }
  const r = parsed.data;
  // Checked here rather than by zod so that every other field's error shows at the same time.
  const kind = (CASE_KINDS as readonly string[]).includes(r.kind ?? "") ? (r.kind as Kind) : null;
  if (!kind) errors.kind = say.kind;
  const length = charCount(r.description);
  if (length === 0) errors.description = say.descriptionMissing;
  else if (length < DESCRIPTION_MIN) errors.description = say.descriptionShort(DESCRIPTION_MIN, length);
  if (length > DESCRIPTION_MAX) errors.description = say.descriptionLong(DESCRIPTION_MAX, length);

  if (kind === "objection") {
    if (r.publicityEntryId === null || !isRowId(r.publicityEntryId)) {
      errors.publicityEntryId = say.entry;
    }
    if (!r.name) errors.name = say.objectionName;
    if (!r.phone) errors.phone = say.objectionPhone;
  } else if (kind && kind !== "suggestion" && !r.regionCode) {
    errors.regionCode = say.regionMissing;
  }
  if (r.regionCode && !/^\d{6}(\d{3})?$/.test(r.regionCode)) errors.regionCode = say.regionInvalid;

  let category: Category = "other";
  if (r.category) {
    if ((CATEGORIES as readonly string[]).includes(r.category)) category = r.category as Category;
    else errors.category = say.categoryInvalid;
  } else if (kind && kind !== "objection") {
    errors.category = say.categoryMissing;
  }

  if (kind === "lead") {
    if (!r.leadUrl) errors.leadUrl = say.leadMissing;
    else if (!isHttpUrl(r.leadUrl)) errors.leadUrl = say.leadScheme;
  } else if (r.leadUrl && !isHttpUrl(r.leadUrl)) {
    errors.leadUrl = say.leadScheme;
  }

  if (r.occurredOn) {
    if (!isDateString(r.occurredOn)) errors.occurredOn = say.dateFormat;
    else if (r.occurredOn > today) errors.occurredOn = say.dateFuture;
  }
  if (r.phone && !isPhone(r.phone)) errors.phone = say.phone;
  if (r.email && !z.email().safeParse(r.email).success) errors.email = say.email;
  if (r.consentContact && !r.phone && !r.email) errors.consentContact = say.consentContact;

  if (Object.keys(errors).length > 0 || !kind) return { ok: false, errors };
  return {
    ok: true,
    report: {
      kind,
      publicityEntryId: kind === "objection" ? r.publicityEntryId : null,
      regionCode: r.regionCode,
      category,
      leadUrl: r.leadUrl,
      description: r.description,
      occurredOn: r.occurredOn,
      locationText: r.locationText,
      name: r.name,
      phone: r.phone,
      email: r.email,
      consentContact: r.consentContact,
      consentPublish: r.consentPublish,
    },
  };
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

const FIELD_LABELS: Record<ReportField | "form" | "evidence", string> = {
  kind: "反映类型",
  publicityEntryId: "公示对象",
  regionCode: "所涉地区",
  category: "问题类别",
  leadUrl: "链接",
  description: "反映内容",
  occurredOn: "发生日期",
  locationText: "具体位置",
  name: "姓名",
  phone: "联系电话",
  email: "电子邮箱",
  consentContact: "同意联系",
  consentPublish: "同意公开",
  form: "表单",
  evidence: "证据材料",
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field as ReportField] ?? field;
}

/** A short title for lists: what it is about, then the start of the text. */
export function reportTitle(r: Pick<Report, "kind" | "category" | "description">, subject: string | null): string {
  const about = subject ? `${subject}：` : "";
  const what = r.kind === "objection" ? "异议" : r.category === "other" ? KIND_LABELS[r.kind] : CATEGORY_LABELS[r.category];
  const start = [...r.description.replace(/\s+/g, " ")].slice(0, 24).join("");
  return `${about}${what}｜${start}${charCount(r.description) > 24 ? "…" : ""}`;
}

/**
 * What makes two submissions "the same": kind, target and the text with spacing and punctuation removed, so a
 * resubmission after a timeout or a copy with a trailing space is recognised.
 */
export function contentKey(r: Pick<Report, "kind" | "publicityEntryId" | "regionCode" | "description" | "phone" | "email">): string {
  const text = r.description.normalize("NFKC").replace(/[\s\p{P}\p{S}]/gu, "").toLowerCase();
  return [r.kind, r.publicityEntryId ?? "", r.regionCode ?? "", r.phone ?? r.email ?? "", text].join("|");
}
