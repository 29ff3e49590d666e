// Key figures for the home page: named towns by honour, publicity lists open now, cases received this year.
import { gte, sql } from "drizzle-orm";
import { cases } from "../../db/schema.ts";
import { shanghaiDate, shanghaiStartOfDay, yearOf } from "../domain/time.ts";
import { prepared, type Tx } from "./db.ts";
import { openPublicity } from "./publicity.ts";
import { namedCountsByHonour } from "./towns.ts";

export async function homeFigures(tx: Tx, now: Date) {
  const year = yearOf(shanghaiDate(now));
  const [[received], open, named] = await Promise.all([
    prepared(tx, "cases-since", (h) => h.select({ n: sql<number>`count(*)::int` }).from(cases).where(gte(cases.receivedAt, sql.placeholder("since"))).prepare("cases-since")).execute({
      since: shanghaiStartOfDay(`${year}-01-01`).toISOString(),
    }),
    openPublicity(tx, now),
    namedCountsByHonour(tx),
  ]);
  return { year, named, open, casesThisYear: received?.n ?? 0 };
}
