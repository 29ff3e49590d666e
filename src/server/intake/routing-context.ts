// Builds the routing context of DESIGN.md §4 from the database: rules, units and the region tree.
import { eq, inArray } from "drizzle-orm";
import { regions, routingRules, units } from "../../../db/schema.ts";
import type { Category, Kind, RoutingContext, RoutingRule } from "../../domain/routing.ts";
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

export async function routingContextFor(tx: Tx, regionCode: string | null): Promise<RoutingContext> {
  const [ruleRows, unitRows] = await Promise.all([
    tx.select().from(routingRules).where(eq(routingRules.active, true)),
    tx.select({ id: units.id, name: units.name, regionCode: units.regionCode, active: units.active }).from(units),
  ]);
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
    unitForRegion: (code) => unitByRegion.get(code),
    // Unknown codes give an empty chain, so routing falls back to the office's triage with the reason.
    ancestors: (code) => (known.has(code) ? chainCodes(code).filter((c) => known.has(c)) : []),
    unitName: (id) => unitNames.get(id),
    regionName: (code) => known.get(code),
  };
}
