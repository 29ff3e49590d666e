// Reads a report from a multipart POST (the plain HTML form and the island send the same fields).
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from "../../domain/report.ts";
import type { IncomingFile } from "./evidence.ts";
import { CHALLENGE_FIELD, HONEYPOT_FIELD } from "./abuse.ts";

/** Five full-size files plus the text fields; anything larger is refused before it is read. */
export const MAX_BODY_BYTES = MAX_EVIDENCE_FILES * MAX_EVIDENCE_BYTES + 1024 * 1024;

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
}

export class BodyError extends Error {
  readonly status: 400 | 413 | 415;
  constructor(message: string, status: 400 | 413 | 415) {
    super(message);
    this.status = status;
  }
}

export async function readSubmission(request: Request): Promise<ParsedSubmission> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) throw new BodyError("提交的内容过大：最多 5 个文件，每个不超过 10 MB", 413);
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data") && !type.startsWith("application/x-www-form-urlencoded")) {
    throw new BodyError("请通过网页表单提交", 415);
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new BodyError("提交的内容无法读取，请刷新页面后重试", 400);
  }
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : null;
  };
  const fields: Record<string, string> = {};
  for (const name of FIELD_NAMES) {
    const v = text(name);
    if (v !== null) fields[name] = v;
  }
  const files: IncomingFile[] = [];
  for (const v of form.getAll("evidence")) {
    if (typeof v === "string" || v.size === 0) continue;
    // Oversize files are still passed on so the check names the file in its message.
    files.push({ name: v.name, bytes: new Uint8Array(await v.arrayBuffer()) });
  }
  return {
    fields,
    files,
    idempotencyKey: request.headers.get("idempotency-key") ?? text("idempotencyKey"),
    honeypot: text(HONEYPOT_FIELD),
    proof: text(CHALLENGE_FIELD),
  };
}
