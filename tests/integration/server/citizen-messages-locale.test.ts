// Every message to a citizen speaks the language the case was filed in (cases.locale), on PGlite and PostgreSQL,
// with a real SMTP server and a loopback SMS gateway: the receipt, a status change and an access-code recovery of an
// English and of a Mongolian case come out in that language from the track catalog — the mail's text and subject,
// its footer, the SMS template (HTP_RECEIPT_EN …) and its parameters (dates, status) — with no Chinese left, and a
// Chinese case's mail is exactly what it was before languages. An alerts confirmation mail follows the page's
// language and links back to it.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases } from "../../../db/schema.ts";
import { subscribe } from "../../../src/server/alerts.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { performAction, type StaffActor } from "../../../src/server/cases/actions.ts";
import { config } from "../../../src/server/config.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { smtpMailer, type Mailer } from "../../../src/server/mail.ts";
import { configuredChannels, queueReceipt, queueRecoveryCode, sendCitizenMessages } from "../../../src/server/receipts/messages.ts";
import { httpSmsProvider, type SmsProvider } from "../../../src/server/sms.ts";
import { formatShanghai } from "../../../src/domain/time.ts";
import { formatInstant } from "../../../src/i18n/format.ts";
import { m } from "../../../src/paraglide/messages.js";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { testSmsGateway } from "../../support/sms-gateway.ts";
import { testSmtp } from "../../support/smtp.ts";
import { staffActors } from "../../support/staff.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const NOW = new Date("2026-12-01T02:00:00Z");
const DEADLINE = new Date("2026-12-03T09:59:59Z");
const SITE = "https://portal.test";
const HAN = /[\u3400-\u9fff]/;

