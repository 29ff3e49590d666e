// What the report form offers: open publicity entries for objections, and the region tree for the place picker.
import { and, asc, eq, gt, inArray, isNotNull, like, lte, ne, or, sql } from "drizzle-orm";
import { publicityEntries, publicityLists, regions } from "../../../db/schema.ts";
import { HONOURS, isHonour } from "../../domain/honours.ts";
import type { Tx } from "../db.ts";

export interface EntryOption {
  id: number;
  /** 达拉特旗（鄂尔多斯市）· 全国健康县 */
  label: string;
  listTitle: string;
  closesAt: string;
}

export interface RegionOption {
  code: string;
  name: string;
  level: "prefecture" | "county" | "township";
}

export async function openEntries(tx: Tx, now: Date): Promise<EntryOption[]> {
  const rows = await tx
    .select({
      id: publicityEntries.id,
      honour: publicityEntries.honour,
      name: regions.name,
      prefectureCode: publicityEntries.prefectureCode,
      listTitle: publicityLists.title,
      closesAt: publicityLists.closesAt,
    })
    .from(publicityEntries)
    .innerJoin(publicityLists, eq(publicityLists.id, publicityEntries.publicityId))
    .innerJoin(regions, eq(regions.code, publicityEntries.regionCode))
    .where(and(isNotNull(publicityLists.publishedAt), lte(publicityLists.opensAt, now), gt(publicityLists.closesAt, now)))
    .orderBy(asc(publicityLists.id), asc(publicityEntries.sortOrder), asc(publicityEntries.id));
  const prefCodes = [...new Set(rows.map((r) => r.prefectureCode).filter((c): c is string => !!c))];
  const prefNames = new Map(
    prefCodes.length ? (await tx.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, prefCodes))).map((r) => [r.code, r.name]) : [],
  );
  return rows.map((r) => {
    const pref = r.prefectureCode ? prefNames.get(r.prefectureCode) : undefined;
    const honour = isHonour(r.honour) ? HONOURS[r.honour].label : r.honour;
    return { id: r.id, label: `${r.name}${pref && pref !== r.name ? `（${pref}）` : ""} · ${honour}`, listTitle: r.listTitle, closesAt: r.closesAt.toISOString() };
  });
}

/** The entry a link names, open or not, so the form can say why an objection is no longer possible. */
export async function entryById(tx: Tx, id: number) {
  const [row] = await tx
    .select({ id: publicityEntries.id, honour: publicityEntries.honour, name: regions.name, regionCode: publicityEntries.regionCode, publicityId: publicityLists.id, listTitle: publicityLists.title, opensAt: publicityLists.opensAt, closesAt: publicityLists.closesAt })
    .from(publicityEntries)
    .innerJoin(publicityLists, eq(publicityLists.id, publicityEntries.publicityId))
    .innerJoin(regions, eq(regions.code, publicityEntries.regionCode))
    .where(and(eq(publicityEntries.id, id), isNotNull(publicityLists.publishedAt)))
    .limit(1);
  return row;
}

/** Children of a region (province → leagues/cities → banners/counties → sumu/townships), in code order. */
export async function childRegions(tx: Tx, parentCode: string): Promise<RegionOption[]> {
  const rows = await tx
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(regions)
    .where(eq(regions.parentCode, parentCode))
    .orderBy(asc(regions.code));
  return rows.filter((r): r is RegionOption => r.level !== "province");
}

/** Leagues/cities with their banners/counties, for the picker that must work without JavaScript. */
export async function prefecturesWithCounties(tx: Tx, provinceCode: string): Promise<(RegionOption & { counties: RegionOption[] })[]> {
  const prefectures = await childRegions(tx, provinceCode);
  const counties = await tx
    .select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode })
    .from(regions)
    .where(and(eq(regions.level, "county"), inArray(regions.parentCode, prefectures.map((p) => p.code))))
    .orderBy(asc(regions.code));
  return prefectures.map((p) => ({
    ...p,
    counties: counties.filter((c) => c.parentCode === p.code).map((c) => ({ code: c.code, name: c.name, level: "county" as const })),
  }));
}

/** Region name and the names above it, e.g. ["鄂尔多斯市", "达拉特旗", "树林召镇"]. */
export async function regionPath(tx: Tx, code: string): Promise<{ code: string; name: string }[]> {
  const path: { code: string; name: string }[] = [];
  let current: string | null = code;
  for (let i = 0; current && i < 4; i++) {
    const [row] = await tx.select({ code: regions.code, name: regions.name, parentCode: regions.parentCode, level: regions.level }).from(regions).where(eq(regions.code, current)).limit(1);
    if (!row || row.level === "province") break;
    path.unshift({ code: row.code, name: row.name });
    current = row.parentCode;
  }
  return path;
}

/** Regions by part of the name or by pinyin (full or initials), for the picker's search; at most 10. */
export async function searchRegions(tx: Tx, query: string): Promise<{ code: string; label: string }[]> {
  const q = query.trim().toLowerCase().replace(/[%_\\]/g, "");
  if (!q) return [];
  const pattern = /^[a-z]+$/.test(q) ? or(like(regions.pinyin, `${q}%`), like(regions.pinyinInitials, `${q}%`)) : like(regions.name, `%${q}%`);
  const rows = await tx
    .select({ code: regions.code, name: regions.name, level: regions.level, prefectureCode: regions.prefectureCode, parentCode: regions.parentCode })
    .from(regions)
    .where(and(ne(regions.level, "province"), pattern))
    .orderBy(asc(sql`length(${regions.code})`), asc(regions.code))
    .limit(10);
  const parents = [...new Set(rows.flatMap((r) => [r.prefectureCode, r.parentCode]).filter((c): c is string => !!c))];
  const names = new Map(
    parents.length ? (await tx.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, parents))).map((r) => [r.code, r.name]) : [],
  );
  return rows.map((r) => {
    const above = [r.prefectureCode, r.level === "township" ? r.parentCode : null]
      .filter((c): c is string => !!c && c !== r.code)
      .map((c) => names.get(c))
      .filter(Boolean);
    return { code: r.code, label: above.length ? `${r.name}（${above.join(" ")}）` : r.name };
  });
}
