import { describe, expect, it } from "vitest";
import {
  checkReexaminationRequest,
  isRating,
  RATING_LABELS,
  ratingAllowed,
  reexaminationAllowed,
  reexaminationDeadline,
} from "../../../src/domain/feedback.ts";

const closedAt = new Date("2026-11-23T10:00:00Z"); // 18:00 Shanghai
const closed = { state: "closed" as const, closedAt, rating: "unsatisfied" as const };

describe("rating", () => {
  it("has three Chinese labels", () => {
    expect(RATING_LABELS).toEqual({ satisfied: "满意", basically_satisfied: "基本满意", unsatisfied: "不满意" });
    expect(isRating("unsatisfied")).toBe(true);
    expect(isRating("bad")).toBe(false);
  });
  it("is allowed once, after closing", () => {
    expect(ratingAllowed({ state: "closed", closedAt })).toEqual({ allowed: true });
    expect(ratingAllowed({ state: "verifying" })).toEqual({ allowed: false, reason: "受理件办结后才能评价" });
    expect(ratingAllowed({ state: "closed", rating: "satisfied" })).toEqual({
      allowed: false,
      reason: "已评价为“满意”，不能重复评价",
    });
  });
});

describe("re-examination", () => {
  it("closes at 23:59:59 of the 15th calendar day after closing", () => {
    expect(reexaminationDeadline(closedAt).toISOString()).toBe("2026-12-08T15:59:59.000Z");
  });
  it("is allowed to the last second when not satisfied", () => {
    expect(reexaminationAllowed(closed, new Date("2026-12-08T15:59:59Z"))).toEqual({ allowed: true });
    expect(reexaminationAllowed(closed, new Date("2026-12-08T16:00:00Z"))).toEqual({
      allowed: false,
      reason: "复查申请须在办结后15日内提出，已于2026年12月8日 23:59截止",
    });
  });
  it("is refused when satisfied, already asked, or not closed", () => {
    const at = new Date("2026-11-25T00:00:00Z");
    expect(reexaminationAllowed({ ...closed, rating: "basically_satisfied" }, at)).toEqual({
      allowed: false,
      reason: "评价为“不满意”后才能申请复查",
    });
    expect(reexaminationAllowed({ ...closed, reexamRequestedAt: at }, at)).toEqual({
      allowed: false,
      reason: "每件受理件只能申请一次复查",
    });
    expect(reexaminationAllowed({ state: "not_accepted", closedAt }, at)).toEqual({
      allowed: false,
      reason: "受理件办结后才能申请复查",
    });
  });
  it("needs a reason", () => {
    const at = new Date("2026-11-25T00:00:00Z");
    expect(checkReexaminationRequest(closed, "  ", at)).toEqual({ allowed: false, reason: "申请复查必须说明理由" });
    expect(checkReexaminationRequest(closed, "整改后问题反弹", at)).toEqual({ allowed: true });
  });
});
