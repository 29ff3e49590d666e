// E-mail alerts 邮件提醒: anyone may subscribe to new notices, new publicity lists, or everything about one
// league/city. Double opt-in (a confirmation link), and a one-click unsubscribe link (RFC 8058) in every mail.
// Links carry an HMAC of the address with a server secret, so no token is stored. Alerts are queued in the
// publishing transaction and sent by the same mail job as staff notifications. Every confirmation mail is counted per
// client address and per e-mail address and hour, so nobody can make the portal send mail without end.
// The confirmation mail is in the language of the page the subscription was made from, and its link leads back to
// that language (/en/alerts/confirm…); confirming there makes it the subscription's language, which its alerts use.
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { alertDeliveries, alertQueue, regions, subscriptions } from "../../db/schema.ts";
import type { Database, Tx } from "./db.ts";
import { invalidForm } from "./form-errors.ts";
import type { Mailer } from "./mail.ts";
import { localHref } from "../i18n/locales.ts";
import { localName } from "../i18n/names.ts";
import { m } from "../paraglide/messages.js";
import type { Locale } from "../paraglide/runtime.js";
import { serverSecret } from "./secrets.ts";
import { limitMessage, limits as configuredLimits, throttleTakeAll, type Limits } from "./throttle.ts";

export type AlertKind = (typeof alertQueue.$inferInsert)["kind"];
export const TOPIC_LABELS = { notices: "新发布的通知公告", publicity: "新的社会公示" } as const;

async function sign(tx: Tx, purpose: "confirm" | "unsubscribe", email: string): Promise<string> {
  return createHmac("sha256", await serverSecret(tx, "alerts")).update(`${purpose}:${email}`).digest("base64url");
}
async function verify(tx: Tx, purpose: "confirm" | "unsubscribe", email: string, token: string): Promise<boolean> {
  const want = Buffer.from(await sign(tx, purpose, email));
  const got = Buffer.from(token);
  return want.length === got.length && timingSafeEqual(want, got);
}
export async function alertLink(tx: Tx, siteUrl: string, purpose: "confirm" | "unsubscribe", email: string, locale: Locale = "zh"): Promise<string> {
  return `${siteUrl}${locale === "zh" ? "" : `/${locale}`}/alerts/${purpose}?e=${encodeURIComponent(email)}&t=${await sign(tx, purpose, email)}`;
}

const input = z.object({
  email: z.email("请填写有效的电子邮箱").max(120, "电子邮箱过长").transform((s) => s.trim().toLowerCase()),
  topics: z.array(z.string()).min(1, "请至少选择一项提醒内容").max(20),
});

export type SubscribeResult =
  | { ok: true; email: string }
  | { ok: false; status: 400 | 503; reason: string; errors?: Record<string, string> }
  | { ok: false; status: 429; reason: string; retryAfterMs: number };

async function topicLabel(tx: Tx, topic: string, locale: Locale = "zh"): Promise<string | null> {
  if (topic in TOPIC_LABELS) return locale === "zh" ? TOPIC_LABELS[topic as keyof typeof TOPIC_LABELS] : topic === "notices" ? m.track_alerts_topic_notices({}, { locale }) : m.track_alerts_topic_publicity({}, { locale });
  const code = /^region:(\d{6})$/.exec(topic);
  if (!code) return null;
  const [r] = await tx.select({ name: regions.name, nameEn: regions.nameEn, level: regions.level }).from(regions).where(eq(regions.code, code[1]!));
  if (r?.level !== "prefecture") return null;
  return locale === "zh" ? `${r.name}的全部动态` : m.track_alerts_topic_region({ region: localName(r, locale).text }, { locale });
}

/** `ip` is the trusted client address (Astro.locals.client.address): the limits are counted by it. */
export async function subscribe(
  database: Database,
  form: { email: unknown; topics: unknown },
  now: Date,
  mail: { mailer: Mailer | null; siteUrl: string; ip: string; locale?: Locale },
  limits: Limits = configuredLimits(),
): Promise<SubscribeResult> {
  if (!mail.mailer) return { ok: false, status: 503, reason: "本站暂未开通邮件发送，暂时无法订阅邮件提醒；可以使用 Atom 订阅或日历订阅。" };
  const parsed = input.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const { email, topics } = parsed.data;
  const db = database.db;
  const labels: string[] = [];
  for (const t of [...new Set(topics)]) {
    const label = await topicLabel(db, t, mail.locale);
    if (!label) return { ok: false, status: 400, reason: "提醒内容无效", errors: { topics: "提醒内容无效" } };
    labels.push(label);
  }
  // Each confirmation mail counts against the client address's limit and the mailbox's, taken in one statement each
  // (a refusal by either leaves the other as it was: no mail was sent).
  const taken = await throttleTakeAll(db, [{ key: `alerts:ip:${mail.ip}`, policy: limits.alertsAddress }, { key: `alerts:email:${email}`, policy: limits.alertsEmail }], now);
  if (!taken.allowed) return { ok: false, status: 429, reason: limitMessage("订阅申请过于频繁", taken.retryAfterMs), retryAfterMs: taken.retryAfterMs };
  const locale = mail.locale ?? "zh";
  for (const t of [...new Set(topics)]) {
    await db
      .insert(subscriptions)
      .values({ email, topic: t, status: "pending", locale, createdAt: now })
      .onConflictDoUpdate({ target: [subscriptions.email, subscriptions.topic], set: { status: "pending", locale, createdAt: now, unsubscribedAt: null }, setWhere: eq(subscriptions.status, "unsubscribed") });
  }
  // The same answer whether or not the address was known: nobody learns who subscribes to what.
  const link = await alertLink(db, mail.siteUrl, "confirm", email, locale);
  await mail.mailer.send({
    to: email,
    subject: m.track_mail_alerts_confirm_subject({}, { locale }),
    text: m.track_mail_alerts_confirm_body({ topics: labels.map((l) => `· ${l}`).join("\n"), link }, { locale }),
  });
  return { ok: true, email };
}

