import { describe, expect, it } from "vitest";
import { groupTally, median, satisfaction, share, tally, type CaseFacts } from "../../../src/domain/stats.ts";

const d = (s: string) => new Date(s);
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
