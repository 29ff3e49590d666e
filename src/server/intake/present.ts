// What a submitter is told about an outcome: the same words for the plain form page and the island's JSON.
import { formatShanghai, formatDateCn } from "../../domain/time.ts";
import { KIND_LABELS } from "../../domain/routing.ts";
import type { FieldErrors } from "../../domain/report.ts";
import type { Received } from "./receive.ts";

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
