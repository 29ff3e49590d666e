// Routing 分办: which unit handles a new case. Rules are data; a case that matches nothing goes to the office's
// triage and says so (DESIGN.md §4, STYLE.md #4). The order, as the rules screen states it: objections go to the
// office; otherwise the first active rule in list order that fits decides; then the responsibility list's task of
// that category and region that names a lead unit (lowest number first); then the region's own unit; then triage.

// CaseKind 受理件类型
export const CASE_KINDS = ["objection", "lead", "complaint", "suggestion"] as const;
export type Kind = (typeof CASE_KINDS)[number];

export const KIND_LABELS: Record<Kind, string> = {
  objection: "异议",
  lead: "舆情线索",
  complaint: "投诉",
  suggestion: "建议",
};

// Category 问题类别 (DESIGN.md §4)
export const CATEGORIES = ["sanitation", "vectors", "food", "water", "premises", "education", "fraud", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  sanitation: "环境卫生",
  vectors: "病媒生物防制",
  food: "食品安全",
  water: "生活饮用水",
  premises: "重点场所卫生",
  education: "健康教育",
  fraud: "弄虚作假/违反“十个不得”",
  other: "其他",
};

/** The order routing follows, in the one sentence the rules screen shows. */
export const ROUTING_ORDER_TEXT =
  "异议一律由本办受理；其余受理件按下表自上而下逐条比对，第一条类型、类别和地区都相符的启用规则决定办理单位，没有相符规则时由任务分解表中该类别、该地区写明牵头单位的序号最小的任务决定，再没有则按属地转所涉地区的办理单位，仍无则转本办人工分拣。";

