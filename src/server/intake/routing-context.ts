// Builds the routing context of DESIGN.md §4 from the database: rules, the responsibility list's led tasks, units
// and the region tree, all kept in memory (src/server/reference.ts). A rule saved on another instance reaches this
// one within a poll; a report routed meanwhile goes where the rules sent it a moment before, exactly as one filed a
// moment earlier would, and nothing already routed is re-routed by a rule change.
import { and, eq, isNotNull } from "drizzle-orm";
import { responsibilities, routingRules } from "../../../db/schema.ts";
import { isCategory, regionPrefixOf, type Category, type Kind, type RoutingContext, type RoutingRule, type RoutingTask } from "../../domain/routing.ts";
import type { Tx } from "../db.ts";
import { referenceOf } from "../reference.ts";
import { OFFICE_UNIT_ID, regionTree } from "../regions.ts";
import { allUnits } from "../units.ts";

/** Region codes from `code` up to the province: 9-digit township → 6-digit county → prefecture → province. */
function chainCodes(code: string): string[] {
  const six = code.slice(0, 6);
  const chain = code.length === 9 ? [code, six] : [six];
  if (!six.endsWith("00")) chain.push(`${six.slice(0, 4)}00`);
  if (!six.endsWith("0000")) chain.push(`${six.slice(0, 2)}0000`);
  return [...new Set(chain)];
}

type UnitRow = { id: string; kind: string; regionCode: string | null; parentUnitId: string | null; active: boolean };

/**
 * Where a unit works, which is where the tasks it leads apply: its own region, or for a member department (which has
 * none, so the region walk never picks it) its parent's — 鄂尔多斯市's departments → 1506, the region's → all of it.
 */
function jurisdiction(unit: UnitRow, byId: Map<string, UnitRow>): string | null {
  const code = unit.kind === "member" ? (unit.parentUnitId ? byId.get(unit.parentUnitId)?.regionCode : null) : unit.regionCode;
  return code ? regionPrefixOf(code) : null;
}

/** Tasks that name a category and an active lead unit, each with the region its lead unit works in. */
export async function routingTasks(tx: Tx, unitRows?: readonly UnitRow[]): Promise<RoutingTask[]> {
  const [taskRows, unitList] = await Promise.all([
    tx
      .select({ seq: responsibilities.seq, category: responsibilities.category, leadUnitId: responsibilities.leadUnitId })
      .from(responsibilities)
      .where(and(isNotNull(responsibilities.category), isNotNull(responsibilities.leadUnitId))),
    unitRows ?? allUnits(tx),
  ]);
  const byId = new Map(unitList.map((u) => [u.id, u]));
  return taskRows.flatMap((t) => {
    const unit = byId.get(t.leadUnitId!);
    if (!unit?.active || !t.category || !isCategory(t.category)) return [];
    return [{ seq: t.seq, category: t.category, leadUnitId: unit.id, regionPrefix: jurisdiction(unit, byId) }];
  });
}

/** The active rules and the led tasks, as routing uses them. Shared: do not change what it returns. */
function routingBase(tx: Tx): Promise<{ rules: readonly RoutingRule[]; tasks: readonly RoutingTask[] }> {
  return referenceOf(tx, "routing", async () => {
    const ruleRows = await tx.select().from(routingRules).where(eq(routingRules.active, true));
    const tasks = await routingTasks(tx);
    const rules: RoutingRule[] = ruleRows.map((r) => ({
      id: r.id,
      kind: r.kind as Kind | null,
      category: r.category as Category | null,
      regionPrefix: r.regionPrefix,
      unitId: r.unitId,
      priority: r.priority,
      active: r.active,
    }));
    return Object.freeze({ rules: Object.freeze(rules.map((r) => Object.freeze(r))), tasks: Object.freeze(tasks.map((t) => Object.freeze(t))) });
  });
}

export async function routingContextFor(tx: Tx, regionCode: string | null): Promise<RoutingContext> {
  const [base, unitRows, tree] = await Promise.all([routingBase(tx), allUnits(tx), regionTree(tx)]);
  const codes = regionCode ? chainCodes(regionCode) : [];
  const known = new Map(codes.flatMap((c) => { const r = tree.get(c); return r ? [[c, r.name] as const] : []; }));
  const unitByRegion = new Map(unitRows.filter((u) => u.active && u.regionCode).map((u) => [u.regionCode as string, u.id]));
  const unitNames = new Map(unitRows.map((u) => [u.id, u.name]));
  return {
    officeUnitId: OFFICE_UNIT_ID,
    rules: [...base.rules],
    tasks: [...base.tasks],
    unitForRegion: (code) => unitByRegion.get(code),
    // Unknown codes give an empty chain, so routing falls back to the office's triage with the reason.
    ancestors: (code) => (known.has(code) ? chainCodes(code).filter((c) => known.has(c)) : []),
    unitName: (id) => unitNames.get(id),
    regionName: (code) => known.get(code),
  };
}
