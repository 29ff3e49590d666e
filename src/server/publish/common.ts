// Shared by the publishing services: who may publish, and results with Chinese messages per field.
import { isOffice } from "../../domain/cases.ts";
import type { StaffActor } from "../cases/actions.ts";
import { config } from "../config.ts";

export type PublishResult<T = object> = ({ ok: true; message: string } & T) | { ok: false; status: 400 | 403 | 404 | 409 | 422; reason: string; errors?: Record<string, string> };

export const NOT_ALLOWED = {
  ok: false,
  status: 403,
  // A getter: the office's name is configuration, read when the refusal is given rather than when this module loads.
  get reason() {
    return `只有${config().OFFICE_SHORT_NAME}工作人员可以发布`;
  },
} as const;
export const mayPublish: (a: StaffActor) => boolean = isOffice;

export const refuse = (reason: string, status: 404 | 409 | 422 = 422, field?: string) => ({ ok: false as const, status, reason, ...(field ? { errors: { [field]: reason } } : {}) });
