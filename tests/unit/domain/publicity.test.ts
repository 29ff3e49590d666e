import { describe, expect, it } from "vitest";
import {
  defaultClosesAt,
  describeExtension,
  describeTimeLeft,
  describeWindow,
  describeWindowDates,
  ENTRY_OUTCOME_LABELS,
  ENTRY_OUTCOMES,
  LETTER_DATING_LABELS,
  letterInTime,
  objectionAllowed,
  publicityStatus,
  STATUS_LABELS,
  timeLeft,
  validateWindow,
} from "../../../src/domain/publicity.ts";
import type { PublicityWindow } from "../../../src/domain/publicity.ts";

const at = (iso: string) => new Date(iso);
// Opens Monday 2026-11-23 09:00 Shanghai (01:00 UTC); one week by default
const opensAt = at("2026-11-23T01:00:00Z");
const week: PublicityWindow = { opensAt, closesAt: defaultClosesAt(opensAt) };
const second = (d: Date, n: number) => new Date(d.getTime() + n * 1000);

describe("defaultClosesAt", () => {
  it("closes at 23:59:59 of the 7th day, the opening day counting as the first", () => {
    expect(week.closesAt.toISOString()).toBe("2026-11-29T15:59:59.000Z");
  });
  it("closes at the list's cut-off time on the last day", () => {
    expect(defaultClosesAt(opensAt, 7, "18:00").toISOString()).toBe("2026-11-29T10:00:00.000Z");
  });
  it("supports two-week lists", () => {
    expect(defaultClosesAt(opensAt, 14).toISOString()).toBe("2026-12-06T15:59:59.000Z");
  });
  it("uses the Shanghai opening date even when UTC is still on the day before", () => {
    // 2026-11-23 00:30 Shanghai is 2026-11-22 16:30 UTC
    expect(defaultClosesAt(at("2026-11-22T16:30:00Z")).toISOString()).toBe("2026-11-29T15:59:59.000Z");
  });
  it("rejects impossible lengths and cut-offs", () => {
    expect(() => defaultClosesAt(opensAt, 0)).toThrow("公示天数必须是正整数（收到 0）");
    expect(() => defaultClosesAt(opensAt, 1, "08:00")).toThrow("截止时间 2026年11月23日 08:00 早于公示开始时间 2026年11月23日 09:00");
    expect(() => defaultClosesAt(opensAt, 7, "6pm")).toThrow("时间格式应为 HH:MM");
  });
});

describe("publicityStatus to the second", () => {
  it("is scheduled until the opening second", () => {
    expect(publicityStatus(week, second(opensAt, -1))).toBe("scheduled");
    expect(publicityStatus(week, opensAt)).toBe("open");
  });
  it("is open through the closing second and closed one second later", () => {
    expect(publicityStatus(week, week.closesAt)).toBe("open");
    expect(publicityStatus(week, second(week.closesAt, 1))).toBe("closed");
  });
  it("has Chinese labels", () => {
    expect(STATUS_LABELS).toEqual({ scheduled: "即将开始", open: "公示中", closed: "已结束" });
  });
});

describe("objectionAllowed", () => {
  it("allows objections at both edges of the window", () => {
    expect(objectionAllowed(week, opensAt)).toEqual({ allowed: true });
    expect(objectionAllowed(week, week.closesAt)).toEqual({ allowed: true });
  });
  it("refuses before the opening with the dates", () => {
    expect(objectionAllowed(week, second(opensAt, -1))).toEqual({
      allowed: false,
      status: "scheduled",
      reason: "公示尚未开始。公示期为2026年11月23日 09:00至2026年11月29日 23:59，请在公示期内提出异议。",
    });
  });
  it("refuses after the close with the dates and the alternative", () => {
    expect(objectionAllowed(week, second(week.closesAt, 1))).toEqual({
      allowed: false,
      status: "closed",
      reason:
        "公示已于2026年11月29日 23:59结束（公示期为2026年11月23日 09:00至2026年11月29日 23:59），不再受理异议；如有问题，可作为投诉或舆情线索提交。",
    });
  });
  it("honours a cut-off time", () => {
    const cut: PublicityWindow = { opensAt, closesAt: defaultClosesAt(opensAt, 7, "18:00") };
    expect(objectionAllowed(cut, at("2026-11-29T10:00:00Z")).allowed).toBe(true);
    expect(objectionAllowed(cut, at("2026-11-29T10:00:01Z")).allowed).toBe(false);
  });
});