export function isKind(value: string): value is Kind {
  return (CASE_KINDS as readonly string[]).includes(value);
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

// RoutingRule 分办规则: kind?, category?, region prefix? → unit
export interface RoutingRule {
  id: string;
  kind?: Kind | null;
  category?: Category | null;
  /** Matches region codes starting with it, e.g. '1506' for 鄂尔多斯市 and everything in it. */
  regionPrefix?: string | null;
  unitId: string;
  priority: number;
  active?: boolean;
}

/** A task of the responsibility list 任务分解表 that names a category and a lead unit. */
export interface RoutingTask {
  /** The task's number in the list (序号), which also orders tasks of the same category. */
  seq: number;
  category: Category;
  leadUnitId: string;
  /** Where the list applies, e.g. '1506' for 鄂尔多斯市's list; null for the whole province. */
  regionPrefix?: string | null;
}

export interface RoutingInput {
  kind: Kind;
  category: Category;
  regionCode?: string | null;
}

export interface RoutingContext {
  officeUnitId: string;
  rules: RoutingRule[];
  /** Tasks with a lead unit; explicit rules come first, the region walk after. */
  tasks?: RoutingTask[];
  /** The unit of exactly this region (league/city units, and 150781 满洲里市 / 152501 二连浩特市), if any. */
  unitForRegion: (code: string) => string | undefined;
  /** Region codes from this region up to the province, itself first; empty when the code is unknown. */
  ancestors: (code: string) => string[];
  /** Names for explanations; ids are used when absent. */
  unitName?: (unitId: string) => string | undefined;
  regionName?: (code: string) => string | undefined;
}

export type RoutingDecidedBy =
  | { type: "objection" }
  | { type: "rule"; ruleId: string }
  | { type: "task"; seq: number }
  | { type: "region"; regionCode: string }
  | { type: "fallback" };

export interface RoutingDecision {
  unitId: string;
  decidedBy: RoutingDecidedBy;
  explanation: string;
}

/** What decided, in a few words for the dry run's table: the rule, the task, the region or the office. */
export function decidedByLabel(d: RoutingDecidedBy, regionName?: (code: string) => string | undefined): string {
  switch (d.type) {
    case "objection":
      return "异议一律由本办受理";
    case "rule":
      return `分办规则 ${d.ruleId}`;
    case "task":
      return `任务分解表第${d.seq}项`;
    case "region":
      return `属地（${regionName?.(d.regionCode) ?? d.regionCode}）`;
    case "fallback":
      return "无相符规则，人工分拣";
  }
}

/** A province code ends in 0000; routing to it would only reach the office by another name. */
function isProvinceCode(code: string): boolean {
  return /^\d{2}0000$/.test(code);
}

export function ruleMatches(rule: RoutingRule, input: RoutingInput): boolean {
  if (rule.active === false) return false;
  if (rule.kind && rule.kind !== input.kind) return false;
  if (rule.category && rule.category !== input.category) return false;
  return inRegion(rule.regionPrefix, input.regionCode);
}

/** The prefix a region stands for: 150600 鄂尔多斯市 → '1506' (all of it), 150621 达拉特旗 → '150621'. */
export function regionPrefixOf(code: string): string {
  return code.length === 6 ? code.replace(/(00)+$/, "") : code;
}

function inRegion(prefix: string | null | undefined, code: string | null | undefined): boolean {
  if (!prefix) return true;
  return !!code && code.startsWith(prefix);
}

export function taskMatches(task: RoutingTask, input: RoutingInput): boolean {
  return task.category === input.category && inRegion(task.regionPrefix, input.regionCode);
}

/** Active rules in the order they are tried: the order the rules screen lists them in. */
export function ruleOrder<R extends Ordered>(rules: readonly R[]): R[] {
  return [...rules].sort(compareRules);
}

/** Highest priority first, then the longest (most local) region prefix, then id for a stable order. */
type Ordered = Pick<RoutingRule, "id" | "priority" | "regionPrefix">;

export function compareRules(a: Ordered, b: Ordered): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const lenA = a.regionPrefix?.length ?? 0;
  const lenB = b.regionPrefix?.length ?? 0;
  if (lenA !== lenB) return lenB - lenA;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function describeRule(rule: RoutingRule, ctx: RoutingContext): string {
  const parts: string[] = [];
  if (rule.kind) parts.push(`类型为${KIND_LABELS[rule.kind]}`);
  if (rule.category) parts.push(`类别为${CATEGORY_LABELS[rule.category]}`);
  if (rule.regionPrefix) parts.push(`地区属于${ctx.regionName?.(rule.regionPrefix.padEnd(6, "0")) ?? rule.regionPrefix}`);
  return parts.length > 0 ? parts.join("、") : "所有受理件";
}

export function route(input: RoutingInput, ctx: RoutingContext): RoutingDecision {
  const unit = (id: string) => ctx.unitName?.(id) ?? id;
  const region = (code: string) => ctx.regionName?.(code) ?? code;

  if (input.kind === "objection") {
    return {
      unitId: ctx.officeUnitId,
      decidedBy: { type: "objection" },
      explanation: `异议由${unit(ctx.officeUnitId)}受理（实施办法第二十条），由其自行调查核实或委托盟市爱国卫生工作协调机制调查核实。`,
    };
  }

  const rule = ctx.rules.filter((r) => ruleMatches(r, input)).sort(compareRules)[0];
  if (rule) {
    return {
      unitId: rule.unitId,
      decidedBy: { type: "rule", ruleId: rule.id },
      explanation: `按分办规则“${rule.id}”（${describeRule(rule, ctx)}，优先级 ${rule.priority}）转${unit(rule.unitId)}办理。`,
    };
  }

  const task = [...(ctx.tasks ?? [])].sort((a, b) => a.seq - b.seq).find((t) => taskMatches(t, input));
  if (task) {
    const where = task.regionPrefix ? `、地区属于${region(task.regionPrefix.padEnd(6, "0"))}` : "";
    return {
      unitId: task.leadUnitId,
      decidedBy: { type: "task", seq: task.seq },
      explanation: `由任务分解表第${task.seq}项决定（类别为${CATEGORY_LABELS[task.category]}${where}，牵头单位${unit(task.leadUnitId)}），未匹配任何分办规则，转${unit(task.leadUnitId)}办理。`,
    };
  }

  const code = input.regionCode?.trim();
  if (code) {
    const chain = ctx.ancestors(code);
    for (const c of chain) {
      if (isProvinceCode(c)) continue;
      const unitId = ctx.unitForRegion(c);
      if (unitId) {
        const within = c === code ? "" : `（属${region(c)}）`;
        return {
          unitId,
          decidedBy: { type: "region", regionCode: c },
          explanation: `所涉地区为${region(code)}${within}，按属地转${unit(unitId)}办理。`,
        };
      }
    }
    const why =
      chain.length === 0
        ? `地区代码 ${code} 不在行政区划表中`
        : `所涉地区${region(code)}及其上级地区均没有对应的办理单位`;
    return fallback(ctx, `未匹配任何分办规则，且${why}`);
  }
  return fallback(ctx, "未匹配任何分办规则，且未填写所涉地区");
}

function fallback(ctx: RoutingContext, why: string): RoutingDecision {
  const office = ctx.unitName?.(ctx.officeUnitId) ?? ctx.officeUnitId;
  return {
    unitId: ctx.officeUnitId,
    decidedBy: { type: "fallback" },
    explanation: `【需人工分拣】${why}，已转${office}分拣，请工作人员确认办理单位。`,
  };
}
