// The deadline scheduler on PGlite and PostgreSQL: a reminder one working day before the deadline (once), overdue
// marking after it (once, even with two runners at the same time), and the reminder mail received by a real SMTP
// server on loopback.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { cases, notifications, staffUsers } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { performAction } from "../../../src/server/cases/actions.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { smtpMailer, type Mailer } from "../../../src/server/mail.ts";
import { runScheduler } from "../../../src/server/scheduler.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";
import { testSmtp } from "../../support/smtp.ts";

const MON = new Date("2026-11-23T02:00:00Z"); // Monday 10:00 Shanghai
const FRI_BEFORE = new Date("2026-12-04T02:00:00Z"); // Friday 10:00: deadline Monday 12-07 is one working day away
const TUE_AFTER = new Date("2026-12-08T02:00:00Z"); // Tuesday 10:00: the deadline has passed

describe.each(DRIVERS)("deadline scheduler on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  let smtp: Awaited<ReturnType<typeof testSmtp>>;
  let mailer: Mailer;
  let caseId: number;
  let trackingNumber: string;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-evidence-"));
    smtp = await testSmtp();
    mailer = smtpMailer(smtp.url, "平台 <noreply@test.invalid>");
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: MON });
    await database.db.update(staffUsers).set({ email: "ordos-handler@test.invalid" }).where(eq(staffUsers.username, "handler"));
    const officer = (await staffActors(database.db))("officer");
    const out = await submitReport(
      { fields: { kind: "complaint", regionCode: "150621", category: "sanitation", description: "调度测试：达拉特旗镇区主街垃圾堆放多日无人清运，气味很大。" }, files: [] },
      { db: database.db, evidenceDir, now: MON },
    );
    if (out.status !== "created") throw new Error(JSON.stringify(out));
    caseId = out.receipt.caseId;
    trackingNumber = out.receipt.trackingNumber;
    await performAction(database.db, { caseId, version: 0, actor: officer, action: { type: "accept" }, now: MON });
    await performAction(database.db, { caseId, version: 1, actor: officer, action: { type: "assign", unitId: "unit-150600" }, now: MON });
  }, 120_000);
  afterAll(async () => {
    mailer?.close();
    await smtp?.stop();
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  const mine = (kind: "reminder" | "overdue") =>
    database.db.select().from(notifications).where(and(eq(notifications.caseId, caseId), eq(notifications.kind, kind)));

  it("reminds the unit one working day before the deadline, once, and mails it", async () => {
    const [c] = await database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c!.deadlineAt!.toISOString()).toBe("2026-12-07T15:59:59.000Z");
    expect(await mine("reminder")).toHaveLength(0);
    const run = await runScheduler(database, FRI_BEFORE, { mailer, siteUrl: "https://portal.test" });
    expect(run.ran).toBe(true);
    const reminders = await mine("reminder");
    expect(reminders.map((n) => n.unitId)).toEqual(["unit-150600"]);
    await runScheduler(database, new Date(FRI_BEFORE.getTime() + 3600_000), { mailer });
    expect(await mine("reminder")).toHaveLength(1);

    const mails = smtp.mails.filter((m) => m.subject.includes(trackingNumber));
    expect(mails.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/^新交办受理件/), expect.stringMatching(/^即将到期/)]));
    const reminder = mails.find((m) => m.subject.startsWith("即将到期"))!;
    expect(reminder.to).toEqual(["ordos-handler@test.invalid"]);
    expect(reminder.text).toContain("核实期限 2026年12月7日，请按时办结");
    expect(reminder.text).toContain(`https://portal.test/admin/cases/${caseId}`);
  });

  it("marks the case overdue after the deadline, once, even with two runners at the same time", async () => {
    const runs = await Promise.all([runScheduler(database, TUE_AFTER), runScheduler(database, TUE_AFTER)]);
    expect(runs.reduce((n, r) => n + r.overdue, 0)).toBeGreaterThanOrEqual(1);
    const [c] = await database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c!.overdueAt?.toISOString()).toBe(TUE_AFTER.toISOString());
    const overdue = await mine("overdue");
    expect(overdue.map((n) => n.unitId).sort()).toEqual(["office", "unit-150600"]);
    await runScheduler(database, new Date(TUE_AFTER.getTime() + 3600_000));
    expect(await mine("overdue")).toHaveLength(2);
  });
});
