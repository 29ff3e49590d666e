// Shared by the publishing services: who may publish, and results with Chinese messages per field.
import { isOffice } from "../../domain/cases.ts";
import type { StaffActor } from "../cases/actions.ts";

export type PublishResult<T = object> = ({ ok: true; message: string } & T) | { ok: false; status: 400 | 403 | 404 | 409 | 422; reason: string; errors?: Record<string, string> };

export const NOT_ALLOWED = { ok: false, status: 403, reason: "只有自治区爱卫办工作人员可以发布" } as const;
export const mayPublish: (a: StaffActor) => boolean = isOffice;

export const refuse = (reason: string, status: 404 | 409 | 422 = 422, field?: string) => ({ ok: false as const, status, reason, ...(field ? { errors: { [field]: reason } } : {}) });
