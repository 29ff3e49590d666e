// What the report form offers: open publicity entries for objections, and the region tree for the place picker.
import { and, asc, eq, gt, isNotNull, like, lte, ne, or, sql } from "drizzle-orm";
import { publicityEntries, publicityLists, regions } from "../../../db/schema.ts";
import { HONOURS, isHonour } from "../../domain/honours.ts";
import type { Tx } from "../db.ts";
import { regionTree } from "../regions.ts";

export interface EntryOption {
  id: number;
  /** 达拉特旗（鄂尔多斯市）· 全国健康县 */
  label: string;
  listTitle: string;
  closesAt: string;
  /** The parts of the label, for a page that says it in another language. */
  name: string;
  regionCode: string;
  prefecture: string | null;
  prefectureCode: string | null;
  honour: string;
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
      regionCode: publicityEntries.regionCode,
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
  const tree = prefCodes.length ? await regionTree(tx) : null;
  return rows.map((r) => {
    const pref = r.prefectureCode ? tree?.get(r.prefectureCode)?.name : undefined;
    const honour = isHonour(r.honour) ? HONOURS[r.honour].label : r.honour;
    return { id: r.id, label: `${r.name}${pref && pref !== r.name ? `（${pref}）` : ""} · ${honour}`, listTitle: r.listTitle, closesAt: r.closesAt.toISOString(), name: r.name, regionCode: r.regionCode, prefecture: pref ?? null, prefectureCode: r.prefectureCode, honour: r.honour };
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

/** The official English names staff entered (regions.name_en), by code: the form's place names for English readers. */
export async function officialEnglishNames(tx: Tx): Promise<Map<string, string>> {
  const rows = await tx.select({ code: regions.code, nameEn: regions.nameEn }).from(regions).where(isNotNull(regions.nameEn));
  return new Map(rows.flatMap((r) => (r.nameEn ? [[r.code, r.nameEn] as const] : [])));
}

/** Children of a region (province → leagues/cities → banners/counties → sumu/townships), in code order. */
export async function childRegions(tx: Tx, parentCode: string): Promise<RegionOption[]> {
  return (await regionTree(tx))
    .children(parentCode)
    .filter((r) => r.level !== "province")
    .map((r) => ({ code: r.code, name: r.name, level: r.level as RegionOption["level"] }));
}

/** Leagues/cities with their banners/counties, for the picker that must work without JavaScript. */
export async function prefecturesWithCounties(tx: Tx, provinceCode: string): Promise<(RegionOption & { counties: RegionOption[] })[]> {
  const tree = await regionTree(tx);
  return tree
    .children(provinceCode)
    .filter((p) => p.level !== "province")
    .map((p) => ({
      code: p.code,
      name: p.name,
      level: p.level as RegionOption["level"],
      counties: tree
        .children(p.code)
        .filter((c) => c.level === "county")
        .map((c) => ({ code: c.code, name: c.name, level: "county" as const })),
    }));
}

/** Region name and the names above it, e.g. ["鄂尔多斯市", "达拉特旗", "树林召镇"]. */
export async function regionPath(tx: Tx, code: string): Promise<{ code: string; name: string }[]> {
  return (await regionTree(tx)).path(code).map((r) => ({ code: r.code, name: r.name }));
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
  const tree = parents.length ? await regionTree(tx) : null;
  const names = new Map(parents.flatMap((c) => { const r = tree?.get(c); return r ? [[c, r.name] as const] : []; }));
  return rows.map((r) => {
    const above = [r.prefectureCode, r.level === "township" ? r.parentCode : null]
      .filter((c): c is string => !!c && c !== r.code)
      .map((c) => names.get(c))
      .filter(Boolean);
    return { code: r.code, label: above.length ? `${r.name}（${above.join(" ")}）` : r.name };
  });
}
