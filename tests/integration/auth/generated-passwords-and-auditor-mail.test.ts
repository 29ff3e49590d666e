// Issue 15 on PGlite and PostgreSQL: a person whose password an admin generated (created or reset) is sent to change
// it before any other back-office page, and only until they have; seeded accounts are not. The auditor, who sees no
// cases, is mailed no case notices of the office. An evidence download is on record against its case.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, cases, staffUsers } from "../../../db/schema.ts";
import { auditEvidenceDownload } from "../../../src/server/cases/evidence-download.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { gate } from "../../../src/server/auth/gate.ts";
import { createSession, sessionCookieName } from "../../../src/server/auth/sessions.ts";
import { notify } from "../../../src/server/cases/notify.ts";
import { smtpMailer, type Mailer } from "../../../src/server/mail.ts";
import { OFFICE_UNIT_ID } from "../../../src/server/regions.ts";
import { runScheduler } from "../../../src/server/scheduler.ts";
import { changeOwnPassword, createStaff, resetPassword } from "../../../src/server/staff-admin.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { testSmtp } from "../../support/smtp.ts";
import { staffActors } from "../../support/staff.ts";

const NOW = new Date("2026-11-23T02:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describe.each(DRIVERS)("generated passwords and the auditor's mail on %s", (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
  });

  async function where(userId: string, path: string, at: Date) {
    const { token } = await createSession(database.db, userId, at, true);
    const decision = await gate(database.db, { path, search: "", method: "GET", cookie: `${sessionCookieName(false)}=${token}`, secure: false }, at);
    return decision.kind === "redirect" ? decision.location : decision.kind;
  }

  it("sends an account created by admin to change its password first, and lets it go once changed", async () => {
    const db = database.db;
    const actor = (await staffActors(db))("admin");
    const seeded = await db.select({ username: staffUsers.username, must: staffUsers.mustChangePassword }).from(staffUsers);
    expect(seeded.every((u) => !u.must)).toBe(true);

    const created = await createStaff(db, actor, { username: "baotou.handler", displayName: "包头市经办人", role: "handler", unitId: "unit-150200" }, NOW);
    if (!created.ok || !created.password) throw new Error(JSON.stringify(created));
    const [user] = await db.select().from(staffUsers).where(eq(staffUsers.username, "baotou.handler"));
    expect(user!.mustChangePassword).toBe(true);
    expect(await where(user!.id, "/admin", later(1))).toBe("/admin/account?first=1");
    expect(await where(user!.id, "/admin/cases/1", later(1))).toBe("/admin/account?first=1");
    expect(await where(user!.id, "/admin/account", later(1))).toBe("staff");

    const me = { role: "handler" as const, unitId: "unit-150200", userId: user!.id, displayName: "包头市经办人" };
    expect(await changeOwnPassword(db, me, { current: created.password, next: created.password, repeat: created.password }, later(2))).toMatchObject({ ok: false, errors: { next: "新密码不能与当前密码相同" } });
    expect(await changeOwnPassword(db, me, { current: created.password, next: "a much better passphrase", repeat: "a much better passphrase" }, later(2))).toMatchObject({ ok: true });
    expect(await where(user!.id, "/admin/cases", later(3))).toBe("staff");

    expect(await resetPassword(db, actor, user!.id, later(4))).toMatchObject({ ok: true });
    expect(await where(user!.id, "/admin/cases", later(5))).toBe("/admin/account?first=1");
    // Seeded accounts are not asked (their passwords are printed once at first start, to the operator).
    const handler = (await staffActors(db))("handler");
    // (Their passwordChangedAt is the wall clock's time of seeding, not the test's.)
    expect(await where(handler.userId, "/admin/cases", new Date(Date.now() + 60_000))).toBe("staff");
  });

  it("mails the office's case notices to the office's case workers, not to the auditor", async () => {
    const db = database.db;
    const smtp = await testSmtp();
    const mailer: Mailer = smtpMailer(smtp.url, "平台 <noreply@test.invalid>");
    try {
      await db.update(staffUsers).set({ email: "officer@test.invalid" }).where(eq(staffUsers.username, "officer"));
      await db.update(staffUsers).set({ email: "auditor@test.invalid" }).where(eq(staffUsers.username, "auditor"));
      await notify(db, { kind: "reminder", caseId: null, unitId: OFFICE_UNIT_ID, title: "即将到期 测试", body: "请按时办结。" }, later(10));
      await runScheduler(database, later(10), { mailer, siteUrl: "https://portal.test" });
      const mail = smtp.mails.find((m) => m.subject === "即将到期 测试");
      expect(mail?.to).toEqual(["officer@test.invalid"]);
    } finally {
      mailer.close();
      await smtp.stop();
    }
  });

  it("records an evidence download against the case it belongs to", async () => {
    const db = database.db;
    const [c] = await db.select({ id: cases.id, trackingNumber: cases.trackingNumber }).from(cases).limit(1);
    const officer = (await staffActors(db))("officer");
    await auditEvidenceDownload(db, officer, c!.id, { id: 41, filename: "现场照片.jpg" }, later(20));
    const rows = await db.select().from(auditLog).where(and(eq(auditLog.action, "evidence.download"), eq(auditLog.objectId, c!.trackingNumber)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ objectType: "case", actorUserId: officer.userId, details: { evidenceId: 41, filename: "现场照片.jpg" } });
  });
});
