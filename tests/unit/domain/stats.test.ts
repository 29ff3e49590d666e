import { describe, expect, it } from "vitest";
import { groupTally, median, satisfaction, share, tally, wasLate, type CaseFacts, type StatsEvent } from "../../../src/domain/stats.ts";

const d = (s: string) => new Date(s);
const ev = (at: string, from: string | null, to: string, action: string, deadline?: string): StatsEvent => ({ at: d(at), fromState: from, toState: to, action, deadlineAt: deadline ? d(deadline) : null });

describe("wasLate", () => {
  const now = d("2026-12-20T00:00:00Z");
  it("is on time when every state change came before the deadline running then", () => {
    const events = [ev("2026-11-02T02:00:00Z", null, "submitted", "submit", "2026-11-04T15:59:59Z"), ev("2026-11-03T02:00:00Z", "submitted", "accepted", "accept"), ev("2026-11-03T03:00:00Z", "accepted", "assigned", "assign", "2026-11-17T15:59:59Z"), ev("2026-11-16T03:00:00Z", "assigned", "verifying", "start"), ev("2026-11-17T03:00:00Z", "verifying", "findings_submitted", "submit_findings", "2026-11-24T15:59:59Z")];
    expect(wasLate(events, true, d("2026-11-24T15:59:59Z"), false, d("2026-11-20T00:00:00Z"))).toBe(false);
  });
  it("is late when the unit submits findings after its deadline, even if an extension came too late", () => {
    const events = [ev("2026-11-03T03:00:00Z", "accepted", "assigned", "assign", "2026-11-17T15:59:59Z"), ev("2026-11-18T03:00:00Z", "verifying", "findings_submitted", "submit_findings", "2026-11-25T15:59:59Z")];
    expect(wasLate(events, false, null, false, now)).toBe(true);
  });
  it("counts an approved extension as the new deadline", () => {
    const events = [ev("2026-11-03T03:00:00Z", "accepted", "assigned", "assign", "2026-11-17T15:59:59Z"), ev("2026-11-16T03:00:00Z", "assigned", "assigned", "extend", "2026-11-24T15:59:59Z"), ev("2026-11-20T03:00:00Z", "verifying", "findings_submitted", "submit_findings")];
    expect(wasLate(events, false, null, false, now)).toBe(false);
  });
  it("is late when an open case is past its deadline now, unless the clock is paused", () => {
    expect(wasLate([], true, d("2026-12-01T00:00:00Z"), false, now)).toBe(true);
    expect(wasLate([], true, d("2026-12-01T00:00:00Z"), true, now)).toBe(false);
  });
});

describe("tally and shares", () => {
  const f = (o: Partial<CaseFacts>): CaseFacts => ({ id: 1, kind: "complaint", prefectureCode: "150600", month: "2026-11", accepted: true, concludedAt: null, workingDaysToConclude: null, late: false, rating: null, publicityId: null, ...o });
  const facts = [
    f({ concludedAt: d("2026-11-20T00:00:00Z"), workingDaysToConclude: 8, rating: "satisfied" }),
    f({ concludedAt: d("2026-11-25T00:00:00Z"), workingDaysToConclude: 12, late: true, rating: "unsatisfied" }),
    f({ concludedAt: d("2026-11-26T00:00:00Z"), workingDaysToConclude: 5, rating: "basically_satisfied" }),
    f({ accepted: false }),
    f({ prefectureCode: "150200", month: "2026-10" }),
  ];
  it("counts by hand", () => {
    expect(tally(facts)).toEqual({ received: 5, accepted: 4, concluded: 3, onTime: 2, overdue: 1, medianWorkingDays: 8, ratings: { satisfied: 1, basically_satisfied: 1, unsatisfied: 1 } });
    const by = groupTally(facts, (x) => x.prefectureCode ?? "office");
    expect(by.get("150600")!.received).toBe(4);
    expect(by.get("150200")!.received).toBe(1);
  });
  it("takes the median of even counts as the mean of the middle two", () => {
    expect(median([3, 1, 4, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });
  it("shows small bases as counts, never as percentages", () => {
    expect(share(3, 4)).toEqual({ kind: "small", text: "4 件中 3 件（样本少于 5 件，不计比率）" });
    expect(share(4, 5)).toEqual({ kind: "percent", value: 80, text: "80%" });
    expect(share(0, 0).kind).toBe("none");
    expect(satisfaction(tally(facts)).kind).toBe("small");
  });
});