describe("letters", () => {
  const cut: PublicityWindow = { opensAt, closesAt: defaultClosesAt(opensAt, 7, "18:00") };
  it("accepts postmarks dated on any day of the window, cut-off or not", () => {
    expect(letterInTime(cut, "2026-11-23")).toBe(true);
    expect(letterInTime(cut, "2026-11-29")).toBe(true);
    expect(letterInTime(cut, "2026-11-22")).toBe(false);
    expect(letterInTime(cut, "2026-11-30")).toBe(false);
    expect(letterInTime(cut, "2026-11-31")).toBe(false);
  });
  it("labels the dating rule", () => {
    expect(LETTER_DATING_LABELS.postmark_dispatch).toBe("以寄出邮戳日期为准");
  });
});

describe("timeLeft", () => {
  it("counts whole days, hours and minutes while open", () => {
    // 2026-11-27 20:30 Shanghai → 2 days 3 h 29 min 59 s left
    const left = timeLeft(week, at("2026-11-27T12:30:00Z"));
    expect(left).toEqual({ days: 2, hours: 3, minutes: 29 });
    expect(describeTimeLeft(left!)).toBe("剩余 2 天 3 小时 29 分钟");
  });
  it("is zero at the closing second and null outside the window", () => {
    expect(timeLeft(week, week.closesAt)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(describeTimeLeft({ days: 0, hours: 0, minutes: 0 })).toBe("不足 1 分钟");
    expect(timeLeft(week, second(week.closesAt, 1))).toBeNull();
    expect(timeLeft(week, second(opensAt, -1))).toBeNull();
  });
});

describe("descriptions", () => {
  it("describes the window", () => {
    expect(describeWindow(week)).toBe("2026年11月23日 09:00至2026年11月29日 23:59");
    expect(describeWindowDates(week)).toBe("公示期：2026年11月23日至2026年11月29日（共7天）");
  });
  it("states old and new dates of an extension", () => {
    const extended: PublicityWindow = { opensAt, closesAt: defaultClosesAt(opensAt, 14) };
    expect(describeExtension(week, extended)).toBe("公示期已延长：原定2026年11月29日 23:59截止，延长至2026年12月6日 23:59截止。");
  });
  it("states a shortened or moved window too", () => {
    const shorter: PublicityWindow = { opensAt, closesAt: defaultClosesAt(opensAt, 7, "18:00") };
    expect(describeExtension(week, shorter)).toBe("公示期已调整：原定2026年11月29日 23:59截止，提前至2026年11月29日 18:00截止。");
    const moved: PublicityWindow = { opensAt: at("2026-11-24T01:00:00Z"), closesAt: week.closesAt };
    expect(describeExtension(week, moved)).toBe(
      "公示期已调整：开始时间由2026年11月23日 09:00调整为2026年11月24日 09:00；截止时间2026年11月29日 23:59不变。",
    );
  });
  it("validates a window", () => {
    expect(validateWindow(week)).toEqual([]);
    expect(validateWindow({ opensAt, closesAt: opensAt })).toEqual([
      "公示截止时间（2026年11月23日 09:00）必须晚于开始时间（2026年11月23日 09:00）",
    ]);
  });
});

describe("entry outcomes", () => {
  it("has the three outcomes with labels", () => {
    expect(ENTRY_OUTCOMES).toEqual(["recommended", "withdrawn", "under_verification"]);
    expect(ENTRY_OUTCOME_LABELS).toEqual({ recommended: "拟推荐", withdrawn: "撤回", under_verification: "核实中" });
  });
});
