// Shared by the publishing services: who may publish, results with Chinese messages per field, the audit label.
import type { z } from "zod";
import { ROLE_LABELS } from "../../domain/cases.ts";
import type { StaffActor } from "../cases/actions.ts";

export type PublishResult<T = object> = ({ ok: true; message: string } & T) | { ok: false; status: 400 | 403 | 404 | 409 | 422; reason: string; errors?: Record<string, string> };

export const NOT_ALLOWED = { ok: false, status: 403, reason: "只有自治区爱卫办工作人员可以发布" } as const;
export const mayPublish = (a: StaffActor) => a.role === "admin" || a.role === "officer";
export const who = (a: StaffActor) => `${a.displayName}（${ROLE_LABELS[a.role]}）`;

export function invalid(error: z.ZodError): { ok: false; status: 400; reason: string; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  for (const i of error.issues) errors[String(i.path[0] ?? "form")] ??= i.message;
  return { ok: false, status: 400, reason: "请检查填写的内容", errors };
}

export const refuse = (reason: string, status: 404 | 409 | 422 = 422, field?: string) => ({ ok: false as const, status, reason, ...(field ? { errors: { [field]: reason } } : {}) });