/**
 * `locale` is the language of the confirmation page, whose link the mailbox's owner opened: alerts come in it (an
 * unconfirmed request never changes the language of a confirmed subscription).
 */
export async function confirmSubscription(database: Database, email: string, token: string, now: Date, locale: Locale = "zh"): Promise<number | null> {
  const db = database.db;
  if (!(await verify(db, "confirm", email, token))) return null;
  const done = await db.update(subscriptions).set({ status: "confirmed", confirmedAt: now, locale }).where(and(eq(subscriptions.email, email), eq(subscriptions.status, "pending"))).returning({ id: subscriptions.id });
  return done.length;
}

export async function unsubscribe(database: Database, email: string, token: string, now: Date): Promise<number | null> {
  const db = database.db;
  if (!(await verify(db, "unsubscribe", email, token))) return null;
  const done = await db.update(subscriptions).set({ status: "unsubscribed", unsubscribedAt: now }).where(and(eq(subscriptions.email, email), inArray(subscriptions.status, ["pending", "confirmed"]))).returning({ id: subscriptions.id });
  return done.length;
}

/** Called in the publishing transaction. */
export async function enqueueAlert(tx: Tx, a: { kind: AlertKind; title: string; url: string; summary?: string; prefectureCodes?: string[] }, now: Date): Promise<void> {
  await tx.insert(alertQueue).values({ kind: a.kind, title: a.title, url: a.url, summary: a.summary ?? "", prefectureCodes: [...new Set(a.prefectureCodes ?? [])], createdAt: now });
}

const KIND_TOPIC: Partial<Record<AlertKind, string>> = { notice: "notices", publicity: "publicity" };

/** Sends queued alerts to confirmed subscribers, one mail per address, never twice. */
export async function sendAlerts(database: Database, mailer: Mailer, now: Date, siteUrl: string): Promise<number> {
  const db = database.db;
  const pending = await db.select().from(alertQueue).where(isNull(alertQueue.doneAt)).orderBy(asc(alertQueue.id)).limit(20);
  let sent = 0;
  for (const a of pending) {
    const topics = [KIND_TOPIC[a.kind], ...a.prefectureCodes.map((c) => `region:${c}`)].filter((t): t is string => !!t);
    const subs = topics.length ? await subscribersOf(db, topics) : [];
    const done = new Set((await db.select({ email: alertDeliveries.email }).from(alertDeliveries).where(eq(alertDeliveries.alertId, a.id))).map((d) => d.email));
    for (const { email, locale } of subs) {
      if (done.has(email)) continue;
      // Claim first so that a second runner skips it; a failed send gives the claim back for the next run.
      const claimed = await db.insert(alertDeliveries).values({ alertId: a.id, email, sentAt: now }).onConflictDoNothing().returning();
      if (claimed.length === 0) continue;
      const off = await alertLink(db, siteUrl, "unsubscribe", email, locale);
      try {
        await mailer.send({
          to: email,
          ...alertMail(a, off, locale),
          headers: { "List-Unsubscribe": `<${off}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        });
        sent += 1;
      } catch (err) {
        await db.delete(alertDeliveries).where(and(eq(alertDeliveries.alertId, a.id), eq(alertDeliveries.email, email)));
        throw err;
      }
    }
    await db.update(alertQueue).set({ doneAt: now }).where(eq(alertQueue.id, a.id));
  }
  return sent;
}

/** Confirmed subscribers to any of `topics`, once each, in the language of their latest confirmed subscription. */
async function subscribersOf(tx: Tx, topics: string[]): Promise<{ email: string; locale: Locale }[]> {
  const rows = await tx
    .select({ email: subscriptions.email, locale: subscriptions.locale })
    .from(subscriptions)
    .where(and(inArray(subscriptions.topic, topics), eq(subscriptions.status, "confirmed")))
    .orderBy(asc(subscriptions.email), asc(subscriptions.confirmedAt), asc(subscriptions.id));
  return [...new Map(rows.map((r) => [r.email, r])).values()];
}

const KIND_LABEL: Record<AlertKind, (locale: Locale) => string> = {
  notice: (locale) => m.track_mail_alert_kind_notice({}, { locale }),
  publicity: (locale) => m.track_mail_alert_kind_publicity({}, { locale }),
  designation: (locale) => m.track_mail_alert_kind_designation({}, { locale }),
  rectification: (locale) => m.track_mail_alert_kind_rectification({}, { locale }),
};

/**
 * The alert in the subscriber's language: what was published is Chinese (written at publishing time, before any
 * translation exists), so English and Mongolian mails say what kind of news it is, quote the Chinese and link to the
 * page in the reader's language, where a translation shows once staff add one.
 */
export function alertMail(a: { kind: AlertKind; title: string; summary: string; url: string }, unsubscribe: string, locale: Locale): { subject: string; text: string } {
  const kind = KIND_LABEL[a.kind](locale);
  const url = localUrl(a.url, locale);
  const summary = a.summary ? `${a.summary}\n` : "";
  return {
    subject: m.track_mail_alert_subject({ kind, title: a.title }, { locale }),
    // `{summary}` carries its own line break, so a notice without one has no blank line.
    text: m.track_mail_alert_body({ kind, title: a.title, summary, url, unsubscribe }, { locale }),
  };
}

/** A queued page address (always one of this portal's) in `locale`: /notices/x → /en/notices/x. */
function localUrl(address: string, locale: Locale): string {
  const url = new URL(address);
  url.pathname = localHref(url.pathname, locale);
  return url.href;
}
