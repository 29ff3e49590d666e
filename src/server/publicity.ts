// Publicity 社会公示 for public pages: lists with their window status, and one list with its entries by honour.
import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { notices, publicityEntries, publicityLists, regions } from "../../db/schema.ts";
import { channelBreakdown } from "../domain/channels.ts";
import { HONOUR_IDS, HONOURS, isHonour, type Honour } from "../domain/honours.ts";
import { describeTimeLeft, publicityStatus, timeLeft, type PublicityStatus } from "../domain/publicity.ts";
import { shanghaiDate, yearOf } from "../domain/time.ts";
import { prepared, type Tx } from "./db.ts";

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

function summary(r: PublicityList, entryCount: number, now: Date): ListSummary {
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
    entryCount,
    isDemo: r.isDemo,
  };
}

export async function listPublicity(tx: Tx, filters: { status?: PublicityStatus | undefined; year?: number | undefined }, now: Date): Promise<{ lists: ListSummary[]; years: number[] }> {
  // The lists with their entry counts in one round trip; the status is the time's, worked out here.
  const rows = await prepared(tx, "publicity-lists", (h) =>
    h
      .select({ list: publicityLists, entryCount: sql<number>`(select count(*)::int from publicity_entries e where e.publicity_id = publicity_lists.id)` })
      .from(publicityLists)
      .where(isNotNull(publicityLists.publishedAt))
      .orderBy(desc(publicityLists.opensAt), desc(publicityLists.id))
      .prepare("publicity-lists"),
  ).execute();
  const all = rows.map((r) => summary(r.list, r.entryCount, now));
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
  /** The official English name staff entered, if any (English pages romanise the Chinese name without one). */
  nameEn: string | null;
  prefectureCode: string | null;
  prefectureName: string | null;
  prefectureNameEn: string | null;
  outcome: string | null;
  outcomeNote: string | null;
}

const prefecture = alias(regions, "prefecture");

/** One list's page in two round trips: the list with its notice and objections, then its entries. */
export async function publicityDetail(tx: Tx, id: number, now: Date) {
  const [head] = await prepared(tx, "publicity-detail", (h) =>
    h
      .select({
        list: publicityLists,
        notice: { id: notices.id, slug: notices.slug, title: notices.title },
        // Objections by every channel: those phoned, posted, mailed or brought in count as much as the web's.
        objections: sql<Record<string, number>>`coalesce((select json_object_agg(s.source, s.n) from (select c.source, count(*)::int as n from cases c join publicity_entries e on e.id = c.publicity_entry_id where e.publicity_id = publicity_lists.id group by c.source) s), '{}')`,
      })
      .from(publicityLists)
      .leftJoin(notices, eq(notices.id, publicityLists.noticeId))
      .where(and(eq(publicityLists.id, sql.placeholder("id")), isNotNull(publicityLists.publishedAt)))
      .limit(1)
      .prepare("publicity-detail"),
  ).execute({ id });
  if (!head) return null;
  const { list } = head;
  const rows = await prepared(tx, "publicity-entries", (h) =>
    h
      .select({
        id: publicityEntries.id,
        regionCode: publicityEntries.regionCode,
        honour: publicityEntries.honour,
        name: regions.name,
        nameEn: regions.nameEn,
        prefectureCode: publicityEntries.prefectureCode,
        prefectureName: prefecture.name,
        prefectureNameEn: prefecture.nameEn,
        outcome: publicityEntries.outcome,
        outcomeNote: publicityEntries.outcomeNote,
      })
      .from(publicityEntries)
      .innerJoin(regions, eq(regions.code, publicityEntries.regionCode))
      .leftJoin(prefecture, eq(prefecture.code, publicityEntries.prefectureCode))
      .where(eq(publicityEntries.publicityId, sql.placeholder("id")))
      .orderBy(asc(publicityEntries.sortOrder), asc(publicityEntries.id))
      .prepare("publicity-entries"),
  ).execute({ id });
  const groups = new Map<string, EntryView[]>();
  for (const { honour, ...view } of rows) groups.set(honour, [...(groups.get(honour) ?? []), view]);
  const order = (h: string) => (isHonour(h) ? HONOUR_IDS.indexOf(h) : 99);
  const objections = new Map(Object.entries(head.objections));
  return {
    list,
    summary: summary(list, rows.length, now),
    notice: head.notice ?? null,
    objectionCount: [...objections.values()].reduce((sum, n) => sum + n, 0),
    objectionsByChannel: channelBreakdown(objections),
    groups: [...groups.entries()].sort(([a], [b]) => order(a) - order(b)).map(([honour, entries]) => ({ honour, label: isHonour(honour) ? HONOURS[honour as Honour].label : honour, entries })),
  };
}

