// Receipts and status updates to the filer on PGlite and PostgreSQL, with a real SMTP server and a loopback SMS
// gateway: filing with an e-mail address and a mobile number queues the receipt with the case; the mail job sends it
// once by mail and once by SMS (signed), without the report's text; the stored body is blanked once sent; a public
// status change reaches the filer too; two senders at once never send a message twice; an anonymous filing queues
// nothing.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, citizenMessages } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { performAction, type StaffActor } from "../../../src/server/cases/actions.ts";
import { decideReexamination } from "../../../src/server/cases/feedback.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { smtpMailer, type Mailer } from "../../../src/server/mail.ts";
import { sendCitizenMessages } from "../../../src/server/receipts/messages.ts";
import { runScheduler } from "../../../src/server/scheduler.ts";
import { httpSmsProvider, signSmsRequest, type SmsProvider } from "../../../src/server/sms.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { testSmsGateway } from "../../support/sms-gateway.ts";
import { testSmtp } from "../../support/smtp.ts";
import { staffActors } from "../../support/staff.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const NOW = new Date("2026-12-01T02:00:00Z");
const SECRET = "test-sms-secret";

describe.each(DRIVERS)("receipts and updates on %s", (driver) => {
  let database: TestDatabase;
  let officer: StaffActor;
  let smtp: Awaited<ReturnType<typeof testSmtp>>;
  let gateway: Awaited<ReturnType<typeof testSmsGateway>>;
  let mailer: Mailer;
  let sms: SmsProvider;
  const saved = { SMTP_URL: process.env.SMTP_URL, SMS_URL: process.env.SMS_URL };
  const evidenceDir = mkdtempSync(join(tmpdir(), "htp-receipts-"));
  let n = 0;
  const file = (fields: Record<string, string>) =>
    submitReport({ fields: { kind: "complaint", regionCode: "150621", category: "water", description: `回执测试${++n}：小区自来水发黄有异味，已持续一周没有人处理。`, ...fields }, files: [] }, { db: database.db, evidenceDir, now: NOW });

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    officer = (await staffActors(database.db))("officer");
    smtp = await testSmtp();
    gateway = await testSmsGateway();
    process.env.SMTP_URL = smtp.url;
    process.env.SMS_URL = gateway.url;
    mailer = smtpMailer(smtp.url, "portal <noreply@portal.test>");
    sms = httpSmsProvider({ url: gateway.url, key: "test-key", secret: SECRET, signName: "健康城镇监督平台" });
  }, 120_000);
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    mailer?.close();
    await smtp?.stop();
    await gateway?.stop();
    await database?.dispose();
  });

  it("mails and texts the receipt once, without the report's text, and blanks the stored body once sent", async () => {
    const out = await file({ email: "filer@example.com", phone: "13912345678", name: "张三" });
    expect(out.status).toBe("created");
    const receipt = (out as { receipt: { caseId: number; trackingNumber: string; accessCode: string } }).receipt;
    const queued = await database.db.select().from(citizenMessages).where(eq(citizenMessages.caseId, receipt.caseId));
    expect(queued.map((m) => m.channel).sort()).toEqual(["email", "sms"]);

    const mails = smtp.mails.length;
    const texts = gateway.received.length;
    const run = await runScheduler(database, NOW, { mailer, sms, siteUrl: "https://portal.test" });
    expect(run.mailed).toBeGreaterThanOrEqual(2);
    const mail = smtp.mails.slice(mails).find((m) => m.to.includes("filer@example.com"))!;
    expect(mail.subject).toContain(receipt.trackingNumber);
    const grouped = (receipt.accessCode.match(/.{1,4}/g) ?? []).join("-");
    expect(mail.text).toContain(grouped);
    expect(mail.text).toMatch(/前决定是否受理/);
    expect(mail.text).toContain("/track");
    expect(mail.text).not.toMatch(/自来水发黄|张三/);

    const text = gateway.received.slice(texts).find((t) => t.body.PhoneNumbers === "13912345678")!;
    expect(text.body.TemplateCode).toBe("HTP_RECEIPT");
    expect(text.params).toMatchObject({ number: receipt.trackingNumber, code: grouped });
    expect(text.raw).not.toMatch(/自来水发黄|张三/);
    // Signed with the secret over path, timestamp, nonce and the body's digest.
    expect(text.headers["x-sms-key"]).toBe("test-key");
    expect(text.headers["x-sms-signature"]).toBe(signSmsRequest(SECRET, "/sms/send", text.headers["x-sms-timestamp"]!, text.headers["x-sms-nonce"]!, text.raw));

    const after = await database.db.select().from(citizenMessages).where(eq(citizenMessages.caseId, receipt.caseId));
    for (const m of after) expect(m).toMatchObject({ sentAt: NOW, body: null, params: null });
    expect(JSON.stringify(after)).not.toContain(receipt.accessCode);
    // Nothing left to send: a second run sends nothing more.
    expect(await sendCitizenMessages(database, { mailer, sms }, NOW)).toBe(0);
  });

  it("tells the filer of each public status change", async () => {
    const out = await file({ email: "update@example.com", phone: "13912340000" });
    const caseId = (out as { receipt: { caseId: number } }).receipt.caseId;
    await sendCitizenMessages(database, { mailer, sms }, NOW);
    const mails = smtp.mails.length;
    expect(await performAction(database.db, { caseId, version: 0, actor: officer, action: { type: "accept" }, now: NOW })).toMatchObject({ ok: true });
    expect(await sendCitizenMessages(database, { mailer, sms }, NOW)).toBe(2);
    const mail = smtp.mails.slice(mails).find((m) => m.to.includes("update@example.com"))!;
    expect(mail.text).toContain("已受理");
    expect(mail.text).not.toMatch(/自来水发黄/);
    expect(gateway.received.at(-1)!.body.TemplateCode).toBe("HTP_UPDATE");
  });

  it("tells the filer of the decision on their re-examination request, reopened or upheld", async () => {
    for (const reopen of [true, false]) {
      const out = await file({ email: `reexam-${reopen}@example.com` });
      const caseId = (out as { receipt: { caseId: number } }).receipt.caseId;
      await sendCitizenMessages(database, { mailer, sms }, NOW);
      // A closed case whose filer asked for re-examination (the steps there are tested in tests/integration/cases).
      await database.db.update(cases).set({ state: "closed", closedAt: NOW, reexamRequestedAt: NOW, finding: "unsubstantiated" }).where(eq(cases.id, caseId));
      const mails = smtp.mails.length;
      const decided = await decideReexamination(database.db, { caseId, version: 0, actor: officer, now: NOW, reopen, reply: "已复查。" });
      expect(decided).toMatchObject({ ok: true });
      expect(await sendCitizenMessages(database, { mailer, sms }, NOW)).toBe(1);
      const mail = smtp.mails.slice(mails).find((m) => m.to.includes(`reexam-${reopen}@example.com`))!;
      expect(mail.text).toContain(reopen ? "已受理" : "已办结");
    }
  });

  it("keeps a message queued while the gateway fails and sends each message once when two senders race", async () => {
    gateway.failing.on = true;
    const out = await file({ phone: "13900001111" });
    const caseId = (out as { receipt: { caseId: number } }).receipt.caseId;
    expect(await sendCitizenMessages(database, { sms }, NOW)).toBe(0);
    const [failed] = await database.db.select().from(citizenMessages).where(eq(citizenMessages.caseId, caseId));
    expect(failed).toMatchObject({ sentAt: null, claimedAt: null, attempts: 1 });
    expect(failed!.params).not.toBeNull();
    gateway.failing.on = false;
    for (let i = 0; i < 4; i++) await file({ email: `race${i}@example.com` });
    const before = { mails: smtp.mails.length, texts: gateway.received.length };
    const [a, b] = await Promise.all([sendCitizenMessages(database, { mailer, sms }, NOW), sendCitizenMessages(database, { mailer, sms }, NOW)]);
    expect(a + b).toBe(5);
    expect(smtp.mails.length - before.mails).toBe(4);
    expect(gateway.received.length - before.texts).toBe(1);
  });

  it("queues nothing for an anonymous filing or a landline", async () => {
    const anon = await file({});
    const landline = await file({ phone: "0471-6944127" });
    for (const out of [anon, landline]) {
      const caseId = (out as { receipt: { caseId: number } }).receipt.caseId;
      expect(await database.db.select().from(citizenMessages).where(eq(citizenMessages.caseId, caseId))).toEqual([]);
    }
  });
});
