// Routing rules 分办规则 as data (DESIGN.md §4): the admin creates, edits, reorders, disables and enables them, each
// change audited with before and after; the office may read them. A save must follow a dry run of exactly the rule
// being saved against exactly the rules it was run on, so nobody saves a rule whose effect they have not seen.
import { createHash } from "node:crypto";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { regions, responsibilities, routingRules, units } from "../../db/schema.ts";
import { staffLabel, type Role } from "../domain/cases.ts";
import { CASE_KINDS, CATEGORIES, regionPrefixOf, ruleOrder, type Category, type Kind, type RoutingRule } from "../domain/routing.ts";
import { appendAudit } from "./audit.ts";
import type { StaffActor } from "./cases/actions.ts";
import type { Db, Tx } from "./db.ts";
import { invalidForm } from "./form-errors.ts";
import { routingTasks } from "./intake/routing-context.ts";
import { referenceChanged } from "./reference.ts";
import { regionTree } from "./regions.ts";
import { allUnits } from "./units.ts";

export type RuleRow = typeof routingRules.$inferSelect;
export type RuleResult = { ok: true; message: string; id: string } | { ok: false; status: 400 | 403 | 404 | 409; reason: string; errors?: Record<string, string> };

const FORBIDDEN = { ok: false, status: 403, reason: "只有系统管理员可以修改分办规则" } as const;
/** Writers take this lock first, so two changes never number or reorder from the same snapshot. */
const RULES_LOCK = 7_240_615;

export const mayViewRules = (role: Role): boolean => role === "admin" || role === "officer";
export const mayChangeRules = (role: Role): boolean => role === "admin";

/** Every rule, disabled ones included, in the order routing tries them. */
export async function listRules(tx: Tx): Promise<RuleRow[]> {
  return ruleOrder(await tx.select().from(routingRules));
}

/** Names of the units and regions the rules and tasks mention, for the screen. */
export async function namesFor(tx: Tx, unitIds: string[], regionPrefixes: string[]) {
  const codes = [...new Set(regionPrefixes.map((p) => p.padEnd(6, "0")))];
  const [unitRows, tree] = await Promise.all([unitIds.length ? allUnits(tx) : [], codes.length ? regionTree(tx) : null]);
  const unitNames = new Map(unitRows.map((u) => [u.id, u.name]));
  const regionNames = new Map(codes.flatMap((c) => { const r = tree?.get(c); return r ? [[c, r.name] as const] : []; }));
  return {
    unit: (id: string) => unitNames.get(id) ?? id,
    region: (prefix: string | null | undefined) => (prefix ? (regionNames.get(prefix.padEnd(6, "0")) ?? prefix) : "全区"),
  };
}

/** A rule as the form gives it, before it has an id and a place in the order. */
export interface RuleDraft {
  kind: Kind | null;
  category: Category | null;
  regionPrefix: string | null;
  unitId: string;
  note: string;
}

const blank = <T extends string>(values: readonly [T, ...T[]], message: string) =>
  z.union([z.literal(""), z.enum(values, { error: message })]).transform((v) => (v === "" ? null : v));

/** Objections always go to the office, so a rule for them would never apply: the form does not offer it. */
export const RULE_KINDS = CASE_KINDS.filter((k): k is Exclude<Kind, "objection"> => k !== "objection");

const draftInput = z
  .object({
    kind: blank(RULE_KINDS as [Exclude<Kind, "objection">, ...Exclude<Kind, "objection">[]], "请选择受理件类型"),
    category: blank(CATEGORIES, "请选择问题类别"),
    region: z.union([z.literal(""), z.string().regex(/^\d{6}$/, "请从列表中选择地区")]),
    unitId: z.string().min(1, "请选择办理单位").max(60, "请选择办理单位"),
    note: z.string().trim().max(200, "说明不能超过 200 个字").default(""),
  })
  .refine((d) => d.kind || d.category || d.region, { message: "请至少选择一个条件：类型、类别或地区", path: ["category"] });

export type DraftCheck = { ok: true; draft: RuleDraft } | { ok: false; status: 400; reason: string; errors: Record<string, string> };

