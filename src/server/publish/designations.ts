// Designations 命名 and their history events in the back office: each event moves the designation's status by the
// domain rule (applyDesignationEvent), is public on the town's page and feeds, and reindexes the town.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { designationEvents, designations, regions } from "../../../db/schema.ts";
import { applyDesignationEvent, DESIGNATION_EVENT_KINDS, DESIGNATION_EVENT_LABELS, type DesignationStatus } from "../../domain/designations.ts";
import { checkEligibility, HONOUR_IDS, HONOURS, type AdminLabel, type Honour } from "../../domain/honours.ts";
import { isDateString } from "../../domain/time.ts";
import { enqueueAlert } from "../alerts.ts";
import { appendAudit } from "../audit.ts";
import { config } from "../config.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Db } from "../db.ts";
import { enqueueSearch } from "../publishing.ts";
import { staffLabel } from "../../domain/cases.ts";
import { invalidForm } from "../form-errors.ts";
import { mayPublish, NOT_ALLOWED, refuse, type PublishResult } from "./common.ts";

export const eventInput = z.object({
  regionCode: z.string().trim().regex(/^\d{6}(\d{3})?$/, "请填写 6 位或 9 位行政区划代码"),
  honour: z.enum(HONOUR_IDS as [Honour, ...Honour[]], { error: "请选择称号" }),
  kind: z.enum(DESIGNATION_EVENT_KINDS, { error: "请选择事件类型" }),
  occurredOn: z.string().refine(isDateString, "请填写日期（年-月-日）"),
  title: z.string().trim().min(4, "标题至少 4 个字").max(200, "标题不能超过 200 个字"),
  description: z.string().trim().max(2000).optional().transform((s) => s ?? ""),
});

export async function recordDesignationEvent(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const parsed = eventInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const d = parsed.data;
  return db.transaction(async (tx): Promise<PublishResult> => {
    const [region] = await tx.select().from(regions).where(eq(regions.code, d.regionCode));
    if (!region) return refuse("没有这个行政区划代码", 422, "regionCode");
    const eligible = checkEligibility(d.honour, region.label as AdminLabel | null);
    if (!eligible.ok) return refuse(`${region.name}：${eligible.reason}`, 422, "honour");
    const [current] = await tx.select().from(designations).where(and(eq(designations.regionCode, d.regionCode), eq(designations.honour, d.honour))).for("update");
    const step = applyDesignationEvent(current ? { ...current, status: current.status as DesignationStatus } : null, d.kind, d.occurredOn);
    if (!step.ok) return refuse(`${region.name}${HONOURS[d.honour].label}：${step.reason}`, 422, "kind");
    const values = { ...step.next, updatedAt: now };
    const id = current
      ? (await tx.update(designations).set(values).where(eq(designations.id, current.id)).returning({ id: designations.id }))[0]!.id
      : (await tx.insert(designations).values({ regionCode: d.regionCode, honour: d.honour, ...values }).returning({ id: designations.id }))[0]!.id;
    await tx.insert(designationEvents).values({ designationId: id, kind: d.kind, occurredOn: d.occurredOn, title: d.title, description: d.description });
    await enqueueSearch(tx, "towns", [id], now);
    await enqueueAlert(tx, { kind: "designation", title: `${region.name}（${HONOURS[d.honour].label}）：${DESIGNATION_EVENT_LABELS[d.kind]}`, url: `${config().SITE_URL}/towns/${d.regionCode}`, summary: d.title, prefectureCodes: region.prefectureCode ? [region.prefectureCode] : [] }, now);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: `designation.${d.kind}`, objectType: "designation", objectId: String(id), details: { regionCode: d.regionCode, honour: d.honour, occurredOn: d.occurredOn } });
    return { ok: true, message: `已记录：${region.name}${HONOURS[d.honour].label}` };
  });
}
