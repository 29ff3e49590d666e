// Publicity lists 社会公示 in the back office: a draft list gets its window and entries (each checked against the
// honour's eligible region types), is published, may be extended, and after closing records each entry's outcome.
import { INT4_MAX } from "../../domain/ids.ts";
import { asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { publicityEntries, publicityLists, regions } from "../../../db/schema.ts";
import { HONOUR_IDS, type Honour } from "../../domain/honours.ts";
import { ENTRY_OUTCOMES, publicityStatus, validateWindow } from "../../domain/publicity.ts";
import { formatShanghai, isDateString, isTimeOfDay, shanghaiAt, shanghaiEndOfDay } from "../../domain/time.ts";
import { enqueueAlert } from "../alerts.ts";
import { appendAudit } from "../audit.ts";
import { config } from "../config.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Db, Tx } from "../db.ts";
import { enqueueSearch } from "../publishing.ts";
import { staffLabel } from "../../domain/cases.ts";
import { invalidForm } from "../form-errors.ts";
import { mayPublish, NOT_ALLOWED, refuse, type PublishResult } from "./common.ts";

const honour = z.enum(HONOUR_IDS as [Honour, ...Honour[]], { error: "请选择称号" });
const date = (what: string) => z.string().refine(isDateString, `请填写${what}（年-月-日）`);
const time = (what: string) => z.string().refine(isTimeOfDay, `请填写${what}（时:分）`);

/** As defaultClosesAt: "23:59" means the whole last day (until 23:59:59); another cut-off is exact. */
function closingInstant(day: string, time: string): Date {
  return time === "23:59" ? shanghaiEndOfDay(day) : shanghaiAt(day, time);
}

export const listInput = z.object({
  title: z.string().trim().min(6, "标题至少 6 个字").max(200, "标题不能超过 200 个字"),
  docNumber: z.string().trim().max(60).optional().transform((s) => s || null),
  honours: z.array(honour).min(1, "请至少选择一个称号"),
  opensOn: date("公示开始日期"),
  opensTime: time("公示开始时间"),
  closesOn: date("公示截止日期"),
  closesTime: time("公示截止时间"),
  contactPhone: z.string().trim().max(40).optional().transform((s) => s || null),
  contactEmail: z.union([z.literal(""), z.email("邮箱格式不正确")]).optional().transform((s) => s || null),
  contactAddress: z.string().trim().max(200).optional().transform((s) => s || null),
  description: z.string().trim().max(2000).optional().transform((s) => s ?? ""),
});

export async function listsForStaff(tx: Tx) {
  return tx.select().from(publicityLists).orderBy(desc(publicityLists.opensAt), desc(publicityLists.id)).limit(100);
}

export async function listForStaff(tx: Tx, id: number) {
  const [list] = await tx.select().from(publicityLists).where(eq(publicityLists.id, id));
  if (!list) return null;
  const entries = await tx
    .select({ id: publicityEntries.id, regionCode: publicityEntries.regionCode, name: regions.name, honour: publicityEntries.honour, outcome: publicityEntries.outcome, outcomeNote: publicityEntries.outcomeNote })
    .from(publicityEntries)
    .innerJoin(regions, eq(regions.code, publicityEntries.regionCode))
    .where(eq(publicityEntries.publicityId, id))
    .orderBy(asc(publicityEntries.sortOrder), asc(publicityEntries.id));
  return { list, entries };
}

export async function createList(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<PublishResult<{ id: number }>> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const parsed = listInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const d = parsed.data;
  const opensAt = shanghaiAt(d.opensOn, d.opensTime);
  const closesAt = closingInstant(d.closesOn, d.closesTime);
  const problems = validateWindow({ opensAt, closesAt });
  if (problems.length) return refuse(problems[0]!, 422, "closesOn");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(publicityLists)
      .values({ title: d.title, docNumber: d.docNumber, honours: d.honours, opensAt, closesAt, cutoffTime: d.closesTime, contactPhone: d.contactPhone, contactEmail: d.contactEmail, contactAddress: d.contactAddress, description: d.description })
      .returning({ id: publicityLists.id });
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "publicity.create", objectType: "publicity_list", objectId: String(row!.id), details: { title: d.title } });
    return { ok: true as const, message: "公示草稿已保存，请添加公示对象", id: row!.id };
  });
}

async function lockList(tx: Tx, id: number) {
  const [list] = await tx.select().from(publicityLists).where(eq(publicityLists.id, id)).for("update");
  return list ?? null;
}

// Entries are added one by one or from a pasted list of names, with the same checks: see entries.ts.
export { addEntry } from "./entries.ts";

