// The dry run 试算 of the rules screen: for a place, category and kind the admin picks, which rule (or task, or the
// region) decides and which unit gets the case — with the rules as they are and with the rule as it would be saved.
// It routes through the same context as intake, so what it shows is what a submission then does.
import { z } from "zod";
import { routingRules } from "../../db/schema.ts";
import { CASE_KINDS, CATEGORIES, route, type Category, type Kind, type RoutingDecision } from "../domain/routing.ts";
import type { StaffActor } from "./cases/actions.ts";
import type { Db, Tx } from "./db.ts";
import { invalidForm } from "./form-errors.ts";
import { routingContextFor } from "./intake/routing-context.ts";
import { asRoutingRule, createRule, dryRunStamp, mayChangeRules, parseDraft, proposedRule, updateRule, type RuleDraft, type RuleRow } from "./routing-rules.ts";

export interface Place {
  regionCode: string;
  category: Category;
  kind: Kind;
}

const placeInput = z.object({
  placeRegion: z.string().regex(/^\d{6}$/, "请选择试算的地区"),
  placeCategory: z.enum(CATEGORIES, { error: "请选择试算的问题类别" }),
  placeKind: z.enum(CASE_KINDS, { error: "请选择试算的受理件类型" }),
});

export function parsePlace(form: Record<string, unknown>): { ok: true; place: Place } | ReturnType<typeof invalidForm> {
  const parsed = placeInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  return { ok: true, place: { regionCode: parsed.data.placeRegion, category: parsed.data.placeCategory, kind: parsed.data.placeKind } };
}

export type Outcome = RoutingDecision & { unitName: string };

export interface DryRun {
  place: Place;
  rule: RuleRow;
  current: Outcome;
  proposed: Outcome;
  /** The save form carries it back; a save refuses when the rules or the draft changed since. */
  stamp: string;
}

/** Null when the rule being edited no longer exists. */
export async function dryRun(tx: Tx, ruleId: string | null, draft: RuleDraft, place: Place): Promise<DryRun | null> {
  const all = await tx.select().from(routingRules);
  const rule = proposedRule(all, ruleId, draft);
  if (!rule) return null;
  const ctx = await routingContextFor(tx, place.regionCode);
  const input = { kind: place.kind, category: place.category, regionCode: place.regionCode };
  const others = all.filter((r) => r.active && r.id !== rule.id).map(asRoutingRule);
  const named = (d: RoutingDecision): Outcome => ({ ...d, unitName: ctx.unitName?.(d.unitId) ?? d.unitId });
  return {
    place,
    rule,
    current: named(route(input, { ...ctx, rules: all.filter((r) => r.active).map(asRoutingRule) })),
    proposed: named(route(input, { ...ctx, rules: rule.active ? [...others, asRoutingRule(rule)] : others })),
    stamp: dryRunStamp(all, ruleId, draft),
  };
}

export interface RuleFormStep {
  saved: { message: string; id: string } | null;
  status: 200 | 400 | 403 | 404 | 409;
  reason: string | null;
  errors: Record<string, string>;
  run: DryRun | null;
}

/**
 * One POST of the rule form: validate, save when asked with a current dry run's stamp, and otherwise (or when the
 * stamp is stale) answer with a fresh dry run. `ruleId` null creates.
 */
export async function ruleFormStep(db: Db, actor: StaffActor, ruleId: string | null, values: Record<string, string>, now: Date): Promise<RuleFormStep> {
  const refused = (status: RuleFormStep["status"], reason: string, errors: Record<string, string> = {}): RuleFormStep => ({ saved: null, status, reason, errors, run: null });
  if (!mayChangeRules(actor.role)) return refused(403, "只有系统管理员可以修改分办规则");
  const draft = await parseDraft(db, values);
  const place = parsePlace(values);
  if (!draft.ok || !place.ok) return refused(400, "请检查填写的内容", { ...(draft.ok ? {} : draft.errors), ...(place.ok ? {} : place.errors) });
  let status: RuleFormStep["status"] = 200;
  let reason: string | null = null;
  if (values.intent === "save") {
    const stamp = values.stamp ?? "";
    const saved = ruleId ? await updateRule(db, actor, ruleId, values, stamp, now) : await createRule(db, actor, values, stamp, now);
    if (saved.ok) return { saved, status: 200, reason: null, errors: {}, run: null };
    if (saved.status !== 409) return refused(saved.status, saved.reason, saved.errors);
    status = 409;
    reason = saved.reason;
  }
  const run = await dryRun(db, ruleId, draft.draft, place.place);
  if (!run) return refused(404, "分办规则不存在");
  return { saved: null, status, reason, errors: {}, run };
}
