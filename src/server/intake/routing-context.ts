// Builds the routing context of DESIGN.md §4 from the database: rules, the responsibility list's led tasks, units
// and the region tree.
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { regions, responsibilities, routingRules, units } from "../../../db/schema.ts";
import { isCategory, regionPrefixOf, type Category, type Kind, type RoutingContext, type RoutingRule, type RoutingTask } from "../../domain/routing.ts";
import type { Tx } from "../db.ts";
import { OFFICE_UNIT_ID } from "../regions.ts";

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
export async function routingTasks(tx: Tx, unitRows?: UnitRow[]): Promise<RoutingTask[]> {
  const [taskRows, allUnits] = await Promise.all([
    tx
      .select({ seq: responsibilities.seq, category: responsibilities.category, leadUnitId: responsibilities.leadUnitId })
      .from(responsibilities)
      .where(and(isNotNull(responsibilities.category), isNotNull(responsibilities.leadUnitId))),
    unitRows ?? tx.select({ id: units.id, kind: units.kind, regionCode: units.regionCode, parentUnitId: units.parentUnitId, active: units.active }).from(units),
  ]);
  const byId = new Map(allUnits.map((u) => [u.id, u]));
  return taskRows.flatMap((t) => {
    const unit = byId.get(t.leadUnitId!);
    if (!unit?.active || !t.category || !isCategory(t.category)) return [];
    return [{ seq: t.seq, category: t.category, leadUnitId: unit.id, regionPrefix: jurisdiction(unit, byId) }];
  });
}

export async function routingContextFor(tx: Tx, regionCode: string | null): Promise<RoutingContext> {
  const [ruleRows, unitRows] = await Promise.all([
    tx.select().from(routingRules).where(eq(routingRules.active, true)),
    tx.select({ id: units.id, name: units.name, kind: units.kind, regionCode: units.regionCode, parentUnitId: units.parentUnitId, active: units.active }).from(units),
  ]);
  const tasks = await routingTasks(tx, unitRows);
  const codes = regionCode ? chainCodes(regionCode) : [];
  const regionRows = codes.length ? await tx.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes)) : [];
  const known = new Map(regionRows.map((r) => [r.code, r.name]));
  const unitByRegion = new Map(unitRows.filter((u) => u.active && u.regionCode).map((u) => [u.regionCode as string, u.id]));
  const unitNames = new Map(unitRows.map((u) => [u.id, u.name]));
  const rules: RoutingRule[] = ruleRows.map((r) => ({
    id: r.id,
    kind: r.kind as Kind | null,
    category: r.category as Category | null,
    regionPrefix: r.regionPrefix,
    unitId: r.unitId,
    priority: r.priority,
    active: r.active,
  }));
  return {
    officeUnitId: OFFICE_UNIT_ID,
    rules,
    tasks,
    unitForRegion: (code) => unitByRegion.get(code),
    // Unknown codes give an empty chain, so routing falls back to the office's triage with the reason.
    ancestors: (code) => (known.has(code) ? chainCodes(code).filter((c) => known.has(c)) : []),
    unitName: (id) => unitNames.get(id),
    regionName: (code) => known.get(code),
  };
}
