// The responsibility list 职责清单 of seed 004: tasks, lead unit and responsible units, searchable by any word; where
// a task names a problem category and a lead unit of the platform, category routing uses them (routing-context.ts).
import { and, asc, eq, getTableColumns, ilike, or, sql, type SQL } from "drizzle-orm";
import { responsibilities, units } from "../../db/schema.ts";
import type { Tx } from "./db.ts";

/** Ten tasks a page: the list is read on phones, where each task is a card of five lines. */
export const RESPONSIBILITY_PAGE_SIZE = 10;

function matching(q: string | undefined, section: string | undefined): SQL | undefined {
  const term = q?.trim().replace(/[%_\\]/g, "");
  const like = `%${term}%`;
  const where: SQL[] = [];
  if (term) where.push(or(ilike(responsibilities.task, like), ilike(responsibilities.area, like), ilike(responsibilities.leadUnit, like), ilike(responsibilities.responsibleUnits, like), ilike(responsibilities.section, like))!);
  if (section) where.push(eq(responsibilities.section, section));
  return where.length ? and(...where) : undefined;
}

export async function listResponsibilities(tx: Tx, q?: string) {
  return tx.select().from(responsibilities).where(matching(q, undefined)).orderBy(asc(responsibilities.seq));
}

/** The sections 方面 in list order, each with its number of tasks, for the page's section links. */
export async function responsibilitySections(tx: Tx) {
  return tx
    .select({ section: responsibilities.section, n: sql<number>`count(*)::int`, first: sql<number>`min(${responsibilities.seq})` })
    .from(responsibilities)
    .groupBy(responsibilities.section)
    .orderBy(sql`min(${responsibilities.seq})`);
}

/** One page of tasks matching a word and/or a section, in list order. */
export async function responsibilityPage(tx: Tx, f: { q?: string | undefined; section?: string | undefined; page: number }) {
  const where = matching(f.q, f.section);
  const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(responsibilities).where(where);
  const rows = await tx
    .select({ ...getTableColumns(responsibilities), leadUnitName: units.name })
    .from(responsibilities)
    .leftJoin(units, eq(units.id, responsibilities.leadUnitId))
    .where(where)
    .orderBy(asc(responsibilities.seq))
    .limit(RESPONSIBILITY_PAGE_SIZE)
    .offset((f.page - 1) * RESPONSIBILITY_PAGE_SIZE);
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / RESPONSIBILITY_PAGE_SIZE)) };
}
