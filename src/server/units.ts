// Units 办理单位: every unit, kept in memory (src/server/reference.ts), for back-office pickers, names and routing.
import { asc } from "drizzle-orm";
import { units } from "../../db/schema.ts";
import type { Tx } from "./db.ts";
import { frozen, referenceOf } from "./reference.ts";

export interface UnitEntry {
  id: string;
  name: string;
  kind: "office" | "prefecture" | "county_city" | "member";
  regionCode: string | null;
  parentUnitId: string | null;
  active: boolean;
}

/** Every unit, inactive ones included, in id order. Shared: do not change what it returns. */
export function allUnits(tx: Tx): Promise<readonly Readonly<UnitEntry>[]> {
  return referenceOf(tx, "units", async () =>
    frozen(
      await tx
        .select({ id: units.id, name: units.name, kind: units.kind, regionCode: units.regionCode, parentUnitId: units.parentUnitId, active: units.active })
        .from(units)
        .orderBy(asc(units.id)),
    ),
  );
}

export async function activeUnits(tx: Tx): Promise<{ id: string; name: string; kind: UnitEntry["kind"] }[]> {
  return (await allUnits(tx)).filter((u) => u.active).map((u) => ({ id: u.id, name: u.name, kind: u.kind }));
}

/** A unit's name, or undefined for an unknown id. */
export async function unitName(tx: Tx, id: string): Promise<string | undefined> {
  return (await allUnits(tx)).find((u) => u.id === id)?.name;
}
