// What a submitter is told about an outcome: the same words for the plain form page and the island's JSON, in the
// language of the page the report came from (Chinese exactly as before; English and Mongolian from the catalog).
import { formatShanghai, formatDateCn, shanghaiDate } from "../../domain/time.ts";
import { KIND_LABELS } from "../../domain/routing.ts";
import { parseReport, type FieldErrors } from "../../domain/report.ts";
import { publicityStatus, type PublicityWindow } from "../../domain/publicity.ts";
import { formatDate, formatInstant } from "../../i18n/format.ts";
import { m } from "../../paraglide/messages.js";
import { kindLabel, reportMessages } from "../../components/report/messages.ts";
import type { Received, ReportLocale } from "./receive.ts";

export interface ReceiptView {
  trackingNumber: string;
  accessCode: string;
  kindLabel: string;
  receivedAt: string;
  deadline: string;
  provisional: boolean;
  evidenceCount: number;
  replayed: boolean;
}

export type OutcomeView =
  | { status: "created" | "replayed"; receipt: ReceiptView }
  | { status: "duplicate"; trackingNumber: string; message: string }
  | { status: "invalid"; errors: FieldErrors; message: string }
  | { status: "objection_refused"; message: string; regionCode: string }
  | { status: "rejected" | "key_reused" | "in_progress"; message: string; code?: string }
  | { status: "review" | "editing" };

export function presentOutcome(r: Received): OutcomeView {
  const zh = presentChinese(r);
  return r.locale === "zh" ? zh : translated(zh, r, r.locale);
}

/** The window of an objection refused, as objectionAllowed says it, in the reader's language. */
export function refusalReason(name: string | null, w: PublicityWindow, now: Date, locale: ReportLocale): string {
  const o = { locale };
  const at = (d: Date) => formatInstant(d, locale);
  const window = m.report_window({ opens: at(w.opensAt), closes: at(w.closesAt) }, o);
  const closed = at(w.closesAt);
  if (publicityStatus(w, now) === "scheduled") return name ? m.report_entry_not_open({ name, window }, o) : m.report_refused_not_open({ window }, o);
  return name ? m.report_entry_closed({ name, closed, window }, o) : m.report_refused_closed({ closed, window }, o);
}

/**
 * The Chinese answer said again in English or Mongolian: field errors from the same rule with the catalog's words
 * (the two that only the database can tell by their field), the receipt's dates in the reader's format. Refusals
 * of the body or the abuse gate keep their Chinese sentence for now (see README, Languages: report).
 */
function translated(v: OutcomeView, r: Received, locale: Exclude<ReportLocale, "zh">): OutcomeView {
  const o = r.outcome;
  const lo = { locale };
  switch (v.status) {
    case "created":
    case "replayed": {
      if (o.status !== "created" && o.status !== "replayed") return v;
      return {
        ...v,
        receipt: {
          ...v.receipt,
          kindLabel: kindLabel(o.receipt.kind, locale),
          receivedAt: formatInstant(o.receipt.receivedAt, locale),
          deadline: formatDate(o.receipt.deadline.dueDate, locale),
        },
      };
    }
    case "duplicate":
      if (o.status !== "duplicate") return v;
      return { ...v, message: m.report_duplicate({ at: formatInstant(o.receivedAt, locale), number: o.trackingNumber }, lo) };
    case "invalid": {
      const again = parseReport(r.fields, shanghaiDate(r.now), reportMessages(locale));
      const errors: FieldErrors = again.ok ? {} : again.errors;
      if (again.ok) {
        if (v.errors.publicityEntryId) errors.publicityEntryId = m.report_error_entry_unknown({}, lo);
        if (v.errors.regionCode) errors.regionCode = m.report_error_region_outside({}, lo);
      }
      return { ...v, errors: Object.keys(errors).length ? errors : v.errors, message: m.report_invalid({}, lo) };
    }
    case "objection_refused":
      if (o.status !== "objection_refused") return v;
      return { ...v, message: refusalReason(null, o.window, r.now, locale) };
    case "in_progress":
      return { ...v, message: m.report_in_progress({}, lo) };
    case "key_reused":
      return { ...v, message: v.message === KEY_GONE ? m.report_refused_gone({}, lo) : m.report_refused_key_reused({}, lo) };
    case "rejected": {
      const said = refusal(v.code, v.message, "retryAfterMs" in r ? r.retryAfterMs : undefined, locale);
      return said ? { ...v, message: said } : v;
    }
    default:
      return v;
  }
}

// The Chinese sentences of the abuse gate and the intake (abuse.ts, submit.ts), recognised to be said again.
const KEY_GONE = "该提交记录已不存在，请重新提交";
const HONEYPOT = "提交未能通过校验，请刷新页面后重试";
const PROOF_EXPIRED = "人机验证已失效，请刷新页面后重新提交";
const TOO_OFTEN = "提交过于频繁";

/** A refusal of the body (by its code) or of the abuse gate in the reader's language; undefined when unknown. */
function refusal(code: string | undefined, chinese: string, retryAfterMs: number | undefined, locale: Exclude<ReportLocale, "zh">): string | undefined {
  const lo = { locale };
  if (code === "payload_too_large") return m.report_refused_too_large({}, lo);
  if (code === "unreadable_body") return m.report_refused_unreadable({}, lo);
  if (code === "unsupported_media_type") return m.report_refused_not_form({}, lo);
  if (code === "idempotency_key") return m.report_refused_key({}, lo);
  if (chinese === HONEYPOT) return m.report_refused_check({}, lo);
  if (chinese === PROOF_EXPIRED) return m.report_refused_proof({}, lo);
  if (chinese.startsWith(TOO_OFTEN)) return m.report_refused_too_often({ minutes: Math.max(1, Math.ceil((retryAfterMs ?? 60_000) / 60_000)) }, lo);
  return undefined;
}

function presentChinese(r: Received): OutcomeView {
  const o = r.outcome;
  switch (o.status) {
    case "created":
    case "replayed":
      return {
        status: o.status,
        receipt: {
          trackingNumber: o.receipt.trackingNumber,
          accessCode: o.receipt.accessCode,
          kindLabel: KIND_LABELS[o.receipt.kind],
          receivedAt: formatShanghai(o.receipt.receivedAt),
          deadline: formatDateCn(o.receipt.deadline.dueDate),
          provisional: o.receipt.deadline.provisional,
          evidenceCount: o.receipt.evidenceCount,
          replayed: o.status === "replayed",
        },
      };
    case "duplicate":
      return {
        status: "duplicate",
        trackingNumber: o.trackingNumber,
        message: `相同内容已于 ${formatShanghai(o.receivedAt)} 提交，查询编号为 ${o.trackingNumber}，请勿重复提交。请凭该编号和当时获得的查询码查询办理进度。`,
      };
    case "invalid":
      return { status: "invalid", errors: o.errors, message: "提交的内容有需要修改的地方，请按提示修改后重新提交" };
    case "objection_refused":
      return { status: "objection_refused", message: o.reason, regionCode: o.regionCode };
    case "key_reused":
    case "in_progress":
      return { status: o.status, message: o.message };
    case "rejected":
      return { status: o.status, message: o.message, ...(o.code ? { code: o.code } : {}) };
    case "review":
    case "editing":
      return { status: o.status };
  }
}