/** Validates a rule form: the region must be a league/city or county of the tree, the unit an active one. */
export async function parseDraft(tx: Tx, form: Record<string, unknown>): Promise<DraftCheck> {
  const parsed = draftInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const d = parsed.data;
  const errors: Record<string, string> = {};
  if (d.region) {
    const [r] = await tx.select({ level: regions.level }).from(regions).where(eq(regions.code, d.region));
    if (!r || (r.level !== "prefecture" && r.level !== "county")) errors.region = "请从列表中选择盟市或旗县";
  }
  const [u] = await tx.select({ active: units.active }).from(units).where(eq(units.id, d.unitId));
  if (!u?.active) errors.unitId = "请选择有效的办理单位";
  if (Object.keys(errors).length) return { ok: false, status: 400, reason: "请检查填写的内容", errors };
  return { ok: true, draft: { kind: d.kind, category: d.category, regionPrefix: d.region ? regionPrefixOf(d.region) : null, unitId: d.unitId, note: d.note } };
}

/** The id and priority a new rule gets: the next `rule-N`, at the top of the list (the dry run shows its effect). */
export function newRuleSlot(all: readonly RuleRow[]): { id: string; priority: number } {
  const n = Math.max(0, ...all.map((r) => Number(/^rule-(\d+)$/.exec(r.id)?.[1] ?? 0)));
  return { id: `rule-${n + 1}`, priority: Math.max(0, ...all.map((r) => r.priority)) + 10 };
}

/** The rule as it would be saved: an edit keeps its id, place and state; a new rule takes the next slot. */
export function proposedRule(all: readonly RuleRow[], ruleId: string | null, draft: RuleDraft): RuleRow | null {
  if (ruleId === null) return { ...newRuleSlot(all), ...draft, active: true };
  const existing = all.find((r) => r.id === ruleId);
  return existing ? { ...existing, ...draft } : null;
}

/** Fingerprint of a draft and the rules it was tried against: the save compares it to refuse a stale dry run. */
export function dryRunStamp(all: readonly RuleRow[], ruleId: string | null, draft: RuleDraft): string {
  const rules = [...all].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => [r.id, r.kind, r.category, r.regionPrefix, r.unitId, r.priority, r.active, r.note]);
  const body = JSON.stringify([ruleId, draft.kind, draft.category, draft.regionPrefix, draft.unitId, draft.note, rules]);
  return createHash("sha256").update(body).digest("hex").slice(0, 32);
}

export function asRoutingRule(r: RuleRow): RoutingRule {
  return { id: r.id, kind: r.kind as Kind | null, category: r.category as Category | null, regionPrefix: r.regionPrefix, unitId: r.unitId, priority: r.priority, active: r.active };
}

function snapshot(r: RuleRow) {
  return { kind: r.kind, category: r.category, regionPrefix: r.regionPrefix, unitId: r.unitId, priority: r.priority, active: r.active, note: r.note };
}

const STALE: RuleResult = { ok: false, status: 409, reason: "试算之后规则或表单有改动，请查看下面新的试算结果，确认后再保存" };

