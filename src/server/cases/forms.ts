// The case page's forms: one zod schema per action with Chinese messages, then the one service call that applies
// it. Every form carries the case version it was rendered from, so a stale form is refused, never applied.
import { z } from "zod";
import { ACTION_LABELS, FINDINGS, type CaseAction, type CaseActionType } from "../../domain/cases.ts";
import type { Db } from "../db.ts";
import { invalidForm } from "../form-errors.ts";
import { checkEvidence, EvidenceError, removeStored, storageKeyFor, writeDurably, type IncomingFile } from "../intake/evidence.ts";
import { evidenceDir } from "../evidence-store.ts";
import { BodyError, FORM_LIMITS, readPageForm } from "../http/body.ts";
import { performAction, type ActionResult, type StaffActor, type StoredEvidence } from "./actions.ts";
import { decideExtension, pauseClock, requestExtension, resumeClock } from "./clock.ts";
import { decideReexamination } from "./feedback.ts";
import { revealSubmitter, type SubmitterView } from "./identity.ts";
import type { ExtraAction } from "./view.ts";

const text = (what: string, min = 2, max = 2000) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(min, min <= 1 ? `请填写${what}` : `${what}至少 ${min} 个字`)
    .max(max, `${what}不能超过 ${max} 个字`);
const optionalText = (max = 2000) => z.string().trim().max(max, `不能超过 ${max} 个字`).optional().transform((s) => s || undefined);
const finding = z.enum(FINDINGS, { error: "请选择核实结论（属实、部分属实或不属实）" });
const notes = { publicNote: optionalText(500), internalNote: optionalText(2000) };

const SCHEMAS = {
  accept: z.object(notes),
  handle_self: z.object(notes),
  start: z.object(notes),
  close: z.object(notes),
  accept_rectification: z.object(notes),
  refuse: z.object({ reason: text("不予受理的理由"), ...notes }),
  return_findings: z.object({ reason: text("退回的理由"), ...notes }),
  reject_rectification: z.object({ reason: text("验收不通过的理由"), ...notes }),
  return_to_office: z.object({ reason: text("退回的理由（说明为何不属于本单位）"), ...notes }),
  assign: z.object({ unitId: z.string({ error: "请选择交办单位" }).min(1, "请选择交办单位"), ...notes }),
  submit_findings: z.object({ finding, summary: text("核实情况", 10), ...notes }),
  conclude: z.object({ finding, publicReply: text("给反映人的公开答复", 10), ...notes }),
  order_rectification: z.object({ problem: text("公开的问题描述", 6, 500), workingDays: z.coerce.number({ error: "整改期限须为工作日数" }).int("整改期限须为整数个工作日").min(1, "整改期限至少 1 个工作日").max(120, "整改期限不超过 120 个工作日"), ...notes }),
  report_rectification: z.object({ summary: text("整改情况", 10), ...notes }),
  merge: z.object({ intoCaseId: text("要合并到的受理件查询编号", 1, 40), ...notes }),
} satisfies Record<CaseActionType, z.ZodType>;

const EXTRA_SCHEMAS = {
  pause: z.object({ question: text("需要反映人补充的内容") }),
  resume: z.object({ answer: text("反映人补充的内容") }),
  request_extension: z.object({ workingDays: z.coerce.number({ error: "请填写延期工作日数" }).int("延期须为整数个工作日").min(1, "延期至少 1 个工作日").max(60, "延期不能超过 60 个工作日"), reason: text("延期理由") }),
  decide_extension: z.object({ decision: z.enum(["approve", "refuse"], { error: "请选择批准或不批准" }), note: optionalText(500) }),
  reveal: z.object({ reason: text("查看身份的理由", 4, 200) }),
  decide_reexam: z.object({ decision: z.enum(["reopen", "uphold"], { error: "请选择重新办理或维持原结论" }), reply: text("给反映人的答复") }),
} satisfies Record<ExtraAction, z.ZodType>;

export type FormOutcome =
  | { ok: true; message: string; submitter?: SubmitterView }
  | { ok: false; status: 400 | 403 | 404 | 409 | 422; reason: string; errors?: Record<string, string> };

const fromResult = (r: ActionResult, message: string): FormOutcome =>
  r.ok ? { ok: true, message } : { ok: false, status: r.status, reason: r.reason, ...(r.field ? { errors: { [r.field]: r.reason } } : {}) };

/** Actions that may carry files: the unit's findings and its rectification report. */
export const ACTIONS_WITH_EVIDENCE: readonly string[] = ["submit_findings", "report_rectification"];

export async function applyCaseForm(db: Db, actor: StaffActor, caseId: number, form: Record<string, unknown>, now: Date, files: IncomingFile[] = []): Promise<FormOutcome> {
  if (files.some((f) => f.bytes.byteLength > 0)) return withEvidence(db, actor, caseId, form, now, files);
  return applyCaseFormWith(db, actor, caseId, form, now);
}

