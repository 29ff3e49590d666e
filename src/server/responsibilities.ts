// The responsibility list 职责清单 of seed 004: tasks, lead unit and responsible units, searchable by any word.
import { asc, ilike, or } from "drizzle-orm";
import { responsibilities } from "../../db/schema.ts";
import type { Tx } from "./db.ts";

export async function listResponsibilities(tx: Tx, q?: string) {
  const term = q?.trim().replace(/[%_\\]/g, "");
  const like = `%${term}%`;
  return tx
    .select()
    .from(responsibilities)
    .where(term ? or(ilike(responsibilities.task, like), ilike(responsibilities.area, like), ilike(responsibilities.leadUnit, like), ilike(responsibilities.responsibleUnits, like), ilike(responsibilities.section, like)) : undefined)
    .orderBy(asc(responsibilities.seq));
}
