// Publicity entries 公示对象 by name: staff find a place by its name or pinyin, or paste a list of names from a
// document and confirm each match, instead of typing 6- or 9-digit codes. Every entry, however chosen, passes the
// same checks: the list is a draft and covers the honour, the place may apply for it (checkEligibility), and it does
// not already hold it unless the list is its re-review (heldHonourProblem).
import { and, asc, eq, ilike, like, or } from "drizzle-orm";
import { z } from "zod";
import { designations, publicityEntries, publicityLists, regions } from "../../../db/schema.ts";
import type { DesignationStatus } from "../../domain/designations.ts";
import { heldHonourProblem } from "../../domain/held-honours.ts";
import { checkEligibility, HONOUR_IDS, HONOURS, type AdminLabel, type Honour } from "../../domain/honours.ts";
import { matchNames, MAX_PASTED_NAMES, splitNames, type NameMatch, type RegionCandidate } from "../../domain/region-match.ts";
import { staffLabel } from "../../domain/cases.ts";
import { appendAudit } from "../audit.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Db, Tx } from "../db.ts";
import { invalidForm } from "../form-errors.ts";
import { mayPublish, NOT_ALLOWED, refuse, type PublishResult } from "./common.ts";

type List = typeof publicityLists.$inferSelect;
type Region = typeof regions.$inferSelect;

const honour = z.enum(HONOUR_IDS as [Honour, ...Honour[]], { error: "请选择称号" });
const regionCode = z.string().trim().regex(/^\d{6}(\d{3})?$/, "请选择公示对象");

/** Why this place cannot go onto this list for this honour, or null; the caller holds the list's row lock. */
export async function entryProblem(tx: Tx, list: List, region: Region, h: Honour): Promise<string | null> {
  if (list.publishedAt) return "公示已发布，不能再增加对象";
  if (!list.honours.includes(h)) return `本公示不含“${HONOURS[h].label}”`;
  const eligible = checkEligibility(h, region.label as AdminLabel | null);
  if (!eligible.ok) return `${region.name}：${eligible.reason}`;
  const [held] = await tx.select({ status: designations.status }).from(designations).where(and(eq(designations.regionCode, region.code), eq(designations.honour, h)));
  return heldHonourProblem(region.name, h, (held?.status as DesignationStatus | undefined) ?? null, list.title);
}

/** Inserts one checked entry; false when the place is already on the list. */
async function insertEntry(tx: Tx, list: List, region: Region, h: Honour): Promise<boolean> {
  const inserted = await tx
    .insert(publicityEntries)
    .values({ publicityId: list.id, regionCode: region.code, honour: h, prefectureCode: region.prefectureCode })
    .onConflictDoNothing()
    .returning({ id: publicityEntries.id });
  return inserted.length > 0;
}

async function lockList(tx: Tx, id: number) {
  const [list] = await tx.select().from(publicityLists).where(eq(publicityLists.id, id)).for("update");
  return list ?? null;
}

export async function addEntry(db: Db, actor: StaffActor, listId: number, form: Record<string, unknown>, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const parsed = z.object({ regionCode, honour }).safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const { regionCode: code, honour: h } = parsed.data;
  return db.transaction(async (tx): Promise<PublishResult> => {
    const list = await lockList(tx, listId);
    if (!list) return refuse("公示不存在", 404);
    const [region] = await tx.select().from(regions).where(eq(regions.code, code));
    if (!region) return refuse("没有这个行政区划", 422, "regionCode");
    const problem = await entryProblem(tx, list, region, h);
    if (problem) return refuse(problem, 422, list.publishedAt ? undefined : "regionCode");
    if (!(await insertEntry(tx, list, region, h))) return refuse(`${region.name}已在本公示中`, 409, "regionCode");
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "publicity.add_entry", objectType: "publicity_list", objectId: String(listId), details: { regionCode: code, honour: h } });
    return { ok: true, message: `已添加${region.name}` };
  });
}

export interface BatchOutcome {
  added: string[];
  refused: { name: string; reason: string }[];
}

/**
 * The confirmed matches of a pasted list, added in one transaction: each place is checked like a single entry, and a
 * refused one (not eligible, already holding the honour, already listed) is named with its reason while the rest go
 * in — one audit row per entry added.
 */
