// The case page's arrangement: one primary action, the sensitive ones apart and only from their confirmation screen.
import { describe, expect, it } from "vitest";
import { arrangeActions, CONSEQUENCES, missingConfirmation, SENSITIVE_ACTIONS } from "../../../../src/server/cases/case-page.ts";

describe("case page actions", () => {
  it("makes the stage's next step primary and keeps 不予受理, 合并, 查看身份 apart", () => {
    expect(arrangeActions(["accept", "refuse", "merge", "pause", "reveal"])).toEqual({ primary: "accept", others: ["pause"], sensitive: ["refuse", "merge", "reveal"] });
  });
  it("never makes 办结 primary: a concluded case's primary step is ordering rectification", () => {
    expect(arrangeActions(["order_rectification", "close"])).toEqual({ primary: "order_rectification", others: [], sensitive: ["close"] });
    expect(arrangeActions(["close"])).toEqual({ primary: null, others: [], sensitive: ["close"] });
  });
  it("refuses a sensitive action posted without its confirmation, and only that", () => {
    const offered = ["accept", "refuse"] as const;
    expect(missingConfirmation("refuse", offered, null)).toMatch(/确认页面/);
    expect(missingConfirmation("refuse", offered, "merge")).toMatch(/确认页面/);
    expect(missingConfirmation("refuse", offered, "refuse")).toBeNull();
    expect(missingConfirmation("accept", offered, null)).toBeNull();
    // Not offered: the service answers with its own reason (403 for a handler's 查看身份, 422 for a wrong state).
    expect(missingConfirmation("reveal", offered, null)).toBeNull();
  });
  it("states a consequence for every sensitive action", () => {
    for (const a of SENSITIVE_ACTIONS) expect(CONSEQUENCES[a]).toMatch(/。$/);
  });
});
