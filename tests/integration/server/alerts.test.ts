// E-mail alerts on PGlite and PostgreSQL with a real SMTP server on loopback: subscribing sends a confirmation, only
// confirmed addresses get alerts, a published notice reaches its subscribers once with a one-click unsubscribe link,
// and after unsubscribing nothing more arrives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmSubscription, subscribe, unsubscribe } from "../../../src/server/alerts.ts";
import { parseConfig } from "../../../src/server/config.ts";
import { limitsFrom } from "../../../src/server/throttle.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import type { StaffActor } from "../../../src/server/cases/actions.ts";
import { smtpMailer, type Mailer } from "../../../src/server/mail.ts";
import { createNotice, publishDraft } from "../../../src/server/publish/notices.ts";
import { recordDesignationEvent } from "../../../src/server/publish/designations.ts";
import { runScheduler } from "../../../src/server/scheduler.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";
import { testSmtp } from "../../support/smtp.ts";

const NOW = new Date("2026-12-01T02:00:00Z");
const SITE = "https://portal.test";

describe.each(DRIVERS)("e-mail alerts on %s", (driver) => {
  let database: TestDatabase;
  let smtp: Awaited<ReturnType<typeof testSmtp>>;
  let mailer: Mailer;
  let officer: StaffActor;
  const linkIn = (text: string, kind: "confirm" | "unsubscribe") => {
    const m = new RegExp(`${SITE}/alerts/${kind}\\?e=([^&\\s]+)&t=([\\w-]+)`).exec(text);
    if (!m) throw new Error(`no ${kind} link in: ${text}`);
    return { email: decodeURIComponent(m[1]!), token: m[2]! };
  };
  const publish = async (title: string) => {
    const n = await createNotice(database.db, officer, { title, type: "notice", issuer: "自治区爱卫办", issuedOn: "2026-12-01", body: "各盟市爱卫会：现将有关事项通知如下。" }, NOW);
    if (!n.ok) throw new Error(n.reason);
    await publishDraft(database.db, officer, n.id, NOW);
  };
  const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));

  beforeAll(async () => {
    database = await freshDatabase(driver);
    smtp = await testSmtp();
    mailer = smtpMailer(smtp.url, "平台 <noreply@test.invalid>");
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    officer = (await staffActors(database.db))("officer");
  }, 120_000);
  afterAll(async () => {
    mailer?.close();
    await smtp?.stop();
    await database?.dispose();
  });

  it("refuses bad input in Chinese and says so when mail is not configured", async () => {
    expect(await subscribe(database, { email: "not-an-email", topics: ["notices"] }, NOW, { mailer, siteUrl: SITE, ip: "10.0.0.1" })).toMatchObject({ ok: false, status: 400, errors: { email: "请填写有效的电子邮箱" } });
    expect(await subscribe(database, { email: "a@test.invalid", topics: [] }, NOW, { mailer, siteUrl: SITE, ip: "10.0.0.1" })).toMatchObject({ ok: false, errors: { topics: "请至少选择一项提醒内容" } });
    expect(await subscribe(database, { email: "a@test.invalid", topics: ["region:150621"] }, NOW, { mailer, siteUrl: SITE, ip: "10.0.0.1" })).toMatchObject({ ok: false, errors: { topics: "提醒内容无效" } });
    expect(await subscribe(database, { email: "a@test.invalid", topics: ["notices"] }, NOW, { mailer: null, siteUrl: SITE, ip: "10.0.0.1" })).toMatchObject({ ok: false, status: 503 });
  });

  it("confirms by the link in the mail, alerts confirmed subscribers once, and stops after one-click unsubscribe", async () => {
    const reader = `reader-${driver}@test.invalid`;
    const lurker = `lurker-${driver}@test.invalid`;
    const local = `ordos-${driver}@test.invalid`;
    expect(await subscribe(database, { email: reader, topics: ["notices"] }, NOW, { mailer, siteUrl: SITE, ip: "10.0.0.1" })).toEqual({ ok: true, email: reader });
    expect(await subscribe(database, { email: lurker, topics: ["notices"] }, NOW, { mailer, siteUrl: SITE, ip: "10.0.0.1" })).toMatchObject({ ok: true });
    expect(await subscribe(database, { email: local, topics: ["region:150600"] }, NOW, { mailer, siteUrl: SITE, ip: "10.0.0.1" })).toMatchObject({ ok: true });
    const confirmation = mailsTo(reader)[0]!;
    expect(confirmation.subject).toBe("请确认订阅健康城镇邮件提醒");
    expect(confirmation.text).toContain("新发布的通知公告");
    const c = linkIn(confirmation.text, "confirm");
    expect(await confirmSubscription(database, c.email, "forged-token", NOW)).toBeNull();
    expect(await confirmSubscription(database, c.email, c.token, NOW)).toBe(1);
    expect(await confirmSubscription(database, local, linkIn(mailsTo(local)[0]!.text, "confirm").token, NOW)).toBe(1);
    // lurker never confirms.

    await publish("关于开展冬季爱国卫生运动的通知");
    await recordDesignationEvent(database.db, officer, { regionCode: "150622", honour: "health_county", kind: "named", occurredOn: "2026-11-30", title: "准格尔旗命名为全国健康县" }, NOW);
    await runScheduler(database, NOW, { mailer, siteUrl: SITE });
    await runScheduler(database, new Date(NOW.getTime() + 60_000), { mailer, siteUrl: SITE });
    const alerts = mailsTo(reader).filter((m) => m.subject.includes("冬季爱国卫生运动"));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toMatch(/https?:\/\/\S+\/notices\/2026-12-01-/);
    expect(alerts[0]!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(alerts[0]!.headers["list-unsubscribe"]).toContain(`${SITE}/alerts/unsubscribe?e=`);
    expect(mailsTo(lurker).filter((m) => m.subject.includes("冬季"))).toHaveLength(0);
    // The 鄂尔多斯市 subscriber hears about 准格尔旗, not about the province-wide notice.
    expect(mailsTo(local).map((m) => m.subject)).toEqual(["请确认订阅健康城镇邮件提醒", "准格尔旗（全国健康县）：命名"]);

    const off = linkIn(alerts[0]!.text, "unsubscribe");
    expect(await unsubscribe(database, off.email, off.token, NOW)).toBe(1);
    await publish("关于做好元旦春节期间爱国卫生工作的通知");
    await runScheduler(database, new Date(NOW.getTime() + 120_000), { mailer, siteUrl: SITE });
    expect(mailsTo(reader).filter((m) => m.subject.includes("元旦春节"))).toHaveLength(0);
  });

  it("sends alerts in the language the subscription was confirmed in, linking to the page in that language", async () => {
    const english = `journalist-${driver}@test.invalid`;
    const mongolian = `herder-${driver}@test.invalid`;
    const linkOf = (text: string, kind: "confirm" | "unsubscribe", locale: "en" | "mn") => {
      const found = new RegExp(`${SITE}/${locale}/alerts/${kind}\\?e=([^&\\s]+)&t=([\\w-]+)`).exec(text);
      if (!found) throw new Error(`no ${locale} ${kind} link in: ${text}`);
      return { email: decodeURIComponent(found[1]!), token: found[2]! };
    };
    await subscribe(database, { email: english, topics: ["notices"] }, NOW, { mailer, siteUrl: SITE, ip: "10.0.2.1", locale: "en" });
    await subscribe(database, { email: mongolian, topics: ["notices"] }, NOW, { mailer, siteUrl: SITE, ip: "10.0.2.2", locale: "mn" });
    expect(mailsTo(english)[0]!.subject).toBe("Please confirm your Healthy Towns email alerts");
    const en = linkOf(mailsTo(english)[0]!.text, "confirm", "en");
    const mn = linkOf(mailsTo(mongolian)[0]!.text, "confirm", "mn");
    expect(await confirmSubscription(database, en.email, en.token, NOW, "en")).toBe(1);
    expect(await confirmSubscription(database, mn.email, mn.token, NOW, "mn")).toBe(1);
    // A later, unconfirmed request from a Chinese page does not change the language of a confirmed subscription.
    await subscribe(database, { email: english, topics: ["notices"] }, NOW, { mailer, siteUrl: SITE, ip: "10.0.2.3", locale: "zh" });

    await publish("关于开展健康县城建设评估的通知");
    await runScheduler(database, new Date(NOW.getTime() + 180_000), { mailer, siteUrl: SITE });
    const [toEnglish] = mailsTo(english).filter((m) => m.subject.includes("健康县城建设评估"));
    expect(toEnglish!.subject).toBe("New notice: 通知：关于开展健康县城建设评估的通知");
    expect(toEnglish!.text).toContain("It is published in Chinese, quoted below");
    expect(toEnglish!.text).toMatch(/https?:\/\/[^/\s]+\/en\/notices\/2026-12-01-\S+/);
    expect(toEnglish!.text).toContain("Unsubscribe from all alerts in one step:");
    expect(toEnglish!.headers["list-unsubscribe"]).toContain(`${SITE}/en/alerts/unsubscribe?e=`);
    const off = linkOf(toEnglish!.text, "unsubscribe", "en");
    expect(off.email).toBe(english);
    const [toMongolian] = mailsTo(mongolian).filter((m) => m.subject.includes("健康县城建设评估"));
    expect(toMongolian!.subject).toBe("ᠰᠢᠨ᠎ᠡ ᠮᠡᠳᠡᠭᠳᠡᠯ ᠵᠠᠷᠯᠠᠯ᠄ 通知：关于开展健康县城建设评估的通知");
    expect(toMongolian!.text).toMatch(/https?:\/\/[^/\s]+\/mn\/notices\/2026-12-01-\S+/);
    expect(toMongolian!.text).not.toMatch(/https?:\/\/[^/\s]+\/notices\//);
  });

  it("limits confirmation mails per client address and per mailbox, also under a parallel burst, and says when to retry", async () => {
    const limits = limitsFrom(parseConfig({ ALERTS_ADDRESS_HOURLY_LIMIT: "4", ALERTS_EMAIL_HOURLY_LIMIT: "2" }));
    const before = smtp.mails.length;
    // 20 requests at once from one address, each for another mailbox: exactly 4 get a mail.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => subscribe(database, { email: `burst-${i}-${driver}@test.invalid`, topics: ["notices"] }, NOW, { mailer, siteUrl: SITE, ip: "10.7.0.1" }, limits)));
    expect(burst.filter((r) => r.ok)).toHaveLength(4);
    const refused = burst.find((r) => !r.ok);
    expect(refused).toEqual({ ok: false, status: 429, reason: "订阅申请过于频繁，请在1小时后再试；如需帮助，请致电自治区爱卫办 0471-6944127", retryAfterMs: 3600_000 });
    expect(smtp.mails.length - before).toBe(4);
    // One mailbox from many addresses: 2 mails an hour, then refused — whoever asks.
    const victim = `victim-${driver}@test.invalid`;
    const asks = await Promise.all(Array.from({ length: 10 }, (_, i) => subscribe(database, { email: victim, topics: ["notices"] }, NOW, { mailer, siteUrl: SITE, ip: `10.7.1.${i}` }, limits)));
    expect(asks.filter((r) => r.ok)).toHaveLength(2);
    expect(asks.filter((r) => !r.ok && r.status === 429)).toHaveLength(8);
    expect(mailsTo(victim)).toHaveLength(2);
    // Another address is not held up by the first one's burst; an hour later the first may ask again.
    expect(await subscribe(database, { email: `other-${driver}@test.invalid`, topics: ["notices"] }, NOW, { mailer, siteUrl: SITE, ip: "10.7.0.2" }, limits)).toMatchObject({ ok: true });
    expect(await subscribe(database, { email: `later-${driver}@test.invalid`, topics: ["notices"] }, new Date(NOW.getTime() + 3600_000), { mailer, siteUrl: SITE, ip: "10.7.0.1" }, limits)).toMatchObject({ ok: true });
  });
});
