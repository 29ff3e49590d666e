// The case clock (DESIGN.md §4): each defect issue 13 found, as a case, then properties over random histories.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarYearFromPublished, WorkingCalendar, type CalendarYear } from "../../../src/domain/calendar.ts";
import {
  allowedActions,
  transition,
  type Actor,
  type CaseActionType,
  type CaseSnapshot,
  type CaseState,
} from "../../../src/domain/cases.ts";
import {
  advanceClock,
  checkExtension,
  checkPause,
  checkResume,
  clockFromEvents,
  clockState,
  currentRun,
  DEFAULT_CLOCK_POLICY,
  describeClock,
  NO_CLOCK,
  pausedWorkingDays,
  stageOutcome,
  stageWorkingDays,
  wasLate,
  type CaseClock,
  type ClockEvent,
} from "../../../src/domain/clock.ts";
import { workingDaysBetween, workingDeadline } from "../../../src/domain/deadlines.ts";
import { addCalendarDays, isWeekend, shanghaiAt, shanghaiDate } from "../../../src/domain/time.ts";
import { casePayloads, ORDOS_UNIT } from "../../support/case-actions.ts";
import { fixtureCalendar } from "./chinese-days-fixture.ts";

const cal = fixtureCalendar([2026], [2027, 2028]);
const t = (date: string, time = "10:00") => shanghaiAt(date, time);
const complaint = { objection: false };

function run(events: [string, string, number?][], ctx = complaint): { clock: CaseClock; events: ClockEvent[] } {
  const list = events.map(([action, at, workingDays]) => ({ action, at: at.includes("T") ? new Date(at) : t(at), ...(workingDays ? { workingDays } : {}) }));
  return { clock: clockFromEvents(list, ctx), events: list };
}

describe("stage periods", () => {
  it("ships DESIGN.md's defaults", () => {
    expect([stageWorkingDays("accept", false), stageWorkingDays("accept", true)]).toEqual([2, 1]);
    expect(stageWorkingDays("assign", false)).toBe(2);
    expect([stageWorkingDays("verify", false), stageWorkingDays("verify", true)]).toEqual([10, 5]);
    expect([stageWorkingDays("review", false), stageWorkingDays("rectify", false), DEFAULT_CLOCK_POLICY.extensionCap]).toEqual([3, 20, 10]);
  });

  it("takes configured periods", () => {
    const { clock } = run([["submit", "2026-11-02"]], { objection: false });
    const custom = clockFromEvents([{ action: "submit", at: t("2026-11-02") }], { objection: false, policy: { ...DEFAULT_CLOCK_POLICY, accept: 5 } });
    expect(clockState(clock, t("2026-11-02"), cal).deadline!.dueDate).toBe("2026-11-04");
    expect(clockState(custom, t("2026-11-02"), cal).deadline!.dueDate).toBe("2026-11-09");
  });

  it("reproduces DESIGN's example: 5 working days from 2026-09-29 end on 2026-10-12 (an objection's verification)", () => {
    const { clock } = run([["submit", "2026-09-28"], ["accept", "2026-09-28"], ["assign", "2026-09-29"]], { objection: true });
    expect(clockState(clock, t("2026-09-30"), cal)).toMatchObject({ status: "running", stage: "verify", deadline: { dueDate: "2026-10-12" } });
  });
});

