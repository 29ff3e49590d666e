// The order routing follows (issue 15 item 4): rules in list order, disabled ones skipped, then the responsibility
// list's led tasks, then the region — and the words the dry run shows for each.
import { describe, expect, it } from "vitest";
import { decidedByLabel, regionPrefixOf, route, ruleOrder, ROUTING_ORDER_TEXT } from "../../../src/domain/routing.ts";
import type { RoutingContext, RoutingRule, RoutingTask } from "../../../src/domain/routing.ts";

const names: Record<string, string> = { "150000": "内蒙古自治区", "150600": "鄂尔多斯市", "150621": "达拉特旗", "150700": "呼伦贝尔市", "150702": "海拉尔区" };
const parents: Record<string, string> = { "150600": "150000", "150621": "150600", "150700": "150000", "150702": "150700" };
const unitNames: Record<string, string> = {
  office: "自治区爱卫办",
  "unit-150600": "鄂尔多斯市爱卫办",
  "unit-150700": "呼伦贝尔市爱卫办",
  "member-ordos-samr": "鄂尔多斯市市场监督管理局",
  "member-ordos-eco": "鄂尔多斯市生态环境局",
  "member-samr": "自治区市场监督管理局",
  "member-water": "自治区水利厅",
};

function ctx(rules: RoutingRule[], tasks: RoutingTask[] = []): RoutingContext {
  return {
    officeUnitId: "office",
    rules,
    tasks,
    unitForRegion: (code) => ({ "150600": "unit-150600", "150700": "unit-150700" })[code],
    ancestors: (code) => {
      const chain: string[] = [];
      for (let c: string | undefined = code; c && c in names; c = parents[c]) chain.push(c);
      return chain;
    },
    unitName: (id) => unitNames[id],
    regionName: (code) => names[code],
  };
}

const foodTask: RoutingTask = { seq: 17, category: "food", leadUnitId: "member-ordos-samr", regionPrefix: "1506" };
const laterFoodTask: RoutingTask = { seq: 18, category: "food", leadUnitId: "member-ordos-eco", regionPrefix: "1506" };
const waterTask: RoutingTask = { seq: 15, category: "water", leadUnitId: "member-ordos-eco", regionPrefix: "1506" };

describe("rule order", () => {
  it("tries rules top to bottom as the list shows them: priority first, then the narrower region, then id", () => {
    const rules: RoutingRule[] = [
      { id: "b", unitId: "x", priority: 10 },
      { id: "a", unitId: "x", priority: 10 },
      { id: "county", regionPrefix: "150621", unitId: "x", priority: 10 },
      { id: "top", unitId: "x", priority: 30 },
    ];
    expect(ruleOrder(rules).map((r) => r.id)).toEqual(["top", "county", "a", "b"]);
  });

  it("lets the first fitting rule decide, and skips a disabled rule wherever it stands", () => {
    const rules: RoutingRule[] = [
      { id: "off", category: "food", unitId: "member-water", priority: 50, active: false },
      { id: "first", category: "food", regionPrefix: "1506", unitId: "member-samr", priority: 40 },
      { id: "second", category: "food", unitId: "unit-150700", priority: 30 },
    ];
    const d = route({ kind: "complaint", category: "food", regionCode: "150621" }, ctx(rules));
    expect(d.decidedBy).toEqual({ type: "rule", ruleId: "first" });
    expect(d.unitId).toBe("member-samr");
    const outside = route({ kind: "complaint", category: "food", regionCode: "150702" }, ctx(rules));
    expect(outside.decidedBy).toEqual({ type: "rule", ruleId: "second" });
  });

  it("states the order in one sentence for the rules screen", () => {
    expect(ROUTING_ORDER_TEXT.match(/。/g)).toHaveLength(1);
    expect(ROUTING_ORDER_TEXT).toMatch(/规则.*任务分解表.*属地.*人工分拣/);
  });
});

describe("tasks of the responsibility list", () => {
  it("route a category in the list's region to the task's lead unit, with the task's number", () => {
    const d = route({ kind: "suggestion", category: "food", regionCode: "150621" }, ctx([], [laterFoodTask, foodTask, waterTask]));
    expect(d).toEqual({
      unitId: "member-ordos-samr",
      decidedBy: { type: "task", seq: 17 },
      explanation: "由任务分解表第17项决定（类别为食品安全、地区属于鄂尔多斯市，牵头单位鄂尔多斯市市场监督管理局），未匹配任何分办规则，转鄂尔多斯市市场监督管理局办理。",
    });
  });

  it("do not apply outside the list's region: there the region decides", () => {
    const d = route({ kind: "complaint", category: "food", regionCode: "150702" }, ctx([], [foodTask]));
    expect(d.decidedBy).toEqual({ type: "region", regionCode: "150700" });
  });

  it("yield to an explicit rule, even a province-wide one", () => {
    const rule: RoutingRule = { id: "food-to-samr", category: "food", kind: "complaint", unitId: "member-samr", priority: 10 };
    expect(route({ kind: "complaint", category: "food", regionCode: "150621" }, ctx([rule], [foodTask])).unitId).toBe("member-samr");
    // The rule is for complaints only: a food lead in 鄂尔多斯 still follows the task.
    expect(route({ kind: "lead", category: "food", regionCode: "150621" }, ctx([rule], [foodTask])).decidedBy).toEqual({ type: "task", seq: 17 });
  });

  it("but a disabled rule gives the case back to the task", () => {
    const off: RoutingRule = { id: "off", category: "food", unitId: "member-samr", priority: 10, active: false };
    expect(route({ kind: "complaint", category: "food", regionCode: "150621" }, ctx([off], [foodTask])).decidedBy).toEqual({ type: "task", seq: 17 });
  });

  it("never take objections, which the office receives", () => {
    expect(route({ kind: "objection", category: "food", regionCode: "150621" }, ctx([], [foodTask])).unitId).toBe("office");
  });

  it("without a region apply only when the task is province-wide", () => {
    expect(route({ kind: "suggestion", category: "food" }, ctx([], [foodTask])).decidedBy.type).toBe("fallback");
    const wide: RoutingTask = { ...foodTask, regionPrefix: null };
    expect(route({ kind: "suggestion", category: "food" }, ctx([], [wide])).explanation).toBe(
      "由任务分解表第17项决定（类别为食品安全，牵头单位鄂尔多斯市市场监督管理局），未匹配任何分办规则，转鄂尔多斯市市场监督管理局办理。",
    );
  });
});

describe("what the dry run says", () => {
  it("names the rule, the task, the region or the office", () => {
    const region = (code: string) => names[code];
    expect(decidedByLabel({ type: "rule", ruleId: "rule-3" })).toBe("分办规则 rule-3");
    expect(decidedByLabel({ type: "task", seq: 17 })).toBe("任务分解表第17项");
    expect(decidedByLabel({ type: "region", regionCode: "150600" }, region)).toBe("属地（鄂尔多斯市）");
    expect(decidedByLabel({ type: "objection" })).toBe("异议一律由本办受理");
    expect(decidedByLabel({ type: "fallback" })).toBe("无相符规则，人工分拣");
  });

  it("turns a picked league or county into the prefix a rule stores", () => {
    expect(regionPrefixOf("150600")).toBe("1506");
    expect(regionPrefixOf("150621")).toBe("150621");
    expect(regionPrefixOf("150000")).toBe("15");
    expect(regionPrefixOf("150621100")).toBe("150621100");
  });
});
