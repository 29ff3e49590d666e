// Key figures for the home page: named towns by honour, publicity lists open now, cases received this year.
import { gte, sql } from "drizzle-orm";
import { cases } from "../../db/schema.ts";
import { shanghaiDate, shanghaiStartOfDay, yearOf } from "../domain/time.ts";
import type { Tx } from "./db.ts";
import { openPublicity } from "./publicity.ts";
import { namedCountsByHonour } from "./towns.ts";

export async function homeFigures(tx: Tx, now: Date) {
  const year = yearOf(shanghaiDate(now));
  const [received] = await tx.select({ n: sql<number>`count(*)::int` }).from(cases).where(gte(cases.receivedAt, shanghaiStartOfDay(`${year}-01-01`)));
  const open = await openPublicity(tx, now);
  return { year, named: await namedCountsByHonour(tx), open, casesThisYear: received?.n ?? 0 };
}
