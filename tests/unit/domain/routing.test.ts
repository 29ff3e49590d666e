import { describe, expect, it } from "vitest";
import {
  CATEGORIES,
  CATEGORY_LABELS,
  compareRules,
  isCategory,
  isKind,
  KIND_LABELS,
  route,
} from "../../../src/domain/routing.ts";
import type { RoutingContext, RoutingRule } from "../../../src/domain/routing.ts";

// A slice of Inner Mongolia: region → parent
const parents: Record<string, string | null> = {
  "150000": null,
  "150600": "150000",
  "150602": "150600",
  "150621": "150600",
  "150621100": "150621",
  "150700": "150000",
  "150781": "150700",
  "150781001": "150781",
  "152500": "150000",
  "152501": "152500",
};
const names: Record<string, string> = {
  "150000": "内蒙古自治区",
  "150600": "鄂尔多斯市",
  "150602": "东胜区",
  "150621": "达拉特旗",
  "150621100": "树林召镇",
  "150700": "呼伦贝尔市",
  "150781": "满洲里市",
  "150781001": "东山街道",
  "152500": "锡林郭勒盟",
  "152501": "二连浩特市",
};
const units: Record<string, string> = {
  "150600": "unit-150600",
  "150700": "unit-150700",
  "150781": "unit-150781",
  "152501": "unit-152501",
  // 锡林郭勒盟 deliberately has no unit yet
  "150000": "office", // never used by the region walk
};
const unitNames: Record<string, string> = {
  office: "自治区爱卫办",
  "unit-150600": "鄂尔多斯市爱卫会",
  "unit-150781": "满洲里市卫生健康委",
  "market-ordos": "鄂尔多斯市市场监管局",
};

function ancestors(code: string): string[] {
  const chain: string[] = [];
  for (let c: string | null | undefined = code; c != null && c in parents; c = parents[c]) chain.push(c);
  return chain;
}

const ctx = (rules: RoutingRule[] = []): RoutingContext => ({
  officeUnitId: "office",
  rules,
  unitForRegion: (code) => units[code],
  ancestors,
  unitName: (id) => unitNames[id],
  regionName: (code) => names[code],
});

const foodOrdos: RoutingRule = { id: "food-ordos", category: "food", regionPrefix: "1506", unitId: "market-ordos", priority: 10 };
const foodAll: RoutingRule = { id: "food-all", category: "food", unitId: "market-region", priority: 10 };
const fraudLeads: RoutingRule = { id: "fraud-leads", kind: "lead", category: "fraud", unitId: "office", priority: 20 };
const inactive: RoutingRule = { id: "old", category: "water", unitId: "water-dept", priority: 99, active: false };
const rules = [foodAll, foodOrdos, fraudLeads, inactive];

describe("objections", () => {
  it("always go to the office, even when a rule would match", () => {
    const d = route({ kind: "objection", category: "food", regionCode: "150621" }, ctx(rules));
    expect(d).toEqual({
      unitId: "office",
      decidedBy: { type: "objection" },
      explanation: "异议由自治区爱卫办受理（实施办法第二十条），由其自行调查核实或委托盟市爱国卫生工作协调机制调查核实。",
    });
  });
});

describe("rules", () => {
  it("prefer the longest region prefix at equal priority", () => {
    const d = route({ kind: "complaint", category: "food", regionCode: "150621100" }, ctx(rules));
    expect(d.unitId).toBe("market-ordos");
    expect(d.decidedBy).toEqual({ type: "rule", ruleId: "food-ordos" });
    expect(d.explanation).toBe("按分办规则“food-ordos”（类别为食品安全、地区属于鄂尔多斯市，优先级 10）转鄂尔多斯市市场监管局办理。");
  });

  it("fall back to a region-free rule outside the prefix and without a region", () => {
    expect(route({ kind: "complaint", category: "food", regionCode: "150781" }, ctx(rules)).decidedBy).toEqual({
      type: "rule",
      ruleId: "food-all",
    });
    expect(route({ kind: "suggestion", category: "food" }, ctx(rules)).unitId).toBe("market-region");
  });

  it("let higher priority win over a longer prefix", () => {
    const regional: RoutingRule = { ...foodAll, id: "food-regional", priority: 50 };
    expect(route({ kind: "complaint", category: "food", regionCode: "150621" }, ctx([foodOrdos, regional])).unitId).toBe(
      "market-region",
    );
  });

  it("match on kind", () => {
    expect(route({ kind: "lead", category: "fraud", regionCode: "150621" }, ctx(rules)).decidedBy).toEqual({
      type: "rule",
      ruleId: "fraud-leads",
    });
    expect(route({ kind: "complaint", category: "fraud", regionCode: "150621" }, ctx(rules)).decidedBy.type).toBe("region");
  });

  it("ignore inactive rules", () => {
    expect(route({ kind: "complaint", category: "water", regionCode: "150621" }, ctx(rules)).decidedBy.type).toBe("region");
  });

  it("sort deterministically by id as the last resort", () => {
    const a: RoutingRule = { id: "a", unitId: "x", priority: 1 };
    const b: RoutingRule = { id: "b", unitId: "y", priority: 1 };
    expect([b, a].sort(compareRules).map((r) => r.id)).toEqual(["a", "b"]);
  });
});

