// One entry point for a submitted report, shared by the plain form POST (/report) and the island (/api/reports):
// body limits, abuse gate, intake, and the HTTP status that fits each outcome.
import { config } from "../config.ts";
import { evidenceDir } from "../evidence-store.ts";
import { db } from "../runtime.ts";
import { log } from "../log.ts";
import { gateSubmission } from "./abuse.ts";
import { parseReport } from "../../domain/report.ts";
import { shanghaiDate } from "../../domain/time.ts";
import { BodyError, readSubmission, reportFields } from "./form-data.ts";
import { bodyHash, keyProblem, knownKey, submitReport, type SubmitOutcome } from "./submit.ts";

/** The language the answer is given in and the case keeps: the page's (/en/report, /mn/report) or the island's. */
export type ReportLocale = "zh" | "en" | "mn";

type Answer =
  | { http: 200 | 201 | 400 | 409 | 422; outcome: Answered; fields: Record<string, string> }
  | { http: 200; outcome: { status: "review" | "editing" }; fields: Record<string, string> }
  | { http: 400 | 413 | 415 | 429; outcome: { status: "rejected"; message: string; code?: string }; fields: Record<string, string>; retryAfterMs?: number | undefined; bodyRefused?: true };

export type Received = Answer & { locale: ReportLocale; now: Date };

type Answered = Exclude<SubmitOutcome, { status: "throttled" }>;

const HTTP: Record<Answered["status"], 200 | 201 | 400 | 409 | 422> = {
  created: 201,
  replayed: 200,
  duplicate: 200,
  invalid: 400,
  objection_refused: 422,
  key_reused: 422,
  in_progress: 409,
};

/**
 * `locale` is the language of the page that received the plain form; the island's submission to /api/reports
 * names its page's language in a `locale` field instead.
 */
export async function receiveReport(request: Request, clientAddress: string, now = new Date(), locale?: ReportLocale): Promise<Received> {
  let lang: ReportLocale = locale ?? "zh";
  const answer = (a: Answer): Received => ({ ...a, locale: lang, now });
  let body;
  try {
    body = await readSubmission(request);
  } catch (err) {
    // The fields read before a refusal come back, so that the plain form keeps what the person typed; the answer
    // must close the connection (REFUSAL_HEADERS), as the rest of the body is never read.
    if (err instanceof BodyError) {
      const sent = err.fields.get("locale");
      if (!locale && (sent === "en" || sent === "mn")) lang = sent;
      return answer({ http: err.status, outcome: { status: "rejected", message: err.message, code: err.code }, fields: reportFields(err.fields), bodyRefused: true });
    }
    throw err;
  }
  lang = locale ?? body.locale ?? "zh";
  // The plain form's 核对并提交 page and its 修改 links: the answers are checked by the same rule and shown back.
  if (body.intent === "edit") return answer({ http: 200, outcome: { status: "editing" }, fields: body.fields });
  if (body.intent === "review") {
    const checked = parseReport(body.fields, shanghaiDate(now));
    return answer(checked.ok ? { http: 200, outcome: { status: "review" }, fields: body.fields } : { http: 400, outcome: { status: "invalid", errors: checked.errors }, fields: body.fields });
  }
  const tx = await db();
  const key = body.idempotencyKey?.trim() || null;
  const problem = keyProblem(key);
  if (problem) return answer({ http: 400, outcome: { status: "rejected", message: problem, code: "idempotency_key" }, fields: body.fields });
  // A key already seen is answered first (IETF Idempotency-Key): the retry of a lost answer gets its receipt even
  // though the first attempt spent its proof of work and counted against the limit.
  if (key) {
    const known = await knownKey(tx, key, bodyHash(body.fields, body.files));
    if (known && known.status !== "throttled") return answer({ http: HTTP[known.status], outcome: known, fields: body.fields });
  }
  const gate = await gateSubmission(tx, { ip: clientAddress, honeypot: body.honeypot, proof: body.proof }, now, config().REPORT_HOURLY_LIMIT, { countAttempt: false });
  if (!gate.ok) return answer({ http: gate.status, outcome: { status: "rejected", message: gate.message }, fields: body.fields, retryAfterMs: gate.retryAfterMs });
  const outcome = await submitReport(
    { fields: body.fields, files: body.files, idempotencyKey: key, locale: lang },
    { db: tx, evidenceDir: evidenceDir(), now, hourlyLimit: { ip: clientAddress, limit: gate.limit } },
  );
  if (outcome.status === "throttled") {
    return answer({ http: 429, outcome: { status: "rejected", message: outcome.message }, fields: body.fields, retryAfterMs: outcome.retryAfterMs });
  }
  if (outcome.status === "created") {
    log.info({ trackingNumber: outcome.receipt.trackingNumber, kind: outcome.receipt.kind, files: outcome.receipt.evidenceCount }, "report received");
  }
  return answer({ http: HTTP[outcome.status], outcome, fields: body.fields });
}
