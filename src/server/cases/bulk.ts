// Bulk work 批量办理: the office accepts or assigns several cases from the queue at once. Each case goes through the
// same service call as the case page (performAction) in its own transaction — checked against the version the queue
// showed, versioned and audited one by one — so one refusal stops nothing else and is reported beside its case.
import { inArray } from "drizzle-orm";
import { z } from "zod";
import { cases } from "../../../db/schema.ts";
import { ACTION_LABELS, isOffice } from "../../domain/cases.ts";
import type { Db } from "../db.ts";
import { performAction, type StaffActor } from "./actions.ts";

export const BULK_ACTIONS = ["accept", "assign"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const MAX_BULK = 100;

/** A checkbox of the queue: "<case id>:<version the row was rendered with>". */
const pick = z.string().regex(/^\d{1,9}:\d{1,9}$/, "所选受理件无效").transform((s) => {
  const [id, version] = s.split(":").map(Number);
  return { caseId: id!, version: version! };
});

const bulkForm = z.object({
  action: z.enum(BULK_ACTIONS, { error: "请选择批量操作（受理或交办）" }),
  unitId: z.string().max(40).optional().transform((s) => s || undefined),
  picks: z.array(pick).min(1, "请先勾选要办理的受理件").max(MAX_BULK, `一次最多批量办理 ${MAX_BULK} 件`),
});

export interface BulkItem {
  caseId: number;
  trackingNumber: string;
  ok: boolean;
  /** 已受理 / 已交办, or the Chinese reason it was refused. */
  message: string;
}

export type BulkOutcome = { ok: true; action: BulkAction; items: BulkItem[] } | { ok: false; status: 400 | 403 | 422; reason: string };

/** Reads the queue's bulk form: the action, the unit for 交办, and every ticked case (repeated "pick" fields). */
export function parseBulkForm(form: URLSearchParams | FormData): z.ZodSafeParseResult<z.infer<typeof bulkForm>> {
  return bulkForm.safeParse({ action: form.get("action") ?? undefined, unitId: form.get("unitId") ?? undefined, picks: form.getAll("pick").map(String) });
}

export async function bulkAct(db: Db, actor: StaffActor, form: URLSearchParams | FormData, now: Date): Promise<BulkOutcome> {
  if (!isOffice(actor)) return { ok: false, status: 403, reason: "批量办理仅限自治区爱卫办工作人员" };
  const parsed = parseBulkForm(form);
  if (!parsed.success) return { ok: false, status: parsed.error.issues.some((i) => i.path[0] === "action") ? 400 : 422, reason: parsed.error.issues[0]?.message ?? "表单无效" };
  const { action, unitId } = parsed.data;
  if (action === "assign" && !unitId) return { ok: false, status: 422, reason: "批量交办须选择交办单位" };
  // A case ticked twice is done once.
  const picks = [...new Map(parsed.data.picks.map((p) => [p.caseId, p])).values()];
  const numbers = new Map((await db.select({ id: cases.id, n: cases.trackingNumber }).from(cases).where(inArray(cases.id, picks.map((p) => p.caseId)))).map((r) => [r.id, r.n]));
  const items: BulkItem[] = [];
  for (const p of picks) {
    const payload = action === "assign" ? { type: "assign" as const, unitId: unitId! } : { type: "accept" as const };
    const r = await performAction(db, { caseId: p.caseId, version: p.version, actor, action: payload, now });
    const trackingNumber = (r.ok || r.status !== 404 ? numbers.get(p.caseId) : undefined) ?? `#${p.caseId}`;
    items.push({ caseId: p.caseId, trackingNumber, ok: r.ok, message: r.ok ? `已${ACTION_LABELS[action]}` : r.reason });
  }
  return { ok: true, action, items };
}
