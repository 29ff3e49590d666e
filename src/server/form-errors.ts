// Zod errors as the Chinese messages forms show beside their fields: the first message per field.
import type { z } from "zod";

export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of error.issues) out[String(i.path[0] ?? "form")] ??= i.message;
  return out;
}

/** The 400 answer of a form whose fields did not validate. */
export function invalidForm(error: z.ZodError): { ok: false; status: 400; reason: string; errors: Record<string, string> } {
  return { ok: false, status: 400, reason: "请检查填写的内容", errors: fieldErrors(error) };
}
