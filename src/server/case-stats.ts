// Public statistics: per-case facts from the database, aggregated by the pure rules of src/domain/stats.ts.
// Only what the public may see leaves here: counts, never cases or people — and never a count of findings
// (属实/不属实), since a case whose submitter did not consent to publishing its outcome (cases.consent_publish) must not
// have it inferable from a small cell.
import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { caseEvents, cases, publicityEntries, publicityLists, regions } from "../../db/schema.ts";
import { CASE_SOURCES, CHANNEL_LABELS, type CaseSource } from "../domain/channels.ts";
import { wasLate } from "../domain/clock.ts";
import { workingDaysBetween } from "../domain/deadlines.ts";
import type { Rating } from "../domain/feedback.ts";
import { groupTally, tally, type CaseFacts, type Tally } from "../domain/stats.ts";
import { shanghaiDate, shanghaiStartOfDay } from "../domain/time.ts";
import { workingCalendar } from "./calendar.ts";
import { readClock } from "./cases/clock-store.ts";
import { config } from "./config.ts";
import type { Tx } from "./db.ts";
import { prefecturesCached } from "./regions.ts";


/** A case's facts and the channel it came by (cases.source), for the breakdown by channel. */
export type SourcedFacts = CaseFacts & { source: string };

export async function caseFacts(tx: Tx, year: number, now: Date): Promise<SourcedFacts[]> {
  const from = shanghaiStartOfDay(`${year}-01-01`);
  const to = shanghaiStartOfDay(`${year + 1}-01-01`);
  const rows = await tx
    .select({
      id: cases.id,
      kind: cases.kind,
      source: cases.source,
      state: cases.state,
      receivedAt: cases.receivedAt,
      clock: cases.clock,
      rating: cases.rating,
      regionPrefecture: regions.prefectureCode,
      entryPrefecture: publicityEntries.prefectureCode,
      publicityId: publicityEntries.publicityId,
    })
    .from(cases)
    .leftJoin(regions, eq(regions.code, cases.regionCode))
    .leftJoin(publicityEntries, eq(publicityEntries.id, cases.publicityEntryId))
    .where(and(gte(cases.receivedAt, from), lt(cases.receivedAt, to)));
  if (rows.length === 0) return [];
  const events = await tx
    .select({ caseId: caseEvents.caseId, at: caseEvents.at, action: caseEvents.action })
    .from(caseEvents)
    .where(and(inArray(caseEvents.caseId, rows.map((r) => r.id)), inArray(caseEvents.action, ["accept", "conclude"])))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
  const byCase = new Map<number, { at: Date; action: string }[]>();
  for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  const cal = await workingCalendar(tx);
  return rows.map((r) => {
    const evs = byCase.get(r.id) ?? [];
    const concluded = evs.find((e) => e.action === "conclude");
    return {
      id: r.id,
      kind: r.kind,
      source: r.source,
      prefectureCode: r.entryPrefecture ?? r.regionPrefecture ?? null,
      month: shanghaiDate(r.receivedAt).slice(0, 7),
      accepted: evs.some((e) => e.action === "accept"),
      concludedAt: concluded?.at ?? null,
      workingDaysToConclude: concluded ? workingDaysBetween(r.receivedAt, concluded.at, cal) : null,
      late: r.state === "merged" ? false : wasLate(readClock(r.clock), now, cal),
      rating: (r.rating as Rating | null) ?? null,
      publicityId: r.kind === "objection" ? (r.publicityId ?? null) : null,
    };
  });
}

export interface UnitRow {
  code: string;
  name: string;
  tally: Tally;
}

/** Every league/city in code order, then 自治区本级, each with its tally (zero when it had no cases). */
async function unitRows(tx: Tx, facts: CaseFacts[]): Promise<UnitRow[]> {
  const prefs = await prefecturesCached(tx, config().PROVINCE_CODE);
  const byPref = groupTally(facts, (f) => f.prefectureCode ?? "office");
  return [...prefs, { code: "office", name: "自治区本级" }].map((p) => ({ code: p.code, name: p.name, tally: byPref.get(p.code) ?? tally([]) }));
}

export interface ChannelRow {
  source: CaseSource;
  label: string;
  tally: Tally;
}

/**
 * Every channel that brought a case, in CASE_SOURCES order: the web form, the offline channels the office records,
 * national transfers and media monitoring. Channels with no case are left out rather than listed as zeros.
 */
function channelRows(facts: SourcedFacts[]): ChannelRow[] {
  const bySource = groupTally(facts, (f) => (f as SourcedFacts).source);
  return CASE_SOURCES.filter((s) => bySource.has(s)).map((s) => ({ source: s, label: CHANNEL_LABELS[s], tally: bySource.get(s)! }));
}

/** The year a statistics page or file asks for: this year unless a valid earlier one is named. */
export function statsYear(asked: string | null, now: Date): number {
  const thisYear = Number(shanghaiDate(now).slice(0, 4));
  return z.coerce.number().int().min(2020).max(thisYear).catch(thisYear).parse(asked ?? thisYear);
}

export async function publicStats(tx: Tx, year: number, now: Date) {
  const facts = await caseFacts(tx, year, now);
  const units = await unitRows(tx, facts);
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
  const byMonth = groupTally(facts, (f) => f.month);
  const objectionCounts = new Map<number, number>();
  for (const f of facts) if (f.publicityId) objectionCounts.set(f.publicityId, (objectionCounts.get(f.publicityId) ?? 0) + 1);
  const lists = await tx.select({ id: publicityLists.id, title: publicityLists.title, opensAt: publicityLists.opensAt }).from(publicityLists).where(gte(publicityLists.opensAt, shanghaiStartOfDay(`${year}-01-01`)));
  return {
    year,
    total: tally(facts),
    units,
    channels: channelRows(facts),
    months: months.map((m) => ({ month: m, tally: byMonth.get(m) ?? tally([]) })),
    objections: lists.filter((l) => l.opensAt < shanghaiStartOfDay(`${year + 1}-01-01`)).map((l) => ({ id: l.id, title: l.title, count: objectionCounts.get(l.id) ?? 0 })),
  };
}

/** 月通报: one month, every unit side by side. */
export async function monthlyCircular(tx: Tx, month: string, now: Date) {
  const year = Number(month.slice(0, 4));
  const facts = (await caseFacts(tx, year, now)).filter((f) => f.month === month);
  return { month, total: tally(facts), units: await unitRows(tx, facts), channels: channelRows(facts) };
}