describe.each(DRIVERS)("messages to citizens in their language on %s", (driver) => {
  let database: TestDatabase;
  let officer: StaffActor;
  let smtp: Awaited<ReturnType<typeof testSmtp>>;
  let gateway: Awaited<ReturnType<typeof testSmsGateway>>;
  let mailer: Mailer;
  let sms: SmsProvider;
  const saved = { SMTP_URL: process.env.SMTP_URL, SMS_URL: process.env.SMS_URL };
  const evidenceDir = mkdtempSync(join(tmpdir(), "htp-locale-"));
  let n = 0;

  /** A case filed in `locale` with an address and a mobile number, and its receipt queued as filing queues it. */
  async function fileIn(locale: "zh" | "en" | "mn") {
    const i = ++n;
    const out = await submitReport({ fields: { kind: "complaint", regionCode: "150621", category: "water", description: `语言测试${i}：小区自来水发黄有异味，已持续一周没有人处理。` }, files: [] }, { db: database.db, evidenceDir, now: NOW });
    const { caseId, trackingNumber } = (out as { receipt: { caseId: number; trackingNumber: string } }).receipt;
    const email = `${locale}-${i}@example.com`;
    const phone = `1391234${String(1000 + i).slice(-4)}`;
    // The language as the report form stores it (the form's own test covers that step).
    await database.db.update(cases).set({ locale, submitterEmail: email, submitterPhone: phone }).where(eq(cases.id, caseId));
    await database.db.transaction((tx) =>
      queueReceipt(tx, { caseId, trackingNumber, accessCode: "ABCDEFGHJK", email, phone, kind: "complaint", receivedAt: NOW, deadlineAt: DEADLINE, provisional: true }, { channels: configuredChannels(), siteUrl: SITE, now: NOW }),
    );
    const before = { mails: smtp.mails.length, texts: gateway.received.length };
    await sendCitizenMessages(database, { mailer, sms }, NOW);
    const mail = smtp.mails.slice(before.mails).find((x) => x.to.includes(email))!;
    const text = gateway.received.slice(before.texts).find((t) => t.body.PhoneNumbers === phone)!;
    return { caseId, trackingNumber, email, phone, mail, text };
  }

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    officer = (await staffActors(database.db))("officer");
    smtp = await testSmtp();
    gateway = await testSmsGateway();
    process.env.SMTP_URL = smtp.url;
    process.env.SMS_URL = gateway.url;
    mailer = smtpMailer(smtp.url, "portal <noreply@portal.test>");
    sms = httpSmsProvider({ url: gateway.url, key: "test-key", secret: "test-sms-secret", signName: "健康城镇监督平台" });
  }, 120_000);
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    mailer?.close();
    await smtp?.stop();
    await gateway?.stop();
    await database?.dispose();
  });

  it("sends an English case's receipt, status change and recovery code in English", async () => {
    const c = await fileIn("en");
    const locale = "en";
    expect(c.mail.subject).toBe(`Receipt: we have received your Complaint (${c.trackingNumber})`);
    expect(c.mail.subject).toBe(m.track_mail_receipt_subject({ kind: m.track_kind_complaint({}, { locale }), number: c.trackingNumber }, { locale }));
    expect(c.mail.text).toContain(`Tracking number: ${c.trackingNumber}`);
    expect(c.mail.text).toContain("Access code: ABCD-EFGH-JK");
    expect(c.mail.text).toContain(`will decide by 3 December 2026 17:59 whether to accept it${m.track_mail_receipt_provisional({}, { locale })}`);
    expect(c.mail.text).toContain(`${SITE}/en/track`);
    expect(c.mail.text.trim().endsWith(m.track_mail_footer({}, { locale }))).toBe(true);
    expect(c.mail.text).not.toMatch(HAN);
    expect(c.text.body.TemplateCode).toBe("HTP_RECEIPT_EN");
    expect(c.text.params).toEqual({ number: c.trackingNumber, code: "ABCD-EFGH-JK", deadline: "3 December 2026 17:59" });

    const before = { mails: smtp.mails.length, texts: gateway.received.length };
    expect(await performAction(database.db, { caseId: c.caseId, version: 0, actor: officer, action: { type: "accept" }, now: NOW })).toMatchObject({ ok: true });
    expect(await sendCitizenMessages(database, { mailer, sms }, NOW)).toBe(2);
    const update = smtp.mails.slice(before.mails).find((x) => x.to.includes(c.email))!;
    expect(update.subject).toBe(`Update on ${c.trackingNumber}: Accepted`);
    expect(update.text).toContain(`Your report (tracking number ${c.trackingNumber}) is now: Accepted.`);
    expect(update.text).not.toMatch(HAN);
    const updateSms = gateway.received.slice(before.texts).find((t) => t.body.PhoneNumbers === c.phone)!;
    expect(updateSms.body.TemplateCode).toBe("HTP_UPDATE_EN");
    expect(updateSms.params).toEqual({ number: c.trackingNumber, status: m.track_state_accepted({}, { locale }) });

    const mails = smtp.mails.length;
    await database.db.transaction((tx) => queueRecoveryCode(tx, { caseId: c.caseId, trackingNumber: c.trackingNumber, email: c.email, phone: c.phone }, "123456", "email", { channels: configuredChannels(), siteUrl: SITE, now: NOW, minutes: 15 }));
    await sendCitizenMessages(database, { mailer, sms }, NOW);
    const recovery = smtp.mails.slice(mails).find((x) => x.to.includes(c.email))!;
    expect(recovery.subject).toBe(m.track_mail_recovery_subject({ number: c.trackingNumber }, { locale }));
    expect(recovery.text).toContain("Your one-time code is: 123456");
    expect(recovery.text).not.toMatch(HAN);
  });

  it("sends a Mongolian case's receipt and status change in Mongolian script", async () => {
    const c = await fileIn("mn");
    const locale = "mn";
    expect(c.mail.subject).toBe(m.track_mail_receipt_subject({ kind: m.track_kind_complaint({}, { locale }), number: c.trackingNumber }, { locale }));
    expect(c.mail.subject).toContain("ᠭᠣᠮᠳᠠᠯ"); // complaint
    expect(c.mail.text).toContain(`ᠬᠠᠢᠯᠲᠠ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ᠄ ${c.trackingNumber}`);
    expect(c.mail.text).toContain("2026-12-03 17:59");
    expect(c.mail.text).toContain(`${SITE}/mn/track`);
    expect(c.mail.text.trim().endsWith(m.track_mail_footer({}, { locale }))).toBe(true);
    expect(c.mail.text).not.toMatch(HAN);
    expect(c.text.body.TemplateCode).toBe("HTP_RECEIPT_MN");
    expect(c.text.params.deadline).toBe("2026-12-03 17:59");

    const before = { mails: smtp.mails.length, texts: gateway.received.length };
    expect(await performAction(database.db, { caseId: c.caseId, version: 0, actor: officer, action: { type: "accept" }, now: NOW })).toMatchObject({ ok: true });
    await sendCitizenMessages(database, { mailer, sms }, NOW);
    const update = smtp.mails.slice(before.mails).find((x) => x.to.includes(c.email))!;
    const accepted = m.track_state_accepted({}, { locale });
    expect(accepted).toBe("ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠭᠰᠠᠨ");
    expect(update.subject).toBe(m.track_mail_update_subject({ number: c.trackingNumber, status: accepted }, { locale }));
    expect(update.text).toContain(accepted);
    expect(update.text).not.toMatch(HAN);
    const updateSms = gateway.received.slice(before.texts).find((t) => t.body.PhoneNumbers === c.phone)!;
    expect(updateSms.body.TemplateCode).toBe("HTP_UPDATE_MN");
    expect(updateSms.params.status).toBe(accepted);
  });

  it("sends a Chinese case's receipt exactly as before languages", async () => {
    const c = await fileIn("zh");
    const office = config().OFFICE_SHORT_NAME;
    expect(c.mail.subject).toBe(`回执：您的投诉已收到（${c.trackingNumber}）`);
    const body = [
      `您的投诉已于${formatShanghai(NOW)}收到。`,
      "",
      `查询编号：${c.trackingNumber}`,
      "查询码：ABCD-EFGH-JK",
      "请妥善保存查询码：本平台只保存它的摘要，不保存明文。",
      "",
      "接下来：",
      `· ${office}将在${formatShanghai(DEADLINE)}前决定是否受理（暂定，节假日安排公布后可能调整）；`,
      `· 受理后交有关盟市或由${office}核实，每次办理状态变化都会再通知您；`,
      `· 凭查询编号和查询码在 ${SITE}/track 查看办理进度；遗失查询码可凭本邮箱在 ${SITE}/track/recover 找回。`,
      "",
      "本邮件不含您反映的内容和证据材料。如非本人提交，请忽略本邮件。",
    ].join("\n");
    // SMTP may fold line ends to CRLF: compare lines.
    expect(c.mail.text.replace(/\r\n/g, "\n").trimEnd()).toBe(`${body}\n\n（本邮件由健康城镇监督平台自动发送）`);
    expect(c.text.body.TemplateCode).toBe("HTP_RECEIPT");
    expect(c.text.params).toEqual({ number: c.trackingNumber, code: "ABCD-EFGH-JK", deadline: formatShanghai(DEADLINE) });
    expect(formatInstant(DEADLINE, "zh")).toBe(formatShanghai(DEADLINE));

    const before = smtp.mails.length;
    await performAction(database.db, { caseId: c.caseId, version: 0, actor: officer, action: { type: "accept" }, now: NOW });
    await sendCitizenMessages(database, { mailer, sms }, NOW);
    const update = smtp.mails.slice(before).find((x) => x.to.includes(c.email))!;
    expect(update.subject).toBe(`办理进度：${c.trackingNumber} 已受理`);
    expect(update.text.replace(/\r\n/g, "\n")).toContain(`您反映的事项（查询编号 ${c.trackingNumber}）办理状态已更新为：已受理。\n\n详情请凭查询编号和查询码在 ${config().SITE_URL}/track 查看。`);
  });

  it("sends the alerts confirmation in the subscription page's language, linking back to it", async () => {
    for (const [locale, prefix, words] of [["en", "/en", "Open the link below to confirm"], ["mn", "/mn", "ᠪᠠᠲᠤᠯᠠᠭᠠᠷᠠᠢ"], ["zh", "", "请打开下面的链接确认订阅"]] as const) {
      const email = `alerts-${locale}@example.com`;
      expect(await subscribe(database, { email, topics: ["notices"] }, NOW, { mailer, siteUrl: SITE, ip: `10.0.0.${locale.length + locale.charCodeAt(0)}`, locale })).toMatchObject({ ok: true });
      const mail = smtp.mails.filter((x) => x.to.includes(email)).at(-1)!;
      expect(mail.subject).toBe(m.track_mail_alerts_confirm_subject({}, { locale }));
      expect(mail.text).toContain(words);
      expect(mail.text).toContain(`· ${locale === "zh" ? "新发布的通知公告" : m.track_alerts_topic_notices({}, { locale })}`);
      expect(mail.text).toContain(`${SITE}${prefix}/alerts/confirm?e=`);
      if (locale !== "zh") expect(mail.text).not.toMatch(HAN);
    }
  });
});
