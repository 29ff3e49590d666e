// Receipts and updates to the filer 回执与进度通知. When an e-mail address or a mobile number was given at filing, the
// receipt (tracking number, access code, what happens next, the acceptance deadline) and every public status change
// are queued in citizen_messages in the same transaction as the case, and sent by the scheduler's mail job through
// the same nodemailer path as staff mail and alerts, or by SMS (src/server/sms.ts).
//
// What is at rest: the access code must travel through the queue, so the queued body holds it in clear — but only
// until the message is sent: sending blanks body and SMS parameters (null) in the same statement that marks it sent,
// and rows that could not be sent within MESSAGE_LIFETIME_MS are blanked too. A channel that is not configured
// (no SMTP_URL, no SMS_URL) gets no rows at all. Messages never carry the report's text, the evidence or the name.
//
// Every message is in the language the case was filed in (cases.locale: the report form's language), texts from
// the track catalog (messages/track, keys track_mail_… and track_sms_…). An SMS in English or Mongolian goes to its
// own provider template, the Chinese template's code with _EN or _MN appended (HTP_RECEIPT_EN), whose registered text
// is the catalog's track_sms_… message; its parameters (dates, status) are in that language too.
//
// Each row is claimed (claimed_at set by a conditional update) before it is sent, so two instances never send it
// twice; a failed send gives the claim back and counts the attempt; a claim older than CLAIM_TIMEOUT_MS (an instance
// that died mid-send) may be taken again.
import { and, asc, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { cases, citizenMessages } from "../../../db/schema.ts";
import type { CaseState, Finding } from "../../domain/cases.ts";
import type { KIND_LABELS } from "../../domain/routing.ts";
import { formatInstant } from "../../i18n/format.ts";
import { kindName, publicStatusLabel } from "../../i18n/labels-case.ts";
import { m } from "../../paraglide/messages.js";
import { isLocale, type Locale } from "../../paraglide/runtime.js";
import { config, mailConfigured } from "../config.ts";
import type { Database, Tx } from "../db.ts";
import type { Mailer } from "../mail.ts";
import { MOBILE, smsConfig, smsTemplate, type SmsConfig, type SmsProvider, type SmsTemplateKind } from "../sms.ts";

export const MESSAGE_LIFETIME_MS = 3 * 24 * 3600 * 1000;
export const CLAIM_TIMEOUT_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 8;

/** Which channels may be queued: a channel nobody can send on gets no rows (and so stores no code). */
export interface Channels {
  email: boolean;
  sms: SmsConfig | null;
}

/** From the settings as they are now: SMTP_URL for mail, SMS_URL for SMS. */
export function configuredChannels(env?: Record<string, string | undefined>): Channels {
  const sms = smsConfig(env);
  return { email: mailConfigured(env), sms: sms.SMS_URL ? sms : null };
}

export interface Contact {
  caseId: number;
  trackingNumber: string;
  email: string | null;
  phone: string | null;
  /** The case's language; read from the case when not given. */
  locale?: Locale;
}

/** The language a case was filed in (Chinese for cases from before languages, or a value this code doesn't know). */
export async function caseLocale(tx: Pick<Tx, "select">, caseId: number): Promise<Locale> {
  const [c] = await tx.select({ locale: cases.locale }).from(cases).where(eq(cases.id, caseId)).limit(1);
  return c && isLocale(c.locale) ? c.locale : "zh";
}

/** The provider template of a kind of SMS in a language: Chinese as configured, others with _EN / _MN appended. */
export function smsTemplateFor(cfg: SmsConfig, kind: SmsTemplateKind, locale: Locale): string {
  const base = smsTemplate(cfg, kind);
  return locale === "zh" ? base : `${base}_${locale.toUpperCase()}`;
}

/** Groups the access code as the receipt shows it: ABCD-EFGH-JK. */
export const groupCode = (code: string) => (code.match(/.{1,4}/g) ?? []).join("-");

async function queue(tx: Tx, c: Contact, locale: Locale, kind: "receipt" | "update" | "recovery", mail: { subject: string; text: string } | null, sms: { params: Record<string, string> } | null, channels: Channels, now: Date, only?: "email" | "sms"): Promise<number> {
  const rows: (typeof citizenMessages.$inferInsert)[] = [];
  if (mail && channels.email && c.email && only !== "sms") {
    rows.push({ caseId: c.caseId, kind, channel: "email", recipient: c.email, subject: mail.subject, body: mail.text, createdAt: now });
  }
  if (sms && channels.sms && c.phone && MOBILE.test(c.phone) && only !== "email") {
    rows.push({ caseId: c.caseId, kind, channel: "sms", recipient: c.phone, template: smsTemplateFor(channels.sms, kind as SmsTemplateKind, locale), params: sms.params, createdAt: now });
  }
  if (rows.length) await tx.insert(citizenMessages).values(rows);
  return rows.length;
}

/** Called in the submission transaction: the receipt to the address and mobile number given, if any. */
export async function queueReceipt(
  tx: Tx,
  r: Contact & { accessCode: string; kind: keyof typeof KIND_LABELS; receivedAt: Date; deadlineAt: Date; provisional: boolean },
  ctx: { channels: Channels; siteUrl: string; now: Date },
): Promise<number> {
  const locale = r.locale ?? (await caseLocale(tx, r.caseId));
  const code = groupCode(r.accessCode);
  const deadline = formatInstant(r.deadlineAt, locale);
  const kind = kindName(r.kind, locale);
  const provisional = r.provisional ? m.track_mail_receipt_provisional({}, { locale }) : "";
  const text = m.track_mail_receipt_body({ kind, received: formatInstant(r.receivedAt, locale), number: r.trackingNumber, code, office: config().OFFICE_SHORT_NAME, deadline, provisional, site: ctx.siteUrl }, { locale });
  return queue(
    tx,
    r,
    locale,
    "receipt",
    { subject: m.track_mail_receipt_subject({ kind, number: r.trackingNumber }, { locale }), text },
    { params: { number: r.trackingNumber, code, deadline } },
    ctx.channels,
    ctx.now,
  );
}

/** Called in the case-action transaction when the public status changes. */
export async function queueStatusUpdate(tx: Tx, c: Contact & { state: CaseState; finding: Finding | null }, ctx: { channels: Channels; siteUrl: string; now: Date }): Promise<number> {
  const locale = c.locale ?? (await caseLocale(tx, c.caseId));
  const label = publicStatusLabel(c.state, { finding: c.finding }, locale);
  const text = m.track_mail_update_body({ number: c.trackingNumber, status: label, site: ctx.siteUrl }, { locale });
  return queue(tx, c, locale, "update", { subject: m.track_mail_update_subject({ number: c.trackingNumber, status: label }, { locale }), text }, { params: { number: c.trackingNumber, status: label } }, ctx.channels, ctx.now);
}

/** A one-time recovery code to the one channel asked for. */
export async function queueRecoveryCode(tx: Tx, c: Contact, code: string, channel: "email" | "sms", ctx: { channels: Channels; siteUrl: string; now: Date; minutes: number }): Promise<number> {
  const locale = c.locale ?? (await caseLocale(tx, c.caseId));
  const text = m.track_mail_recovery_body({ number: c.trackingNumber, code, minutes: ctx.minutes }, { locale });
  return queue(tx, c, locale, "recovery", { subject: m.track_mail_recovery_subject({ number: c.trackingNumber }, { locale }), text }, { params: { number: c.trackingNumber, code, minutes: String(ctx.minutes) } }, ctx.channels, ctx.now, channel);
}

/** The queue's context from the process's configuration, for the services that write it. */
export function messageContext(now: Date): { channels: Channels; siteUrl: string; now: Date } {
  return { channels: configuredChannels(), siteUrl: config().SITE_URL, now };
}

/** Sends what is queued; returns the number sent. Mail without a mailer and SMS without a provider wait. */
export async function sendCitizenMessages(database: Database, senders: { mailer?: Mailer | null | undefined; sms?: SmsProvider | null | undefined }, now: Date): Promise<number> {
  const db = database.db;
  // Whatever could not be sent in time is given up, and its codes with it.
  await db
    .update(citizenMessages)
    .set({ body: null, params: null, lastError: "expired" })
    .where(and(isNull(citizenMessages.sentAt), lt(citizenMessages.createdAt, new Date(now.getTime() - MESSAGE_LIFETIME_MS)), or(isNotNull(citizenMessages.body), isNotNull(citizenMessages.params))));
  const stale = new Date(now.getTime() - CLAIM_TIMEOUT_MS);
  const pending = await db
    .select({ id: citizenMessages.id, channel: citizenMessages.channel })
    .from(citizenMessages)
    .where(and(isNull(citizenMessages.sentAt), lt(citizenMessages.attempts, MAX_ATTEMPTS), or(isNotNull(citizenMessages.body), isNotNull(citizenMessages.params)), or(isNull(citizenMessages.claimedAt), lt(citizenMessages.claimedAt, stale))))
    .orderBy(asc(citizenMessages.id))
    .limit(50);
  let sent = 0;
  for (const p of pending) {
    if (p.channel === "email" ? !senders.mailer : !senders.sms) continue;
    const [row] = await db
      .update(citizenMessages)
      .set({ claimedAt: now })
      .where(and(eq(citizenMessages.id, p.id), isNull(citizenMessages.sentAt), or(isNull(citizenMessages.claimedAt), lt(citizenMessages.claimedAt, stale))))
      .returning();
    if (!row) continue; // another instance has it
    try {
      if (row.channel === "email") {
        const footer = m.track_mail_footer({}, { locale: await caseLocale(db, row.caseId) });
        await senders.mailer!.send({ to: row.recipient, subject: row.subject, text: `${row.body ?? ""}\n\n${footer}` });
      } else await senders.sms!.send({ phone: row.recipient, template: row.template ?? "", params: row.params ?? {} });
    } catch (err) {
      await db.update(citizenMessages).set({ claimedAt: null, attempts: row.attempts + 1, lastError: String((err as Error).message ?? err).slice(0, 300) }).where(eq(citizenMessages.id, row.id));
      continue;
    }
    await db.update(citizenMessages).set({ sentAt: now, body: null, params: null, attempts: row.attempts + 1, lastError: null }).where(eq(citizenMessages.id, row.id));
    sent += 1;
  }
  return sent;
}