describe("the region walk", () => {
  it("goes up from a township to its league/city unit", () => {
    expect(route({ kind: "complaint", category: "sanitation", regionCode: "150621100" }, ctx())).toEqual({
      unitId: "unit-150600",
      decidedBy: { type: "region", regionCode: "150600" },
      explanation: "所涉地区为树林召镇（属鄂尔多斯市），按属地转鄂尔多斯市爱卫会办理。",
    });
  });

  it("routes 满洲里市 and its streets to its own unit, not 呼伦贝尔市", () => {
    expect(route({ kind: "complaint", category: "vectors", regionCode: "150781001" }, ctx())).toMatchObject({
      unitId: "unit-150781",
      decidedBy: { type: "region", regionCode: "150781" },
    });
    expect(route({ kind: "lead", category: "other", regionCode: "152501" }, ctx())).toMatchObject({
      unitId: "unit-152501",
      decidedBy: { type: "region", regionCode: "152501" },
    });
  });

  it("uses the exact region's unit without the 属 note", () => {
    expect(route({ kind: "complaint", category: "other", regionCode: "150781" }, ctx()).explanation).toBe(
      "所涉地区为满洲里市，按属地转满洲里市卫生健康委办理。",
    );
  });
});

describe("the loud fallback", () => {
  it("skips the province and says why when the league has no unit", () => {
    expect(route({ kind: "complaint", category: "water", regionCode: "152500" }, ctx())).toEqual({
      unitId: "office",
      decidedBy: { type: "fallback" },
      explanation: "【需人工分拣】未匹配任何分办规则，且所涉地区锡林郭勒盟及其上级地区均没有对应的办理单位，已转自治区爱卫办分拣，请工作人员确认办理单位。",
    });
  });

  it("names an unknown region code", () => {
    expect(route({ kind: "complaint", category: "water", regionCode: "990000" }, ctx()).explanation).toBe(
      "【需人工分拣】未匹配任何分办规则，且地区代码 990000 不在行政区划表中，已转自治区爱卫办分拣，请工作人员确认办理单位。",
    );
  });

  it("handles a case without a region", () => {
    const d = route({ kind: "suggestion", category: "education" }, ctx());
    expect(d.decidedBy).toEqual({ type: "fallback" });
    expect(d.explanation).toBe("【需人工分拣】未匹配任何分办规则，且未填写所涉地区，已转自治区爱卫办分拣，请工作人员确认办理单位。");
  });

  it("does not route the province itself as a region", () => {
    expect(route({ kind: "complaint", category: "other", regionCode: "150000" }, ctx()).decidedBy).toEqual({ type: "fallback" });
  });

  it("uses ids when no names are given", () => {
    const bare: RoutingContext = { officeUnitId: "office", rules: [], unitForRegion: () => undefined, ancestors: () => [] };
    expect(route({ kind: "complaint", category: "other" }, bare).explanation).toBe(
      "【需人工分拣】未匹配任何分办规则，且未填写所涉地区，已转office分拣，请工作人员确认办理单位。",
    );
  });
});

describe("kinds and categories", () => {
  it("has the eight categories of DESIGN.md §4", () => {
    expect(CATEGORIES.map((c) => CATEGORY_LABELS[c])).toEqual([
      "环境卫生",
      "病媒生物防制",
      "食品安全",
      "生活饮用水",
      "重点场所卫生",
      "健康教育",
      "弄虚作假/违反“十个不得”",
      "其他",
    ]);
    expect(isCategory("food")).toBe(true);
    expect(isCategory("食品安全")).toBe(false);
  });
  it("has four kinds", () => {
    expect(KIND_LABELS).toEqual({ objection: "异议", lead: "舆情线索", complaint: "投诉", suggestion: "建议" });
    expect(isKind("lead")).toBe(true);
    expect(isKind("praise")).toBe(false);
  });
});
