import { describe, expect, it } from "vitest";
import { applyDesignationEvent, reviewFlag, type DesignationState } from "../../../src/domain/designations.ts";

const named: DesignationState = { status: "named", namedOn: "2024-02-29", lastReviewedOn: null, nextReviewDue: "2027-02-28" };

describe("applyDesignationEvent", () => {
  it("names a town with its re-review due three years on, 29 February falling on 28 February", () => {
    expect(applyDesignationEvent(null, "named", "2024-02-29")).toEqual({ ok: true, next: named });
    expect(applyDesignationEvent(null, "named", "2026-06-15")).toMatchObject({ ok: true, next: { nextReviewDue: "2029-06-15" } });
  });

  it("confirms a re-review and restarts the three-year clock from the confirmation", () => {
    const r = applyDesignationEvent({ ...named, status: "re_review" }, "confirmed", "2027-03-10");
    expect(r).toEqual({ ok: true, next: { ...named, status: "confirmed", lastReviewedOn: "2027-03-10", nextReviewDue: "2030-03-10" } });
  });

  it("returns a warned town to its holding status once rectified", () => {
    expect(applyDesignationEvent({ ...named, status: "warned" }, "rectified", "2027-01-01")).toMatchObject({ ok: true, next: { status: "named" } });
    expect(applyDesignationEvent({ ...named, status: "warned", lastReviewedOn: "2026-01-01" }, "rectified", "2027-01-01")).toMatchObject({ ok: true, next: { status: "confirmed" } });
  });

  it("refuses events that do not fit the current status, with a Chinese reason", () => {
    expect(applyDesignationEvent(null, "re_review", "2026-01-01")).toEqual({ ok: false, reason: "只有已命名的城镇才能复审" });
    expect(applyDesignationEvent(named, "named", "2026-01-01")).toEqual({ ok: false, reason: "该城镇已持有此称号" });
    expect(applyDesignationEvent({ ...named, status: "revoked" }, "warned", "2026-01-01")).toMatchObject({ ok: false });
    expect(applyDesignationEvent(named, "confirmed", "2026-01-01")).toMatchObject({ ok: false });
  });

  it("ends the review clock on revocation and merging", () => {
    expect(applyDesignationEvent(named, "revoked", "2026-05-01")).toMatchObject({ ok: true, next: { status: "revoked", nextReviewDue: null } });
    expect(applyDesignationEvent(named, "merged", "2026-05-01")).toMatchObject({ ok: true, next: { status: "merged", nextReviewDue: null } });
  });
});

describe("reviewFlag", () => {
  const due = (status: DesignationState["status"], nextReviewDue: string | null) => ({ status, nextReviewDue });

  it("flags a review past its due date, even once the review has started", () => {
    expect(reviewFlag(due("confirmed", "2026-06-28"), "2026-12-02")).toBe("overdue");
    expect(reviewFlag(due("re_review", "2026-06-28"), "2026-06-29")).toBe("overdue");
  });

  it("warns within 90 calendar days, the due day itself still on time", () => {
    expect(reviewFlag(due("named", "2026-12-02"), "2026-12-02")).toBe("due_soon");
    expect(reviewFlag(due("warned", "2027-03-02"), "2026-12-02")).toBe("due_soon");
    expect(reviewFlag(due("named", "2027-03-03"), "2026-12-02")).toBeNull();
  });

  it("counts across 29 February in a leap year", () => {
    expect(reviewFlag(due("named", "2028-05-29"), "2028-02-29")).toBe("due_soon");
    expect(reviewFlag(due("named", "2028-05-30"), "2028-02-29")).toBeNull();
  });

  it("says nothing of towns that owe no review", () => {
    expect(reviewFlag(due("revoked", "2020-01-01"), "2026-12-02")).toBeNull();
    expect(reviewFlag(due("in_publicity", "2020-01-01"), "2026-12-02")).toBeNull();
    expect(reviewFlag(due("named", null), "2026-12-02")).toBeNull();
  });
});