async function lockedRules(tx: Tx): Promise<RuleRow[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(${RULES_LOCK})`);
  return tx.select().from(routingRules).orderBy(asc(routingRules.id));
}

/** Creates a rule at the top of the order. `stamp` is the dry run's: without a current one nothing is saved. */
export async function createRule(db: Db, actor: StaffActor, form: Record<string, unknown>, stamp: string, now: Date): Promise<RuleResult> {
  if (!mayChangeRules(actor.role)) return FORBIDDEN;
  return db.transaction(async (tx): Promise<RuleResult> => {
    const checked = await parseDraft(tx, form);
    if (!checked.ok) return checked;
    const all = await lockedRules(tx);
    if (stamp !== dryRunStamp(all, null, checked.draft)) return STALE;
    const row = proposedRule(all, null, checked.draft)!;
    await tx.insert(routingRules).values(row);
    await referenceChanged(tx);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "routing_rule.create", objectType: "routing_rule", objectId: row.id, details: { before: null, after: snapshot(row) } });
    return { ok: true, message: `已新增分办规则 ${row.id}`, id: row.id };
  });
}

export async function updateRule(db: Db, actor: StaffActor, ruleId: string, form: Record<string, unknown>, stamp: string, now: Date): Promise<RuleResult> {
  if (!mayChangeRules(actor.role)) return FORBIDDEN;
  return db.transaction(async (tx): Promise<RuleResult> => {
    const checked = await parseDraft(tx, form);
    if (!checked.ok) return checked;
    const all = await lockedRules(tx);
    const before = all.find((r) => r.id === ruleId);
    if (!before) return { ok: false, status: 404, reason: "分办规则不存在" };
    if (stamp !== dryRunStamp(all, ruleId, checked.draft)) return STALE;
    const after = proposedRule(all, ruleId, checked.draft)!;
    await tx.update(routingRules).set(checked.draft).where(eq(routingRules.id, ruleId));
    await referenceChanged(tx);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "routing_rule.update", objectType: "routing_rule", objectId: ruleId, details: { before: snapshot(before), after: snapshot(after) } });
    return { ok: true, message: `已保存分办规则 ${ruleId}`, id: ruleId };
  });
}

export async function setRuleActive(db: Db, actor: StaffActor, ruleId: string, active: boolean, now: Date): Promise<RuleResult> {
  if (!mayChangeRules(actor.role)) return FORBIDDEN;
  return db.transaction(async (tx): Promise<RuleResult> => {
    const all = await lockedRules(tx);
    const before = all.find((r) => r.id === ruleId);
    if (!before) return { ok: false, status: 404, reason: "分办规则不存在" };
    if (before.active === active) return { ok: false, status: 409, reason: active ? "该规则已是启用状态" : "该规则已是停用状态" };
    await tx.update(routingRules).set({ active }).where(eq(routingRules.id, ruleId));
    await referenceChanged(tx);
    const action = active ? "routing_rule.enable" : "routing_rule.disable";
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action, objectType: "routing_rule", objectId: ruleId, details: { before: snapshot(before), after: snapshot({ ...before, active }) } });
    return { ok: true, message: `已${active ? "启用" : "停用"}分办规则 ${ruleId}`, id: ruleId };
  });
}

/**
 * Moves a rule one place up or down the order. Priorities are renumbered 10, 20, … from the bottom first, so that
 * ties broken by region length or id become explicit and a swap moves exactly one rule past one other.
 */
export async function moveRule(db: Db, actor: StaffActor, ruleId: string, direction: "up" | "down", now: Date): Promise<RuleResult> {
  if (!mayChangeRules(actor.role)) return FORBIDDEN;
  return db.transaction(async (tx): Promise<RuleResult> => {
    const ordered = ruleOrder(await lockedRules(tx));
    const i = ordered.findIndex((r) => r.id === ruleId);
    if (i < 0) return { ok: false, status: 404, reason: "分办规则不存在" };
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= ordered.length) return { ok: false, status: 409, reason: direction === "up" ? "已是第一条规则" : "已是最后一条规则" };
    const after = [...ordered];
    [after[i], after[j]] = [after[j]!, after[i]!];
    const priorityOf = new Map(after.map((r, k) => [r.id, (after.length - k) * 10]));
    for (const r of ordered) {
      const priority = priorityOf.get(r.id)!;
      if (priority !== r.priority) await tx.update(routingRules).set({ priority }).where(eq(routingRules.id, r.id));
    }
    await referenceChanged(tx);
    await appendAudit(tx, {
      at: now,
      actorUserId: actor.userId,
      actorLabel: staffLabel(actor),
      action: "routing_rule.reorder",
      objectType: "routing_rule",
      objectId: ruleId,
      details: { direction, before: ordered.map((r) => ({ id: r.id, priority: r.priority })), after: after.map((r) => ({ id: r.id, priority: priorityOf.get(r.id)! })) },
    });
    return { ok: true, message: `已将分办规则 ${ruleId} ${direction === "up" ? "上移" : "下移"}一位`, id: ruleId };
  });
}

/** The responsibility list's tasks that route (a category and an active lead unit), in list order, for the screen. */
export async function routingTaskRows(tx: Tx) {
  const tasks = (await routingTasks(tx)).sort((a, b) => a.seq - b.seq);
  const areas = tasks.length
    ? new Map((await tx.select({ seq: responsibilities.seq, area: responsibilities.area }).from(responsibilities).where(inArray(responsibilities.seq, tasks.map((t) => t.seq)))).map((r) => [r.seq, r.area]))
    : new Map<number, string>();
  return tasks.map((t) => ({ ...t, area: areas.get(t.seq) ?? "" }));
}
