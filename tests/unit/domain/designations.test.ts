import { describe, expect, it } from "vitest";
import { applyDesignationEvent, type DesignationState } from "../../../src/domain/designations.ts";

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