describe("the defects issue 13 found", () => {
  it("gives 受理 → 交办 its own deadline (it had none: 当前期限 —)", () => {
    const { clock } = run([["submit", "2026-11-02"], ["accept", "2026-11-03"]]);
    const s = clockState(clock, t("2026-11-03", "11:00"), cal);
    expect(s).toMatchObject({ status: "running", stage: "assign", deadline: { dueDate: "2026-11-05" }, workingDaysLeft: 2 });
  });

  it("ends a pause when its stage ends: pause while 待受理 → accept → assign leaves verification running", () => {
    const { clock } = run([["submit", "2026-11-02"], ["pause", "2026-11-02"], ["accept", "2026-11-04"], ["assign", "2026-11-04"]]);
    const s = clockState(clock, t("2026-11-30"), cal);
    expect(s.status).toBe("overdue"); // 10 working days from 11-04 end on 11-18
    expect(s.deadline!.dueDate).toBe("2026-11-18");
    expect(checkResume(clock).ok).toBe(false);
    // The pause lengthened the acceptance stage only: 11-02 and 11-03 given back.
    expect(clock.runs[0]!.pauses).toEqual([{ from: t("2026-11-02"), to: t("2026-11-04") }]);
  });

  it("never shows a paused case as overdue, however late", () => {
    const { clock } = run([["submit", "2026-11-02"], ["accept", "2026-11-02"], ["assign", "2026-11-02"], ["pause", "2026-11-05"]]);
    const s = clockState(clock, t("2026-12-30"), cal);
    expect(s).toMatchObject({ status: "paused", deadline: null, workingDaysLeft: 8 });
    expect(describeClock(s)).toBe("暂停计时（待补充材料，恢复计时后还剩 8 个工作日）");
    expect(wasLate(clock, t("2026-12-30"), cal)).toBe(false);
  });

  it("caps extensions per stage across its states: +10 while assigned, start, +1 is refused", () => {
    const { clock } = run([["submit", "2026-11-02"], ["accept", "2026-11-02"], ["assign", "2026-11-02"], ["extend", "2026-11-05", 10], ["start", "2026-11-06"]]);
    expect(checkExtension(clock, 1)).toEqual({ ok: false, reason: "每个办理阶段最多延期 10 个工作日；本阶段已延期 10 个工作日，最多还可延期 0 个工作日（申请 1 个工作日）" });
  });

  it("keeps the verification deadline and its extension when findings are returned (12-21 fell back to 12-16)", () => {
    const { clock: before } = run([["submit", "2026-12-01"], ["accept", "2026-12-01"], ["assign", "2026-12-02"], ["extend", "2026-12-10", 3]]);
    expect(clockState(before, t("2026-12-10"), cal).deadline!.dueDate).toBe("2026-12-21");
    const { clock } = run([["submit", "2026-12-01"], ["accept", "2026-12-01"], ["assign", "2026-12-02"], ["extend", "2026-12-10", 3], ["submit_findings", "2026-12-14"], ["return_findings", "2026-12-15"]]);
    expect(clockState(clock, t("2026-12-15"), cal)).toMatchObject({ stage: "verify", deadline: { dueDate: "2026-12-21" }, extendedDays: 3 });
    expect(checkExtension(clock, 8).ok).toBe(false);
  });

  it("starts a new unit's verification afresh after a return to the office", () => {
    const { clock } = run([["submit", "2026-11-02"], ["accept", "2026-11-02"], ["assign", "2026-11-02"], ["extend", "2026-11-03", 10], ["return_to_office", "2026-11-04"], ["assign", "2026-11-05"]]);
    expect(clockState(clock, t("2026-11-05"), cal)).toMatchObject({ stage: "verify", deadline: { dueDate: "2026-11-19" }, extendedDays: 0 });
    expect(checkExtension(clock, 10).ok).toBe(true);
  });

  it("starts verification at acceptance when the office handles the case itself", () => {
    const { clock } = run([["submit", "2026-11-02"], ["accept", "2026-11-03"], ["handle_self", "2026-11-05"]]);
    expect(clockState(clock, t("2026-11-05"), cal).deadline!.dueDate).toBe("2026-11-17");
  });

  it("moves the public rectification date with an extension and a pause", () => {
    const base: [string, string, number?][] = [["submit", "2026-11-02"], ["accept", "2026-11-02"], ["assign", "2026-11-02"], ["submit_findings", "2026-11-06"], ["conclude", "2026-11-09"], ["order_rectification", "2026-11-10", 5]];
    const ordered = run(base).clock;
    expect(stageOutcome(ordered, "rectify", t("2026-11-10"), cal)!.deadline.dueDate).toBe("2026-11-17");
    const extended = run([...base, ["extend", "2026-11-12", 2]]).clock;
    expect(stageOutcome(extended, "rectify", t("2026-11-12"), cal)!.deadline.dueDate).toBe("2026-11-19");
    const resumed = run([...base, ["extend", "2026-11-12", 2], ["pause", "2026-11-13"], ["resume", "2026-11-18"]]).clock;
    // 11-13, 11-16, 11-17 given back
    expect(stageOutcome(resumed, "rectify", t("2026-11-18"), cal)!.deadline.dueDate).toBe("2026-11-24");
    expect(clockState(resumed, t("2026-11-18"), cal).deadline!.dueDate).toBe("2026-11-24");
    // Reported on time and rejected: the stage continues with the same public date.
    const rejected = run([...base, ["report_rectification", "2026-11-16"], ["reject_rectification", "2026-11-18"]]).clock;
    expect(stageOutcome(rejected, "rectify", t("2026-11-18"), cal)).toMatchObject({ deadline: { dueDate: "2026-11-17" }, late: true, running: true });
  });

  it("flags a deadline in an unpublished year as provisional until the schedule is loaded", () => {
    const { clock } = run([["submit", "2026-12-28"], ["accept", "2026-12-28"], ["assign", "2026-12-29"]]);
    const provisional = clockState(clock, t("2026-12-29"), cal);
    expect(provisional.deadline).toMatchObject({ dueDate: "2027-01-13", provisional: true });
    expect(describeClock(provisional)).toContain("2027年1月13日（暂定）");
    const published = fixtureCalendar([2026, 2027]);
    expect(clockState(clock, t("2026-12-29"), published).deadline!.provisional).toBe(false);
  });

  it("leaves at least the rest of the answer's day after a pause on the due date, even answered on a Saturday", () => {
    const { clock } = run([["submit", "2026-11-02"], ["pause", "2026-11-04", undefined], ["resume", "2026-11-07"]]);
    const s = clockState(clock, t("2026-11-07", "12:00"), cal);
    expect(s.status).not.toBe("overdue");
    expect(s.deadline!.dueDate).toBe("2026-11-09");
  });
});

