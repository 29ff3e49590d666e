// Reads a report from a multipart POST (the plain HTML form and the island send the same fields), within the
// evidence form's limits (src/server/http/body.ts): five files of 10 MB, counted while the body streams.
import type { IncomingFile } from "./evidence.ts";
import { CHALLENGE_FIELD, HONEYPOT_FIELD } from "./abuse.ts";
import { FORM_LIMITS, readForm } from "../http/body.ts";

export { BodyError } from "../http/body.ts";

export const REPORT_LIMITS = FORM_LIMITS.evidence;

export const FIELD_NAMES = [
  "kind", "publicityEntryId", "regionCode", "category", "leadUrl", "description", "occurredOn", "locationText", "name",
  "phone", "email", "consentContact", "consentPublish",
] as const;

export interface ParsedSubmission {
  fields: Record<string, string>;
  files: IncomingFile[];
  idempotencyKey: string | null;
  honeypot: string | null;
  proof: string | null;
  /** The plain form's 核对 (review) and 修改 (edit) buttons: answered with a page, never stored. */
  intent: "review" | "edit" | null;
  /** The island's page language (it posts to /api/reports, which has no language in its URL); null otherwise. */
  locale: "zh" | "en" | "mn" | null;
}

/** The report's own fields out of a form, nothing else (a refused body's fields come through here too). */
export function reportFields(form: URLSearchParams): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of FIELD_NAMES) {
    const v = form.get(name);
    if (v !== null) fields[name] = v;
  }
  return fields;
}

/** Throws BodyError (413 over a limit, 400 unreadable, 415 not a form); a file over 10 MB is named in the message. */
export async function readSubmission(request: Request): Promise<ParsedSubmission> {
  const form = await readForm(request, REPORT_LIMITS);
  return {
    fields: reportFields(form.fields),
    files: form.files.filter((f) => f.field === "evidence").map((f) => ({ name: f.name, bytes: f.bytes })),
    idempotencyKey: request.headers.get("idempotency-key") ?? form.fields.get("idempotencyKey"),
    honeypot: form.fields.get(HONEYPOT_FIELD),
    proof: form.fields.get(CHALLENGE_FIELD),
    intent: ((i) => (i === "review" || i === "edit" ? i : null))(form.fields.get("intent")),
    locale: ((l) => (l === "zh" || l === "en" || l === "mn" ? l : null))(form.fields.get("locale")),
  };
}
