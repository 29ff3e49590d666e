// Access-code recovery on PGlite and PostgreSQL with a real SMTP server: tracking number + the e-mail given at filing
// → a one-time code by mail → a new access code; the old code stops working; wrong codes, strangers' addresses and
// anonymous reports get nothing; requests are throttled; both steps are audited.
import { and, eq } from "drizzle-orm";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, cases, citizenMessages } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { hashAccessCode } from "../../../src/server/codes.ts";
import { confirmRecovery, requestRecovery } from "../../../src/server/intake/recovery.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { smtpMailer, type Mailer } from "../../../src/server/mail.ts";
import { sendCitizenMessages } from "../../../src/server/receipts/messages.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { testSmsGateway } from "../../support/sms-gateway.ts";
import { testSmtp } from "../../support/smtp.ts";
import { httpSmsProvider } from "../../../src/server/sms.ts";

const NOW = new Date("2026-12-01T02:00:00Z");

describe.each(DRIVERS)("access-code recovery on %s", (driver) => {
  let database: TestDatabase;
  let smtp: Awaited<ReturnType<typeof testSmtp>>;
  let mailer: Mailer;
  const saved = process.env.SMTP_URL;
  const evidenceDir = mkdtempSync(join(tmpdir(), "htp-recovery-"));
  let n = 0;
  const fieldsOf = (fields: Record<string, string>, i: number) => ({ kind: "complaint", regionCode: "150621", category: "sanitation", description: `找回测试${i}：公园公厕长期无人打扫，气味难闻。`, ...fields });
  const file = async (fields: Record<string, string>, idempotencyKey?: string) => {
    const out = await submitReport({ fields: fieldsOf(fields, ++n), files: [], idempotencyKey: idempotencyKey ? `${idempotencyKey}-${driver}` : null }, { db: database.db, evidenceDir, now: NOW });
    return (out as { receipt: { caseId: number; trackingNumber: string; accessCode: string } }).receipt;
  };
  const codeFromMail = async (to: string) => {
    const before = smtp.mails.length;
    await sendCitizenMessages(database, { mailer }, NOW);
    const mail = smtp.mails.slice(before).find((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase()) && m.subject.includes("验证码"));
    return /验证码：(\d{6})/.exec(mail?.text ?? "")?.[1] ?? null;
  };
  const hashOf = async (caseId: number) => (await database.db.select({ h: cases.accessCodeHash }).from(cases).where(eq(cases.id, caseId)))[0]!.h;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    smtp = await testSmtp();
    process.env.SMTP_URL = smtp.url;
    mailer = smtpMailer(smtp.url, "portal <noreply@portal.test>");
  }, 120_000);
  afterAll(async () => {
    if (saved === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = saved;
    mailer?.close();
    await smtp?.stop();
    await database?.dispose();
  });

  it("replaces the access code after a one-time code sent to the filing address; the old code stops working", async () => {
    const r = await file({ email: "Filer@Example.com" }, "recover-key-1");
    await sendCitizenMessages(database, { mailer }, NOW); // the receipt
    const asked = await requestRecovery(database.db, { trackingNumber: r.trackingNumber.toLowerCase(), contact: " filer@example.com ", ip: "10.9.0.1" }, NOW, { sendNow: false });
    expect(asked.status).toBe("sent");
    const code = await codeFromMail("Filer@Example.com");
    expect(code).toMatch(/^\d{6}$/);
    // The queued body is blanked once sent: the code is not at rest in clear.
    const rows = await database.db.select().from(citizenMessages).where(and(eq(citizenMessages.caseId, r.caseId), eq(citizenMessages.kind, "recovery")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ body: null, sentAt: NOW });

    const wrongCode = code === "000000" ? "111111" : "000000";
    expect(await confirmRecovery(database.db, { trackingNumber: r.trackingNumber, code: wrongCode, ip: "10.9.0.1" }, NOW)).toMatchObject({ status: "wrong" });
    const ok = await confirmRecovery(database.db, { trackingNumber: r.trackingNumber, code: code!, ip: "10.9.0.1" }, NOW);
    expect(ok.status).toBe("recovered");
    const fresh = (ok as { accessCode: string }).accessCode;
    expect(fresh).not.toBe(r.accessCode);
    expect(await hashOf(r.caseId)).toBe(hashAccessCode(fresh));
    expect(await hashOf(r.caseId)).not.toBe(hashAccessCode(r.accessCode));
    // A retry of the filing with its Idempotency-Key no longer replays the old code.
    const retried = await submitReport({ fields: fieldsOf({ email: "Filer@Example.com" }, 1), files: [], idempotencyKey: `recover-key-1-${driver}` }, { db: database.db, evidenceDir, now: NOW });
    expect(retried).toMatchObject({ status: "duplicate", trackingNumber: r.trackingNumber });
    // One use only.
    expect(await confirmRecovery(database.db, { trackingNumber: r.trackingNumber, code: code!, ip: "10.9.0.1" }, NOW)).toMatchObject({ status: "wrong" });
    const audit = await database.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.objectId, r.trackingNumber));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["case.access_code_recovery_requested", "case.access_code_replaced"]));
    expect(JSON.stringify(audit)).not.toContain(code!);
  });

  it("recovers by SMS to the mobile number given at filing, written any usual way", async () => {
    const gateway = await testSmsGateway();
    const savedSms = process.env.SMS_URL;
    process.env.SMS_URL = gateway.url;
    try {
      const r = await file({ phone: "13912345670" });
      const sms = httpSmsProvider({ url: gateway.url, key: "k", secret: "s", signName: "健康城镇监督平台" });
      await sendCitizenMessages(database, { sms }, NOW); // the receipt
      expect(await requestRecovery(database.db, { trackingNumber: r.trackingNumber, contact: "+86 139 1234 5670", ip: "10.9.0.7" }, NOW, { sendNow: false })).toMatchObject({ status: "sent" });
      await sendCitizenMessages(database, { sms }, NOW);
      const text = gateway.received.find((t) => t.body.TemplateCode === "HTP_RECOVERY" && t.params.number === r.trackingNumber)!;
      expect(text.body.PhoneNumbers).toBe("13912345670");
      const ok = await confirmRecovery(database.db, { trackingNumber: r.trackingNumber, code: text.params.code!, ip: "10.9.0.7" }, NOW);
      expect(ok.status).toBe("recovered");
      expect(await hashOf(r.caseId)).toBe(hashAccessCode((ok as { accessCode: string }).accessCode));
    } finally {
      if (savedSms === undefined) delete process.env.SMS_URL;
      else process.env.SMS_URL = savedSms;
      await gateway.stop();
    }
  });

  it("sends nothing to a stranger's address or for an anonymous report, with the same answer", async () => {
    const named = await file({ email: "owner@example.com" });
    const anon = await file({});
    const a = await requestRecovery(database.db, { trackingNumber: named.trackingNumber, contact: "someone@example.com", ip: "10.9.0.2" }, NOW, { sendNow: false });
    const b = await requestRecovery(database.db, { trackingNumber: anon.trackingNumber, contact: "someone@example.com", ip: "10.9.0.2" }, NOW, { sendNow: false });
    const c = await requestRecovery(database.db, { trackingNumber: "GS20261201999999", contact: "someone@example.com", ip: "10.9.0.2" }, NOW, { sendNow: false });
    expect(a).toEqual(b);
    expect(b).toEqual(c);
    for (const caseId of [named.caseId, anon.caseId]) {
      expect(await database.db.select().from(citizenMessages).where(and(eq(citizenMessages.caseId, caseId), eq(citizenMessages.kind, "recovery")))).toEqual([]);
    }
  });

  it("dies after five wrong codes and throttles requests per tracking number", async () => {
    const r = await file({ email: "many@example.com" });
    await requestRecovery(database.db, { trackingNumber: r.trackingNumber, contact: "many@example.com", ip: "10.9.0.3" }, NOW, { sendNow: false });
    const code = await codeFromMail("many@example.com");
    const wrongCode = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) expect((await confirmRecovery(database.db, { trackingNumber: r.trackingNumber, code: wrongCode, ip: "10.9.0.3" }, NOW)).status).toBe("wrong");
    expect((await confirmRecovery(database.db, { trackingNumber: r.trackingNumber, code: code!, ip: "10.9.0.3" }, NOW)).status).toBe("wrong");
    expect(await hashOf(r.caseId)).toBe(hashAccessCode(r.accessCode));
    await requestRecovery(database.db, { trackingNumber: r.trackingNumber, contact: "many@example.com", ip: "10.9.0.4" }, NOW, { sendNow: false });
    await requestRecovery(database.db, { trackingNumber: r.trackingNumber, contact: "many@example.com", ip: "10.9.0.5" }, NOW, { sendNow: false });
    expect(await requestRecovery(database.db, { trackingNumber: r.trackingNumber, contact: "many@example.com", ip: "10.9.0.6" }, NOW, { sendNow: false })).toMatchObject({ status: "throttled" });
  });
});
