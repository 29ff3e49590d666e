// ReviewCycle 评审周期: the three-year calendar of seed 000 §11–§26, generated from the rules rather than typed in.
import type { HonourTier } from "./honours.ts";
import { addYears, lastDayOfMonth, yearOf } from "./time.ts";
import type { DateString } from "./time.ts";

export const CYCLE_YEARS = 3;
/** The 2026 rules start a cycle in 2026 (cycles 2026–2028, 2029–2031, …). */
export const ANCHOR_YEAR = 2026;
/** Named towns are re-reviewed every 3 years after naming (seed 000 §22). */
export const RE_REVIEW_YEARS = 3;

export type MilestoneKey =
  | "data_update"
  | "self_assessment"
  | "cultivation_selected"
  | "recommend_township"
  | "recommend_county"
  | "recommend_city"
  | "recommend_national"
  | "re_review_results";

export interface Milestone {
  /** Unique across all cycles (for iCalendar UIDs and anchors), e.g. 'recommend_county-2027-09-30'. */
  id: string;
  date: DateString;
  key: MilestoneKey;
  title: string;
  /** The article of the 2026 rules (内爱卫会发〔2026〕2号) that sets the date. */
  article: string;
  /** 1, 2 or 3: the year of the cycle the milestone falls in. */
  cycleYear: number;
  tier?: HonourTier;
}

export const MILESTONE_LABELS: Record<MilestoneKey, string> = {
  data_update: "资料数据更新",
  self_assessment: "自评估",
  cultivation_selected: "确定培育单位",
  recommend_township: "盟市推荐全国健康乡镇",
  recommend_county: "盟市推荐全国健康县",
  recommend_city: "盟市推荐全国健康城市",
  recommend_national: "向全国爱卫办推荐",
  re_review_results: "报送复审结果",
};

function iso(year: number, month: number, day: number): DateString {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The first year of the cycle containing a date; cycles before the anchor are counted back the same way. */
export function cycleStartFor(date: DateString, anchorYear = ANCHOR_YEAR): number {
  const year = yearOf(date);
  return anchorYear + Math.floor((year - anchorYear) / CYCLE_YEARS) * CYCLE_YEARS;
}

/** '2026—2028年评审周期' */
export function describeCycle(startYear: number): string {
  return `${startYear}—${startYear + CYCLE_YEARS - 1}年评审周期`;
}

/** All milestones of the cycle starting in startYear, in date order. */
export function cycleMilestones(startYear: number): Milestone[] {
  const y = startYear;
  const list: Omit<Milestone, "id">[] = [
    {
      date: iso(y, 6, 30),
      key: "self_assessment",
      title: "盟市向自治区爱卫办提交自评估报告、创建工作计划和盟市推荐报告",
      article: "第十一条",
      cycleYear: 1,
    },
    {
      date: iso(y, 9, 30),
      key: "cultivation_selected",
      title: "自治区爱卫办组织展示并遴选确定本周期培育单位",
      article: "第十二条",
      cycleYear: 1,
    },
    {
      date: iso(y + 1, 6, 30),
      key: "recommend_township",
      title: "盟市报送拟推荐全国健康乡镇的推荐报告",
      article: "第十五条",
      cycleYear: 2,
      tier: "township",
    },
    {
      date: iso(y + 1, 9, 30),
      key: "recommend_county",
      title: "盟市报送拟推荐全国健康县的推荐报告",
      article: "第十五条",
      cycleYear: 2,
      tier: "county",
    },
    {
      date: iso(y + 1, 12, 31),
      key: "recommend_city",
      title: "盟市报送拟推荐全国健康城市的推荐报告",
      article: "第十五条",
      cycleYear: 2,
      tier: "city",
    },
    {
      date: iso(y + 2, 5, 31),
      key: "recommend_national",
      title: "自治区爱卫办向全国爱卫办推荐全国健康城镇建议名单",
      article: "第二十一条",
      cycleYear: 3,
    },
    {
      date: iso(y + 2, 6, 30),
      key: "re_review_results",
      title: "自治区爱卫办向全国爱卫办报送复审结果",
      article: "第二十三条",
      cycleYear: 3,
    },
  ];
  // §26 asks for the update "before the end of February" every year; the last day moves with leap years.
  for (let i = 0; i < CYCLE_YEARS; i += 1) {
    list.push({
      date: iso(y + i, 2, lastDayOfMonth(y + i, 2)),
      key: "data_update",
      title: "盟市审核上报培育单位和已命名全国健康城镇的最新资料数据",
      article: "第二十六条",
      cycleYear: i + 1,
    });
  }
  return list
    .map((m) => ({ ...m, id: `${m.key}-${m.date}` }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** The next milestone of that cycle on or after today (a milestone is still ahead on its own day); null when done. */
export function nextMilestone(startYear: number, today: DateString): Milestone | null {
  return cycleMilestones(startYear).find((m) => m.date >= today) ?? null;
}

/** The next `count` milestones from today on, across cycle boundaries. */
export function upcomingMilestones(today: DateString, count: number, anchorYear = ANCHOR_YEAR): Milestone[] {
  const result: Milestone[] = [];
  for (let start = cycleStartFor(today, anchorYear); result.length < count; start += CYCLE_YEARS) {
    for (const m of cycleMilestones(start)) {
      if (m.date >= today && result.length < count) result.push(m);
    }
  }
  return result;
}

/** The date by which a town named on namedDate is due for re-review (seed 000 §22). */
export function reReviewDue(namedDate: DateString): DateString {
  return addYears(namedDate, RE_REVIEW_YEARS);
}
