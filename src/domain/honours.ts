// Honour 命名称号 and AdminLabel 行政区划类别: who may apply for which title (seed 000 §3, §4; DESIGN.md §2).
import { cycleStartFor, CYCLE_YEARS, describeCycle } from "./review-cycle.ts";
import { formatDateCn } from "./time.ts";
import type { DateString } from "./time.ts";

export type HonourTier = "city" | "county" | "township";
export type HonourFamily = "health" | "sanitary";

export interface HonourInfo {
  label: string;
  tier: HonourTier;
  family: HonourFamily;
}

export const HONOURS = {
  health_city: { label: "全国健康城市", tier: "city", family: "health" },
  health_county: { label: "全国健康县", tier: "county", family: "health" },
  health_township: { label: "全国健康乡镇", tier: "township", family: "health" },
  sanitary_city: { label: "国家卫生城市", tier: "city", family: "sanitary" },
  sanitary_county: { label: "国家卫生县", tier: "county", family: "sanitary" },
  sanitary_township: { label: "国家卫生乡镇", tier: "township", family: "sanitary" },
} as const satisfies Record<string, HonourInfo>;

export type Honour = keyof typeof HONOURS;
export const HONOUR_IDS = Object.keys(HONOURS) as Honour[];

export function isHonour(value: string): value is Honour {
  return Object.hasOwn(HONOURS, value);
}

export const FAMILY_LABELS: Record<HonourFamily, string> = { health: "全国健康城镇", sanitary: "国家卫生城镇" };
export const TIER_LABELS: Record<HonourTier, string> = { city: "城市", county: "县", township: "乡镇" };

export type AdminLevel = "province" | "prefecture" | "county" | "township";

/**
 * The labels of DESIGN.md §2. Synonyms fold into them, because only eligibility depends on the label:
 * 民族乡 → 乡, 自治县 → 县, and a county-level 区 (incl. 矿区, 新区) → 市辖区.
 */
export const ADMIN_LABELS = ["盟", "地级市", "旗", "自治旗", "县", "县级市", "市辖区", "苏木", "乡", "镇", "街道"] as const;
export type AdminLabel = (typeof ADMIN_LABELS)[number];

export const LABEL_LEVEL: Record<AdminLabel, AdminLevel> = {
  盟: "prefecture",
  地级市: "prefecture",
  旗: "county",
  自治旗: "county",
  县: "county",
  县级市: "county",
  市辖区: "county",
  苏木: "township",
  乡: "township",
  镇: "township",
  街道: "township",
};

/** Who may apply for each tier (seed 000 §3); 市辖区 and 街道 take part through their city or county instead. */
export const TIER_SCOPE: Record<HonourTier, readonly AdminLabel[]> = {
  city: ["地级市", "盟"],
  county: ["县级市", "县", "旗", "自治旗"],
  township: ["苏木", "乡", "镇"],
};

export function tierForLabel(label: AdminLabel): HonourTier | null {
  for (const tier of ["city", "county", "township"] as const) {
    if (TIER_SCOPE[tier].includes(label)) return tier;
  }
  return null;
}

export function eligibleHonours(label: AdminLabel | null): Honour[] {
  if (label === null) return [];
  const tier = tierForLabel(label);
  return HONOUR_IDS.filter((h) => HONOURS[h].tier === tier);
}

const NOT_ELIGIBLE_HINT: Partial<Record<AdminLabel, string>> = {
  市辖区: "市辖区随所在城市参与创建",
  街道: "街道随所在城市或县参与创建",
};

export type EligibilityResult = { ok: true } | { ok: false; reason: string };

export function checkEligibility(honour: Honour, label: AdminLabel | null): EligibilityResult {
  const info = HONOURS[honour];
  const scope = `申报范围为${TIER_SCOPE[info.tier].join("、")}`;
  if (label === null) return { ok: false, reason: `该地区不属于可申报的行政区划类别，不能申报${info.label}（${scope}）` };
  if (TIER_SCOPE[info.tier].includes(label)) return { ok: true };
  const hint = NOT_ELIGIBLE_HINT[label];
  return { ok: false, reason: `${label}不能申报${info.label}（${scope}${hint ? `；${hint}` : ""}）` };
}

