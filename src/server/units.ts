// Units 办理单位 for back-office pickers.
import { asc, eq } from "drizzle-orm";
import { units } from "../../db/schema.ts";
import type { Tx } from "./db.ts";

export async function activeUnits(tx: Tx) {
  return tx.select({ id: units.id, name: units.name, kind: units.kind }).from(units).where(eq(units.active, true)).orderBy(asc(units.id));
}