async function applyCaseFormWith(db: Db, actor: StaffActor, caseId: number, form: Record<string, unknown>, now: Date, evidence?: StoredEvidence[]): Promise<FormOutcome> {
  const action = String(form.action ?? "");
  const version = Number(form.version);
  if (!Number.isInteger(version) || version < 0) return { ok: false, status: 400, reason: "表单已失效，请刷新页面后重试" };
  const base = { caseId, version, actor, now };
  // Own keys only: `constructor` or `toString` as an action found Object.prototype's members (500).
  if (Object.hasOwn(SCHEMAS, action)) {
    const type = action as CaseActionType;
    const parsed = SCHEMAS[type].safeParse(form);
    if (!parsed.success) return invalidForm(parsed.error);
    const payload = { type, ...parsed.data } as CaseAction;
    return fromResult(await performAction(db, { ...base, action: payload, ...(evidence ? { evidence } : {}) }), `已办理：${ACTION_LABELS[type]}`);
  }
  if (Object.hasOwn(EXTRA_SCHEMAS, action)) {
    const type = action as ExtraAction;
    const parsed = EXTRA_SCHEMAS[type].safeParse(form);
    if (!parsed.success) return invalidForm(parsed.error);
    // Each schema above guarantees the fields its branch reads.
    const d = parsed.data as unknown as { question: string; answer: string; workingDays: number; reason: string; decision: string; note?: string; reply: string };
    switch (type) {
      case "pause":
        return fromResult(await pauseClock(db, { ...base, question: d.question }), "已暂停计时，等待反映人补充材料");
      case "resume":
        return fromResult(await resumeClock(db, { ...base, answer: d.answer }), "已恢复计时");
      case "request_extension":
        return fromResult(await requestExtension(db, { ...base, workingDays: d.workingDays, reason: d.reason }), "延期申请已提交，等待自治区爱卫办审批");
      case "decide_extension":
        return fromResult(await decideExtension(db, { ...base, approve: d.decision === "approve", note: d.note ?? "" }), "已审批延期申请");
      case "decide_reexam":
        return fromResult(await decideReexamination(db, { ...base, reopen: d.decision === "reopen", reply: d.reply }), "已决定复查申请");
      case "reveal": {
        const r = await revealSubmitter(db, { caseId, actor, reason: d.reason, now });
        return r.ok ? { ok: true, message: "已记录查看理由（审计）", submitter: r.submitter } : { ok: false, status: r.status, reason: r.reason };
      }
    }
  }
  return { ok: false, status: 400, reason: "未知的操作" };
}

/** Checks the files by their bytes, stores them durably, then applies the action with them; gives the files back
 * if the action is refused, so that nothing half-done remains. */
async function withEvidence(db: Db, actor: StaffActor, caseId: number, form: Record<string, unknown>, now: Date, files: IncomingFile[]): Promise<FormOutcome> {
  const action = String(form.action ?? "");
  if (!ACTIONS_WITH_EVIDENCE.includes(action)) return { ok: false, status: 400, reason: "此操作不能附加材料", errors: { evidence: "此操作不能附加材料" } };
  let checked;
  try {
    checked = await checkEvidence(files);
  } catch (err) {
    if (!(err instanceof EvidenceError)) throw err;
    return { ok: false, status: 400, reason: err.message, errors: { evidence: err.message } };
  }
  const root = evidenceDir();
  const stored: StoredEvidence[] = checked.map((f) => ({ filename: f.name, mimeType: f.mime, size: f.bytes.byteLength, sha256: f.sha256, storageKey: storageKeyFor(now, f.mime) }));
  for (const [i, f] of checked.entries()) await writeDurably(root, stored[i]!.storageKey, f.bytes);
  try {
    const outcome = await applyCaseFormWith(db, actor, caseId, form, now, stored);
    if (!outcome.ok) await removeStored(root, stored.map((s) => s.storageKey));
    return outcome;
  } catch (err) {
    await removeStored(root, stored.map((s) => s.storageKey));
    throw err;
  }
}

/**
 * The case page's POST: text fields, and the files of its "evidence" input, read within the evidence form's limits
 * (five files of 10 MB). A refused body is a BodyError, already set on the page's response (status, Connection).
 */
export async function readStaffForm(request: Request, response: { status?: number; headers: Headers }): Promise<{ fields: Record<string, string>; files: IncomingFile[] } | BodyError> {
  const read = await readPageForm(request, response, FORM_LIMITS.evidence);
  if (read instanceof BodyError) return read;
  return { fields: Object.fromEntries(read.fields), files: read.files.filter((f) => f.field === "evidence").map((f) => ({ name: f.name, bytes: f.bytes })) };
}