describe("pause and resume checks", () => {
  it("pauses only a running clock, once", () => {
    expect(checkPause(NO_CLOCK)).toEqual({ ok: false, reason: "当前阶段没有正在计算的期限，无需暂停" });
    const { clock } = run([["submit", "2026-11-02"], ["pause", "2026-11-02"]]);
    expect(checkPause(clock).ok).toBe(false);
    expect(checkResume(clock).ok).toBe(true);
    expect(pausedWorkingDays({ from: t("2026-11-06"), to: t("2026-11-09") }, cal)).toBe(1); // Friday given back; Monday counts
    expect(pausedWorkingDays({ from: t("2026-11-06", "09:00"), to: t("2026-11-06", "17:00") }, cal)).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties over random histories: actions the state machine allows, pauses, extensions, returns and calendars.

const officer: Actor = { role: "officer", userId: "o" };
const handler: Actor = { role: "handler", unitId: ORDOS_UNIT, userId: "h" };
const PAYLOADS = casePayloads({ order_rectification: { type: "order_rectification", workingDays: 7 } });

/** A random calendar: 2026–2028 with random holidays and make-up Saturdays, each year published or provisional. */
const calendarArb = fc
  .tuple(...[2026, 2027, 2028].map((year) => fc.record({ year: fc.constant(year), provisional: fc.boolean(), offsets: fc.uniqueArray(fc.integer({ min: 0, max: 364 }), { maxLength: 25 }) })))
  .map((years) =>
    new WorkingCalendar(
      years.map(({ year, provisional, offsets }): CalendarYear => {
        const days = offsets.map((o) => addCalendarDays(`${year}-01-01`, o)).map((date) => ({ date, kind: isWeekend(date) ? ("makeup_workday" as const) : ("holiday" as const), name: "假" }));
        return { ...calendarYearFromPublished(year, days), provisional };
      }),
    ),
  );

/** One step: a choice among what is allowed now, and how much time passes before it (hours). */
const stepsArb = fc.array(fc.record({ pick: fc.nat(), hours: fc.integer({ min: 0, max: 24 * 9 }), days: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 30 });

/** The test's own record of pauses and extensions, kept apart from the clock's, per stage run they happened in. */
interface Ledger {
  pauses: { run: number; from: Date; to: Date | null }[];
  extensions: { run: number; days: number }[];
}

interface Simulated {
  ledger: Ledger;
  history: ClockEvent[];
  clock: CaseClock;
  state: CaseState;
  now: Date;
  objection: boolean;
}

function simulate(steps: { pick: number; hours: number; days: number }[], objection: boolean, cal: WorkingCalendar): Simulated {
  let now = shanghaiAt("2026-03-02", "09:00");
  let clock = advanceClock(NO_CLOCK, { action: "submit", at: now }, { objection });
  const history: ClockEvent[] = [{ action: "submit", at: now }];
  let state: CaseState = "submitted";
  let finding: CaseSnapshot["finding"] = null;
  let ordered = false;
  const ledger: Ledger = { pauses: [], extensions: [] };
  const closePauses = () => ledger.pauses.forEach((p) => (p.to ??= now));
  for (const step of steps) {
    now = new Date(now.getTime() + step.hours * 3600_000);
    const snapshot: CaseSnapshot = { id: 1, state, kind: objection ? "objection" : "complaint", assignedUnitId: ORDOS_UNIT, finding, rectificationOrdered: ordered, returnDeadline: new Date("2099-01-01"), clock };
    const options: string[] = [...allowedActions(snapshot, officer, now), ...allowedActions(snapshot, handler, now)];
    if (checkPause(clock).ok) options.push("pause");
    if (checkResume(clock).ok) options.push("resume");
    if (checkExtension(clock, step.days).ok) options.push("extend");
    if (options.length === 0) break;
    const choice = options[step.pick % options.length]!;
    if (choice === "pause" || choice === "resume" || choice === "extend") {
      const e: ClockEvent = { action: choice, at: now, ...(choice === "extend" ? { workingDays: step.days } : {}) };
      if (choice === "pause") ledger.pauses.push({ run: clock.current!, from: now, to: null });
      if (choice === "resume") closePauses();
      if (choice === "extend") ledger.extensions.push({ run: clock.current!, days: step.days });
      clock = advanceClock(clock, e, { objection });
      history.push(e);
      continue;
    }
    const type = choice as CaseActionType;
    const actor = ["start", "submit_findings", "report_rectification", "return_to_office"].includes(type) ? handler : officer;
    const r = transition(snapshot, PAYLOADS[type], actor, now);
    if (!r.ok) throw new Error(`allowed action refused: ${type} from ${state}: ${r.reason}`);
    // Any step but 开始核实 leaves the stage, and a pause belongs to the stage in which it began.
    if (type !== "start") closePauses();
    clock = r.clock;
    history.push({ action: r.event.action, at: now, ...(r.event.workingDays ? { workingDays: r.event.workingDays } : {}) });
    state = r.to;
    if (r.event.finding) finding = r.event.finding;
    if (type === "order_rectification") ordered = true;
  }
  return { ledger, history, clock, state, now, objection };
}

/** The formula of DESIGN.md §4 from the test's ledger: start + working days + extensions + paused working days. */
function formula(sim: Simulated, cal: WorkingCalendar): string | null {
  const index = sim.clock.current;
  if (index === null) return null;
  const pauses = sim.ledger.pauses.filter((p) => p.run === index);
  if (pauses.some((p) => p.to === null)) return null;
  const extended = sim.ledger.extensions.filter((e) => e.run === index).reduce((n, e) => n + e.days, 0);
  let paused = 0;
  // Working days d with from ≤ d < to, counted day by day.
  for (const p of pauses) for (let d = shanghaiDate(p.from); d < shanghaiDate(p.to!); d = addCalendarDays(d, 1)) if (cal.isWorkingDay(d)) paused += 1;
  const r = sim.clock.runs[index]!;
  return workingDeadline(r.startedAt, r.workingDays + extended + paused, cal).dueDate;
}

describe("clock properties (fast-check)", () => {
  const params = { numRuns: 300 };
  type Check = (steps: { pick: number; hours: number; days: number }[], objection: boolean, cal: WorkingCalendar, laterHours: number) => void;
  const prop = (check: Check) => fc.property(stepsArb, fc.boolean(), calendarArb, fc.integer({ min: 0, max: 24 * 40 }), check);

  it("the stored fold equals the fold of the history, and the deadline equals the domain formula", () => {
    fc.assert(
      prop((steps, objection, cal) => {
        const sim = simulate(steps, objection, cal);
        expect(clockFromEvents(sim.history, { objection })).toEqual(sim.clock);
        const s = clockState(sim.clock, sim.now, cal);
        expect(s.deadline?.dueDate ?? null).toBe(formula(sim, cal));
      }),
      params,
    );
  });

  it("no stage run ever holds more extension than the cap", () => {
    fc.assert(
      prop((steps, objection, cal) => {
        const sim = simulate(steps, objection, cal);
        for (const r of sim.clock.runs) expect(r.extendedDays).toBeLessThanOrEqual(DEFAULT_CLOCK_POLICY.extensionCap);
      }),
      params,
    );
  });

  it("a paused case is never overdue, an overdue one is past its deadline, and a running one is not", () => {
    fc.assert(
      prop((steps, objection, cal, laterHours) => {
        const sim = simulate(steps, objection, cal);
        const at = new Date(sim.now.getTime() + laterHours * 3600_000);
        const s = clockState(sim.clock, at, cal);
        const run = currentRun(sim.clock);
        if (run?.pauses.some((p) => p.to === null)) expect(s.status).toBe("paused");
        if (s.status === "overdue") expect(at.getTime()).toBeGreaterThan(s.deadline!.dueAt.getTime());
        if (s.status === "running" || s.status === "due_soon") expect(at.getTime()).toBeLessThanOrEqual(s.deadline!.dueAt.getTime());
        if (s.deadline) expect(s.workingDaysLeft).toBe(workingDaysBetween(at, s.deadline.dueDate, cal));
        if (["not_accepted", "closed", "merged", "concluded"].includes(sim.state)) expect(s.status).toBe("none");
        else expect(s.status).not.toBe("none");
      }),
      params,
    );
  });

  it("the public rectification date is the case's own while it rectifies", () => {
    fc.assert(
      prop((steps, objection, cal) => {
        const sim = simulate(steps, objection, cal);
        const s = clockState(sim.clock, sim.now, cal);
        if (sim.state === "rectifying" && s.deadline) {
          expect(stageOutcome(sim.clock, "rectify", sim.now, cal)!.deadline).toEqual(s.deadline);
        }
      }),
      params,
    );
  });
});
