// The case clock through the real services on both databases: random histories of the actions the back office offers
// (state changes, pauses, extensions, returns) leave a stored clock that equals the fold of the event log, stored
// deadline columns that equal the domain's answer, and the same answer on the case page, the queue, /track and the
// public rectification list.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases } from "../../../db/schema.ts";
import type { CaseActionType } from "../../../src/domain/cases.ts";
import { clockState, DEFAULT_CLOCK_POLICY } from "../../../src/domain/clock.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { loadCalendar } from "../../../src/server/calendar.ts";
import { performAction, type ActionResult, type StaffActor } from "../../../src/server/cases/actions.ts";
import { decideExtension, pauseClock, requestExtension, resumeClock } from "../../../src/server/cases/clock.ts";
import { clockFromHistory, readClock } from "../../../src/server/cases/clock-store.ts";
import { listCases } from "../../../src/server/cases/queues.ts";
import { caseDetail } from "../../../src/server/cases/view.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { trackCase } from "../../../src/server/intake/track.ts";
import { publicRectifications } from "../../../src/server/rectifications.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { casePayloads } from "../../support/case-actions.ts";
import { staffActors } from "../../support/staff.ts";

const PAYLOADS = casePayloads({ order_rectification: { type: "order_rectification", workingDays: 6, problem: "属性测试：农贸市场周边垃圾堆放。" } });

const stepsArb = fc.array(fc.record({ pick: fc.nat(), hours: fc.integer({ min: 1, max: 24 * 5 }), days: fc.integer({ min: 1, max: 6 }) }), { minLength: 3, maxLength: 14 });

describe.each(DRIVERS)("the case clock through the services on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  let officer: StaffActor;
  let handler: StaffActor;
  let run = 0;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-evidence-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: new Date("2026-11-01T02:00:00Z") });
    const as = await staffActors(database.db);
    officer = as("officer");
    handler = as("handler");
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it("keeps stored clock, columns and every reader equal to the domain rule", async () => {
    await fc.assert(
      fc.asyncProperty(stepsArb, async (steps) => {
        run += 1;
        let now = new Date(Date.UTC(2026, 10, 2, 2) + run * 3600_000);
        const out = await submitReport(
          { fields: { kind: "complaint", regionCode: "150621", category: "sanitation", description: `时限属性测试第 ${run} 件：达拉特旗树林召镇农贸市场周边垃圾堆放。` }, files: [] },
          { db: database.db, evidenceDir, now },
        );
        if (out.status !== "created") throw new Error(JSON.stringify(out));
        const id = out.receipt.caseId;
        for (const step of steps) {
          now = new Date(now.getTime() + step.hours * 3600_000);
          const [c] = await database.db.select().from(cases).where(eq(cases.id, id));
          const office = (await caseDetail(database.db, id, officer, now))!;
          const unit = await caseDetail(database.db, id, handler, now);
          const options: { who: StaffActor; what: string }[] = [
            ...office.actions.filter((a) => a !== "merge").map((what) => ({ who: officer, what })),
            ...office.extras.filter((x) => ["pause", "resume", "request_extension", "decide_extension"].includes(x)).map((what) => ({ who: officer, what })),
            ...(unit ? [...unit.actions.map((what) => ({ who: handler, what })), ...unit.extras.filter((x) => x === "request_extension").map((what) => ({ who: handler, what }))] : []),
          ];
          if (options.length === 0) break;
          const { who, what } = options[step.pick % options.length]!;
          const input = { caseId: id, version: c!.version, actor: who, now };
          let r: ActionResult;
          if (what === "pause") r = await pauseClock(database.db, { ...input, question: "请提供具体位置" });
          else if (what === "resume") r = await resumeClock(database.db, { ...input, answer: "某某路 12 号" });
          else if (what === "request_extension") r = await requestExtension(database.db, { ...input, workingDays: step.days, reason: "需要检测报告" });
          else if (what === "decide_extension") r = await decideExtension(database.db, { ...input, approve: step.pick % 3 !== 0, note: "" });
          else r = await performAction(database.db, { ...input, action: PAYLOADS[what as CaseActionType] });
          // Offered means allowed, except an extension the cap no longer leaves room for.
          if (!r.ok) expect(r.reason).toMatch(/最多延期/);
        }

        const [c] = await database.db.select().from(cases).where(eq(cases.id, id));
        const cal = await loadCalendar(database.db);
        const stored = readClock(c!.clock);
        expect(stored).toEqual(await clockFromHistory(database.db, c!));
        for (const r of stored.runs) expect(r.extendedDays).toBeLessThanOrEqual(DEFAULT_CLOCK_POLICY.extensionCap);
        const state = clockState(stored, now, cal);
        expect(c!.deadlineAt?.getTime() ?? null).toBe(state.deadline?.dueAt.getTime() ?? null);
        expect(c!.deadlineProvisional).toBe(state.deadline?.provisional ?? false);
        expect(c!.pausedAt?.getTime() ?? null).toBe(state.pausedAt?.getTime() ?? null);
        if (state.status === "paused") expect(state.deadline).toBeNull();

        const page = (await caseDetail(database.db, id, officer, now))!;
        expect(page.clock).toEqual(state);
        const listed = (await listCases(database.db, officer, { queue: "all", q: c!.trackingNumber }, now)).rows.find((x) => x.id === id);
        expect(listed?.clock).toEqual(state);
        const tracked = await trackCase(database.db, { trackingNumber: c!.trackingNumber, accessCode: out.receipt.accessCode, ip: `10.9.${run % 250}.1` }, now);
        expect(tracked.status === "found" && tracked.case.clock).toEqual(state);
        if (c!.state === "rectifying" && state.deadline) {
          const fix = (await publicRectifications(database.db, { regionCode: "150621" }, now)).filter((x) => x.problem === "属性测试：农贸市场周边垃圾堆放。");
          expect(fix.map((x) => x.dueOn)).toContain(state.deadline.dueDate);
        }
      }),
      { numRuns: 12 },
    );
  }, 300_000);
});
