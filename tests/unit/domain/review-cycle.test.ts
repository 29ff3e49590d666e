import { describe, expect, it } from "vitest";
import {
  cycleMilestones,
  cycleStartFor,
  describeCycle,
  nextMilestone,
  reReviewDue,
  upcomingMilestones,
} from "../../../src/domain/review-cycle.ts";

describe("cycleStartFor", () => {
  it("anchors three-year cycles at 2026", () => {
    expect(cycleStartFor("2026-01-01")).toBe(2026);
    expect(cycleStartFor("2028-12-31")).toBe(2026);
    expect(cycleStartFor("2029-01-01")).toBe(2029);
    expect(cycleStartFor("2031-06-30")).toBe(2029);
    expect(cycleStartFor("2032-02-29")).toBe(2032);
  });
  it("counts back before the anchor", () => {
    expect(cycleStartFor("2025-12-31")).toBe(2023);
    expect(cycleStartFor("2023-01-01")).toBe(2023);
    expect(cycleStartFor("2022-06-30")).toBe(2020);
  });
  it("accepts another anchor", () => {
    expect(cycleStartFor("2026-05-21", 2024)).toBe(2024);
    expect(cycleStartFor("2027-05-21", 2024)).toBe(2027);
  });
  it("describes a cycle", () => {
    expect(describeCycle(2026)).toBe("2026—2028年评审周期");
  });
});

describe("cycleMilestones(2026)", () => {
  const ms = cycleMilestones(2026);

  it("lists the ten dated milestones of the rules in date order", () => {
    expect(ms.map((m) => `${m.date} ${m.key} ${m.article}`)).toEqual([
      "2026-02-28 data_update 第二十六条",
      "2026-06-30 self_assessment 第十一条",
      "2026-09-30 cultivation_selected 第十二条",
      "2027-02-28 data_update 第二十六条",
      "2027-06-30 recommend_township 第十五条",
      "2027-09-30 recommend_county 第十五条",
      "2027-12-31 recommend_city 第十五条",
      "2028-02-29 data_update 第二十六条",
      "2028-05-31 recommend_national 第二十一条",
      "2028-06-30 re_review_results 第二十三条",
    ]);
  });

  it("tags the league recommendations with their tier", () => {
    expect(ms.filter((m) => m.tier).map((m) => [m.key, m.tier])).toEqual([
      ["recommend_township", "township"],
      ["recommend_county", "county"],
      ["recommend_city", "city"],
    ]);
  });

  it("has Chinese titles, cycle years and unique ids", () => {
    expect(ms.find((m) => m.key === "self_assessment")).toEqual({
      id: "self_assessment-2026-06-30",
      date: "2026-06-30",
      key: "self_assessment",
      title: "盟市向自治区爱卫办提交自评估报告、创建工作计划和盟市推荐报告",
      article: "第十一条",
      cycleYear: 1,
    });
    expect(ms.find((m) => m.key === "recommend_national")?.title).toBe("自治区爱卫办向全国爱卫办推荐全国健康城镇建议名单");
    expect(new Set(ms.map((m) => m.id)).size).toBe(ms.length);
    expect(ms.filter((m) => m.key === "data_update").map((m) => m.cycleYear)).toEqual([1, 2, 3]);
  });

  it("follows leap years for the February data update", () => {
    expect(cycleMilestones(2029).filter((m) => m.key === "data_update").map((m) => m.date)).toEqual([
      "2029-02-28",
      "2030-02-28",
      "2031-02-28",
    ]);
    expect(cycleMilestones(2032).find((m) => m.key === "data_update")?.date).toBe("2032-02-29");
  });
});

describe("nextMilestone and upcomingMilestones", () => {
  it("returns the milestone due today, then the next one", () => {
    expect(nextMilestone(2026, "2026-06-30")?.key).toBe("self_assessment");
    expect(nextMilestone(2026, "2026-07-01")?.key).toBe("cultivation_selected");
    expect(nextMilestone(2026, "2026-11-23")?.id).toBe("data_update-2027-02-28");
  });
  it("is null once the cycle is over", () => {
    expect(nextMilestone(2026, "2028-07-01")).toBeNull();
  });
  it("crosses into the next cycle", () => {
    expect(upcomingMilestones("2028-06-01", 3).map((m) => m.id)).toEqual([
      "re_review_results-2028-06-30",
      "data_update-2029-02-28",
      "self_assessment-2029-06-30",
    ]);
  });
});

describe("reReviewDue", () => {
  it("is three years after naming", () => {
    expect(reReviewDue("2026-11-15")).toBe("2029-11-15");
    expect(reReviewDue("2028-02-29")).toBe("2031-02-28");
    expect(() => reReviewDue("2026-13-01")).toThrow("日期不存在");
  });
});