// Development zones, farms, parks and the like carry region codes but are not administrative divisions.
const SPECIAL_AREA = /(开发区|管理区|管委会|园区|示范区|合作区|保税区|试验区|筹备处|服务中心|管理局|农场|牧场|林场|渔场|公司)/;

/**
 * The label of a region from its Chinese name. The level disambiguates 市 (地级市 at prefecture level, 县级市 at
 * county level). Returns null for the province, for special areas (开发区, 农场, 管委会 …) and for county-level
 * 林区/特区, which are neither counties nor city districts.
 */
export function adminLabelFromName(name: string, level: AdminLevel): AdminLabel | null {
  const n = name.trim();
  if (n === "" || SPECIAL_AREA.test(n)) return null;
  switch (level) {
    case "province":
      return null;
    case "prefecture":
      if (n.endsWith("盟")) return "盟";
      if (n.endsWith("市")) return "地级市";
      return null;
    case "county":
      if (n.endsWith("自治旗")) return "自治旗";
      if (n.endsWith("旗")) return "旗";
      if (n.endsWith("县")) return "县"; // 自治县 too
      if (n.endsWith("市")) return "县级市";
      if (n.endsWith("林区") || n.endsWith("特区")) return null;
      if (n.endsWith("区")) return "市辖区";
      return null;
    case "township":
      if (n.endsWith("苏木")) return "苏木";
      if (n.endsWith("乡")) return "乡"; // 民族乡 too
      if (n.endsWith("镇")) return "镇";
      if (n.endsWith("街道") || n.endsWith("办事处")) return "街道";
      return null;
  }
}

// Merge 纳入统一管理 (seed 000 §4): a city or county named a health city/county absorbs its townships' health
// township titles from the next cycle on. The rules say nothing of the sanitary family, so it is not merged.
export const MERGE_RULES: readonly { ancestor: Honour; absorbs: Honour }[] = [
  { ancestor: "health_city", absorbs: "health_township" },
  { ancestor: "health_county", absorbs: "health_township" },
];

/** The township title a city or county title absorbs (health_county → health_township), or null. */
export function mergedTownshipHonour(honour: Honour): Honour | null {
  return MERGE_RULES.find((r) => r.ancestor === honour)?.absorbs ?? null;
}

/** The first year of the cycle from which a naming on namedOn absorbs township titles: the next cycle. */
export function mergeFromCycle(namedOn: DateString): number {
  return cycleStartFor(namedOn) + CYCLE_YEARS;
}

export interface AncestorNaming {
  /** A title currently held (named or confirmed) by a league/city or county above the township. */
  honour: Honour;
  namedOn: DateString;
}

export type MergeDecision =
  | { merge: false }
  | { merge: true; absorbedBy: Honour; fromCycle: number; reason: string };

/**
 * Whether a township's title is merged into its city's or county's as of a date. Pass only titles still held:
 * a revoked naming absorbs nothing. The earliest qualifying naming decides.
 */
export function shouldMerge(townshipHonour: Honour, ancestors: AncestorNaming[], asOf: DateString): MergeDecision {
  const candidates = ancestors
    .filter((a) => MERGE_RULES.some((r) => r.ancestor === a.honour && r.absorbs === townshipHonour))
    .map((a) => ({ ...a, fromCycle: mergeFromCycle(a.namedOn) }))
    .sort((a, b) => a.namedOn.localeCompare(b.namedOn));
  const first = candidates[0];
  if (!first || cycleStartFor(asOf) < first.fromCycle) return { merge: false };
  const info = HONOURS[first.honour];
  const owner = info.tier === "city" ? "所属盟市" : "所属旗县（市）";
  return {
    merge: true,
    absorbedBy: first.honour,
    fromCycle: first.fromCycle,
    reason: `${owner}已于${formatDateCn(first.namedOn)}获${info.label}命名，自${describeCycle(first.fromCycle)}起不再单独申报或复审${HONOURS[townshipHonour].label}，纳入${info.label}统一管理`,
  };
}
