import { describe, expect, it } from "vitest";
import { heldHonourProblem } from "../../../src/domain/held-honours.ts";
import { matchNames, splitNames, type RegionCandidate } from "../../../src/domain/region-match.ts";

const R = (code: string, name: string, level: RegionCandidate["level"], context = ""): RegionCandidate => ({ code, name, level, context });
const REGIONS = [
  R("150621", "达拉特旗", "county", "鄂尔多斯市"),
  R("150621100", "树林召镇", "township", "鄂尔多斯市 达拉特旗"),
  R("150621101", "王爱召镇", "township", "鄂尔多斯市 达拉特旗"),
  // One township name in two leagues.
  R("150221100", "新城镇", "township", "包头市 土默特右旗"),
  R("152223100", "新城镇", "township", "兴安盟 扎赉特旗"),
  R("150700", "呼伦贝尔市", "prefecture"),
  R("150702", "海拉尔区", "county", "呼伦贝尔市"),
  R("150702100", "海拉尔镇", "township", "呼伦贝尔市 海拉尔区"),
];
const townships = (r: RegionCandidate) => r.level === "township";

describe("pasted names", () => {
  it("splits lines and running text, dropping numbering and spaces", () => {
    expect(splitNames("1. 树林召镇\n（2）王爱召镇\r\n\n一、新城镇、 海拉尔镇；“达拉特旗” \n- 呼伦贝尔市")).toEqual(["树林召镇", "王爱召镇", "新城镇", "海拉尔镇", "达拉特旗", "呼伦贝尔市"]);
  });

  it("preselects a name that means one place, asks for an ambiguous one with its league and county, flags unknown and repeated names", () => {
    const m = matchNames(["树林召镇", "新城镇", "不存在镇", "树林召镇", "达拉特旗王爱召镇", "树林召"], REGIONS, townships);
    expect(m.map((x) => [x.input, x.status, x.preselected])).toEqual([
      ["树林召镇", "exact", "150621100"],
      ["新城镇", "ambiguous", null],
      ["不存在镇", "unknown", null],
      ["树林召镇", "duplicate", null],
      ["达拉特旗王爱召镇", "exact", "150621101"],
      ["树林召", "ambiguous", null],
    ]);
    expect(m[1]!.candidates.map((c) => `${c.name}（${c.context}）`)).toEqual(["新城镇（包头市 土默特右旗）", "新城镇（兴安盟 扎赉特旗）"]);
    expect(m[5]!.candidates.map((c) => c.code)).toEqual(["150621100"]);
  });

  it("prefers places of the honour's tier, and shows another tier's place rather than calling it unknown", () => {
    expect(matchNames(["海拉尔"], REGIONS, townships)[0]!.candidates.map((c) => c.code)).toEqual(["150702100"]);
    expect(matchNames(["达拉特旗"], REGIONS, townships)[0]).toMatchObject({ status: "exact", preselected: "150621" });
  });
});

describe("an honour already held", () => {
  it("refuses a new listing of a place holding the honour, naming it, unless the list is its re-review", () => {
    expect(heldHonourProblem("树林召镇", "sanitary_township", "confirmed", "关于2026年国家卫生乡镇拟命名名单的公示")).toBe(
      "树林召镇已获国家卫生乡镇命名（复审通过），不能列入新的国家卫生乡镇公示；如为复审公示，请在公示标题中注明“复审”",
    );
    expect(heldHonourProblem("树林召镇", "sanitary_township", "confirmed", "关于国家卫生乡镇复审结果的公示")).toContain("尚未启动本轮复审");
    expect(heldHonourProblem("树林召镇", "sanitary_township", "re_review", "关于国家卫生乡镇复审结果的公示")).toBeNull();
    expect(heldHonourProblem("树林召镇", "sanitary_township", "re_review", "关于国家卫生乡镇拟命名名单的公示")).toContain("复审中");
    for (const s of [null, "cultivating", "recommended", "in_publicity", "revoked", "merged"] as const) expect(heldHonourProblem("某镇", "sanitary_township", s, "公示")).toBeNull();
    expect(heldHonourProblem("某镇", "sanitary_township", "warned", "公示")).toContain("被警示");
  });
});