export async function addEntries(db: Db, actor: StaffActor, listId: number, form: { honour: unknown; codes: unknown[] }, now: Date): Promise<PublishResult<BatchOutcome>> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const parsed = z.object({ honour, codes: z.array(regionCode).min(1, "请至少确认一个公示对象").max(MAX_PASTED_NAMES) }).safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const { honour: h, codes } = parsed.data;
  return db.transaction(async (tx): Promise<PublishResult<BatchOutcome>> => {
    const list = await lockList(tx, listId);
    if (!list) return refuse("公示不存在", 404);
    if (list.publishedAt) return refuse("公示已发布，不能再增加对象");
    const outcome: BatchOutcome = { added: [], refused: [] };
    for (const code of [...new Set(codes)]) {
      const [region] = await tx.select().from(regions).where(eq(regions.code, code));
      if (!region) {
        outcome.refused.push({ name: code, reason: "没有这个行政区划" });
        continue;
      }
      const problem = await entryProblem(tx, list, region, h);
      if (problem) outcome.refused.push({ name: region.name, reason: problem });
      else if (!(await insertEntry(tx, list, region, h))) outcome.refused.push({ name: region.name, reason: `${region.name}已在本公示中` });
      else {
        outcome.added.push(region.name);
        await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "publicity.add_entry", objectType: "publicity_list", objectId: String(listId), details: { regionCode: code, honour: h, via: "paste" } });
      }
    }
    const message = [outcome.added.length ? `已添加 ${outcome.added.length} 个对象` : "没有添加对象", ...outcome.refused.map((r) => `未添加${r.reason.startsWith(r.name) ? "：" : `${r.name}：`}${r.reason}`)].join("；");
    return { ok: true, message, ...outcome };
  });
}

/** Every place of the province with its league and county, as the name matcher needs them. */
export async function regionCandidates(tx: Tx): Promise<RegionCandidate[]> {
  const rows = await tx.select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode, prefectureCode: regions.prefectureCode }).from(regions).orderBy(asc(regions.code));
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, context: contextOf(r, names) }));
}

function contextOf(r: { level: string; parentCode: string | null; prefectureCode: string | null }, names: Map<string, string>): string {
  if (r.level === "township") return [r.prefectureCode && names.get(r.prefectureCode), r.parentCode && names.get(r.parentCode)].filter(Boolean).join(" ");
  if (r.level === "county") return (r.prefectureCode && names.get(r.prefectureCode)) || "";
  return "";
}

const tierLevel = { city: "prefecture", county: "county", township: "township" } as const;

/** The pasted names matched to places, preferring places of the honour's tier (townships for a township honour). */
export async function matchPasted(tx: Tx, text: string, h: Honour): Promise<NameMatch[]> {
  const level = tierLevel[HONOURS[h].tier];
  return matchNames(splitNames(text), await regionCandidates(tx), (r) => r.level === level);
}

/** Places whose name contains the query, or whose pinyin, initials or code begin with it (达拉特, dalate, dltq, 150621), of the honour's tier first. */
export async function findRegions(tx: Tx, query: string, h: Honour | null, limit = 20): Promise<RegionCandidate[]> {
  const q = query.trim().slice(0, 40);
  if (!q) return [];
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const latin = /^[a-z]+$/i.test(q) ? q.toLowerCase() : null;
  const digits = /^\d{2,9}$/.test(q) ? q : null;
  const rows = await tx
    .select({ code: regions.code })
    .from(regions)
    .where(digits ? like(regions.code, `${digits}%`) : latin ? or(ilike(regions.pinyin, `${latin}%`), ilike(regions.pinyinInitials, `${latin}%`), ilike(regions.name, pattern)) : ilike(regions.name, pattern))
    .orderBy(asc(regions.code))
    .limit(200);
  const wanted = new Set(rows.map((r) => r.code));
  const all = (await regionCandidates(tx)).filter((r) => wanted.has(r.code));
  const level = h ? tierLevel[HONOURS[h].tier] : null;
  const rank = (r: RegionCandidate) => (r.level === level ? 0 : 1) + (r.name === q ? -2 : r.name.startsWith(q) ? -1 : 0);
  return all.sort((a, b) => rank(a) - rank(b)).slice(0, limit);
}
