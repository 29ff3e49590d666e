// The queue's order and cursor as pure functions: the SQL order must be this one, and a cursor must continue it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareUrgency, decodeCursor, encodeCursor, isAfter, type QueueKey } from "../../../../src/server/cases/queue-cursor.ts";
import { neutralise, workingDaysLeftText } from "../../../../src/server/cases/export.ts";
import { filterQuery } from "../../../../src/server/cases/saved-filters.ts";

const at = (iso: string) => new Date(iso);

describe("queue order", () => {
  it("puts the earliest deadline first, cases without a running deadline last, and breaks ties by id", () => {
    const rows: QueueKey[] = [
      { deadlineAt: null, id: 1 },
      { deadlineAt: at("2026-12-10T15:59:59Z"), id: 7 },
      { deadlineAt: at("2026-11-30T15:59:59Z"), id: 9 }, // overdue on 2 Dec
      { deadlineAt: at("2026-12-10T15:59:59Z"), id: 3 },
      { deadlineAt: null, id: 0 },
    ];
    expect(rows.sort(compareUrgency).map((r) => r.id)).toEqual([9, 3, 7, 0, 1]);
  });

  const key = fc.record({ deadlineAt: fc.option(fc.date({ min: at("2020-01-01T00:00:00Z"), max: at("2030-01-01T00:00:00Z"), noInvalidDate: true }), { nil: null }), id: fc.integer({ min: 1, max: 2_000_000_000 }) });

  it("round-trips every key through its cursor", () => {
    fc.assert(fc.property(key, (k) => {
      expect(decodeCursor(encodeCursor(k))).toEqual(k);
    }));
  });

  it("pages by cursor list every row exactly once, in order, for any page size", () => {
    fc.assert(
      fc.property(fc.uniqueArray(key, { selector: (k) => k.id, maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (keys, size) => {
        const sorted = [...keys].sort(compareUrgency);
        const seen: number[] = [];
        let cursor: string | null = null;
        for (;;) {
          const after = cursor ? decodeCursor(cursor)! : null;
          const page = sorted.filter((k) => !after || isAfter(k, after)).slice(0, size);
          seen.push(...page.map((k) => k.id));
          if (page.length < size) break;
          cursor = encodeCursor(page.at(-1)!);
        }
        expect(seen).toEqual(sorted.map((k) => k.id));
      }),
    );
  });

  it("ignores a forged cursor", () => {
    expect(decodeCursor("not a cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("-|abc").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from("10000-01-01T00:00:00.000Z|5").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from("-|5").toString("base64url"))).toEqual({ deadlineAt: null, id: 5 });
  });
});

describe("export cells and saved filters", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(neutralise("=HYPERLINK(\"x\")")).toBe("'=HYPERLINK(\"x\")");
    expect(neutralise("-1")).toBe("'-1");
    expect(neutralise("张*")).toBe("张*");
  });
  it("writes working days left as a number, paused and stopped clocks in words", () => {
    expect(workingDaysLeftText("running", 3)).toBe("3");
    expect(workingDaysLeftText("overdue", -2)).toBe("-2");
    expect(workingDaysLeftText("paused", 4)).toBe("4（暂停）");
    expect(workingDaysLeftText("none", null)).toBe("—");
  });
  it("keeps only the filter keys of a query string, in a fixed order, without the cursor", () => {
    expect(filterQuery(new URLSearchParams("cursor=abc&q=%E5%9E%83&queue=overdue&x=1&state="))).toBe("queue=overdue&q=%E5%9E%83");
  });
});
