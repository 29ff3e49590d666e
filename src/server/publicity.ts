// Publicity 社会公示 for public pages: lists with their window status, and one list with its entries by honour.
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { cases, notices, publicityEntries, publicityLists, regions } from "../../db/schema.ts";
import { channelBreakdown } from "../domain/channels.ts";
import { HONOUR_IDS, HONOURS, isHonour, type Honour } from "../domain/honours.ts";
import { describeTimeLeft, publicityStatus, timeLeft, type PublicityStatus } from "../domain/publicity.ts";
import { shanghaiDate, yearOf } from "../domain/time.ts";
import type { Tx } from "./db.ts";

export type PublicityList = typeof publicityLists.$inferSelect;

export interface ListSummary {
  id: number;
  title: string;
  docNumber: string | null;
  honours: string[];
  opensAt: Date;
  closesAt: Date;
  originalClosesAt: Date | null;
  status: PublicityStatus;
  timeLeft: string | null;
  entryCount: number;
  isDemo: boolean;
}

async function summaries(tx: Tx, rows: PublicityList[], now: Date): Promise<ListSummary[]> {
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await tx.select({ id: publicityEntries.publicityId, n: sql<number>`count(*)::int` }).from(publicityEntries).where(inArray(publicityEntries.publicityId, ids)).groupBy(publicityEntries.publicityId)
    : [];
  const countOf = new Map(counts.map((c) => [c.id, c.n]));
  return rows.map((r) => {
    const left = timeLeft(r, now);
    return {
      id: r.id,
      title: r.title,
      docNumber: r.docNumber,
      honours: r.honours,
      opensAt: r.opensAt,
      closesAt: r.closesAt,
      originalClosesAt: r.originalClosesAt,
      status: publicityStatus(r, now),
      timeLeft: left ? describeTimeLeft(left) : null,
      entryCount: countOf.get(r.id) ?? 0,
      isDemo: r.isDemo,
    };
  });
}

export async function listPublicity(tx: Tx, filters: { status?: PublicityStatus | undefined; year?: number | undefined }, now: Date): Promise<{ lists: ListSummary[]; years: number[] }> {
  const rows = await tx.select().from(publicityLists).where(isNotNull(publicityLists.publishedAt)).orderBy(desc(publicityLists.opensAt), desc(publicityLists.id));
  const all = await summaries(tx, rows, now);
  const years = [...new Set(all.map((l) => yearOf(shanghaiDate(l.opensAt))))].sort((a, b) => b - a);
  const lists = all.filter((l) => (!filters.status || l.status === filters.status) && (!filters.year || yearOf(shanghaiDate(l.opensAt)) === filters.year));
  return { lists, years };
}

export async function openPublicity(tx: Tx, now: Date): Promise<ListSummary[]> {
  return (await listPublicity(tx, { status: "open" }, now)).lists;
}

export interface EntryView {
  id: number;
  regionCode: string;
  name: string;
  prefectureCode: string | null;
  prefectureName: string | null;
  outcome: string | null;
  outcomeNote: string | null;
}

export async function publicityDetail(tx: Tx, id: number, now: Date) {
  const [list] = await tx.select().from(publicityLists).where(and(eq(publicityLists.id, id), isNotNull(publicityLists.publishedAt))).limit(1);
  if (!list) return null;
  const prefecture = regions;
  const rows = await tx
    .select({ id: publicityEntries.id, regionCode: publicityEntries.regionCode, honour: publicityEntries.honour, name: regions.name, prefectureCode: publicityEntries.prefectureCode, outcome: publicityEntries.outcome, outcomeNote: publicityEntries.outcomeNote })
    .from(publicityEntries)
    .innerJoin(regions, eq(regions.code, publicityEntries.regionCode))
    .where(eq(publicityEntries.publicityId, id))
    .orderBy(asc(publicityEntries.sortOrder), asc(publicityEntries.id));
  const prefCodes = [...new Set(rows.map((r) => r.prefectureCode).filter((c): c is string => !!c))];
  const prefNames = new Map(prefCodes.length ? (await tx.select({ code: prefecture.code, name: prefecture.name }).from(prefecture).where(inArray(prefecture.code, prefCodes))).map((p) => [p.code, p.name]) : []);
  const groups = new Map<string, EntryView[]>();
  for (const r of rows) {
    const view = { ...r, prefectureName: r.prefectureCode ? (prefNames.get(r.prefectureCode) ?? null) : null };
    groups.set(r.honour, [...(groups.get(r.honour) ?? []), view]);
  }
  const order = (h: string) => (isHonour(h) ? HONOUR_IDS.indexOf(h) : 99);
  const [summary] = await summaries(tx, [list], now);
  const notice = list.noticeId ? (await tx.select({ slug: notices.slug, title: notices.title }).from(notices).where(eq(notices.id, list.noticeId)).limit(1))[0] : undefined;
  // Objections by every channel: those phoned, posted, mailed or brought in count as much as the web's.
  const objections = await tx
    .select({ source: cases.source, n: sql<number>`count(*)::int` })
    .from(cases)
    .innerJoin(publicityEntries, eq(publicityEntries.id, cases.publicityEntryId))
    .where(eq(publicityEntries.publicityId, id))
    .groupBy(cases.source);
  const objectionsByChannel = channelBreakdown(new Map(objections.map((o) => [o.source, o.n])));
  return {
    list,
    summary: summary!,
    notice: notice ?? null,
    objectionCount: objections.reduce((sum, o) => sum + o.n, 0),
    objectionsByChannel,
    groups: [...groups.entries()].sort(([a], [b]) => order(a) - order(b)).map(([honour, entries]) => ({ honour, label: isHonour(honour) ? HONOURS[honour as Honour].label : honour, entries })),
  };
}