export async function removeEntry(db: Db, actor: StaffActor, listId: number, entryId: number, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  return db.transaction(async (tx): Promise<PublishResult> => {
    const list = await lockList(tx, listId);
    if (!list) return refuse("公示不存在", 404);
    if (list.publishedAt) return refuse("公示已发布，不能删除对象；如需撤回推荐，请在公示结束后记录结果");
    const gone = await tx.delete(publicityEntries).where(eq(publicityEntries.id, entryId)).returning({ publicityId: publicityEntries.publicityId });
    if (gone[0]?.publicityId !== listId) return refuse("公示对象不存在", 404);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "publicity.remove_entry", objectType: "publicity_list", objectId: String(listId), details: { entryId } });
    return { ok: true, message: "已删除" };
  });
}

export async function publishList(db: Db, actor: StaffActor, listId: number, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  return db.transaction(async (tx): Promise<PublishResult> => {
    const list = await lockList(tx, listId);
    if (!list) return refuse("公示不存在", 404);
    if (list.publishedAt) return refuse("公示已发布");
    const entries = await tx.select({ id: publicityEntries.id, prefectureCode: publicityEntries.prefectureCode }).from(publicityEntries).where(eq(publicityEntries.publicityId, listId));
    if (entries.length === 0) return refuse("请先添加公示对象");
    if (list.closesAt <= now) return refuse("公示截止时间已过，不能发布；请修改公示期");
    await tx.update(publicityLists).set({ publishedAt: now }).where(eq(publicityLists.id, listId));
    await enqueueSearch(tx, "publicity", [listId], now);
    await enqueueAlert(tx, { kind: "publicity", title: `社会公示：${list.title}`, url: `${config().SITE_URL}/publicity/${listId}`, summary: `公示期 ${formatShanghai(list.opensAt)} 至 ${formatShanghai(list.closesAt)}，共 ${entries.length} 个对象。对公示对象有异议的，可在公示期内实名提出。`, prefectureCodes: entries.map((e) => e.prefectureCode).filter((c): c is string => !!c) }, now);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "publicity.publish", objectType: "publicity_list", objectId: String(listId), details: { entries: entries.length } });
    return { ok: true, message: "公示已发布" };
  });
}

/** A published window may only be lengthened, with a public note; the original close stays on record. */
export async function extendList(db: Db, actor: StaffActor, listId: number, form: Record<string, unknown>, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const parsed = z.object({ closesOn: date("新的截止日期"), closesTime: time("新的截止时间"), note: z.string().trim().min(2, "请填写延期说明").max(300) }).safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const closesAt = closingInstant(parsed.data.closesOn, parsed.data.closesTime);
  return db.transaction(async (tx): Promise<PublishResult> => {
    const list = await lockList(tx, listId);
    if (!list) return refuse("公示不存在", 404);
    if (!list.publishedAt) return refuse("草稿可以直接修改公示期，无需延期");
    if (closesAt <= list.closesAt) return refuse("延期后的截止时间必须晚于现在的截止时间", 422, "closesOn");
    if (publicityStatus(list, now) === "closed") return refuse("公示已结束，不能延期");
    await tx.update(publicityLists).set({ closesAt, cutoffTime: parsed.data.closesTime, originalClosesAt: list.originalClosesAt ?? list.closesAt, extensionNote: parsed.data.note }).where(eq(publicityLists.id, listId));
    await enqueueSearch(tx, "publicity", [listId], now);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "publicity.extend", objectType: "publicity_list", objectId: String(listId), reason: parsed.data.note });
    return { ok: true, message: "公示期已延长" };
  });
}

export async function recordOutcome(db: Db, actor: StaffActor, listId: number, form: Record<string, unknown>, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const parsed = z.object({ entryId: z.coerce.number().int().positive().max(INT4_MAX), outcome: z.enum(ENTRY_OUTCOMES, { error: "请选择结果" }), outcomeNote: z.string().trim().max(300).optional().transform((s) => s || null) }).safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  return db.transaction(async (tx): Promise<PublishResult> => {
    const list = await lockList(tx, listId);
    if (!list) return refuse("公示不存在", 404);
    if (!list.publishedAt || publicityStatus(list, now) !== "closed") return refuse("公示结束后才能记录各对象的结果");
    const done = await tx.update(publicityEntries).set({ outcome: parsed.data.outcome, outcomeNote: parsed.data.outcomeNote }).where(eq(publicityEntries.id, parsed.data.entryId)).returning({ publicityId: publicityEntries.publicityId });
    if (done[0]?.publicityId !== listId) return refuse("公示对象不存在", 404);
    await enqueueSearch(tx, "publicity", [listId], now);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "publicity.outcome", objectType: "publicity_list", objectId: String(listId), details: parsed.data });
    return { ok: true, message: "已记录结果" };
  });
}
