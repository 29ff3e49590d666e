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
// Each row is claimed (claimed_at set by a conditional update) before it is sent, so two instances never send it
// twice; a failed send gives the claim back and counts the attempt; a claim older than CLAIM_TIMEOUT_MS (an instance
// that died mid-send) may be taken again.
import { and, asc, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { citizenMessages } from "../../../db/schema.ts";
import { publicStatus, type CaseState, type Finding } from "../../domain/cases.ts";
import { KIND_LABELS } from "../../domain/routing.ts";
import { formatShanghai } from "../../domain/time.ts";
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
}

/** Groups the access code as the receipt shows it: ABCD-EFGH-JK. */
export const groupCode = (code: string) => (code.match(/.{1,4}/g) ?? []).join("-");

async function queue(tx: Tx, c: Contact, kind: "receipt" | "update" | "recovery", mail: { subject: string; text: string } | null, sms: { params: Record<string, string> } | null, channels: Channels, now: Date, only?: "email" | "sms"): Promise<number> {
  const rows: (typeof citizenMessages.$inferInsert)[] = [];
  if (mail && channels.email && c.email && only !== "sms") {
    rows.push({ caseId: c.caseId, kind, channel: "email", recipient: c.email, subject: mail.subject, body: mail.text, createdAt: now });
  }
  if (sms && channels.sms && c.phone && MOBILE.test(c.phone) && only !== "email") {
    rows.push({ caseId: c.caseId, kind, channel: "sms", recipient: c.phone, template: smsTemplate(channels.sms, kind as SmsTemplateKind), params: sms.params, createdAt: now });
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
  const code = groupCode(r.accessCode);
  const deadline = formatShanghai(r.deadlineAt);
  const text = [
    `您的${KIND_LABELS[r.kind]}已于${formatShanghai(r.receivedAt)}收到。`,
    "",
    `查询编号：${r.trackingNumber}`,
    `查询码：${code}`,
    "请妥善保存查询码：本平台只保存它的摘要，不保存明文。",
    "",
    "接下来：",
    `· ${config().OFFICE_SHORT_NAME}将在${deadline}前决定是否受理${r.provisional ? "（暂定，节假日安排公布后可能调整）" : ""}；`,
    `· 受理后交有关盟市或由${config().OFFICE_SHORT_NAME}核实，每次办理状态变化都会再通知您；`,
    `· 凭查询编号和查询码在 ${ctx.siteUrl}/track 查看办理进度；遗失查询码可凭本邮箱在 ${ctx.siteUrl}/track/recover 找回。`,
    "",
    "本邮件不含您反映的内容和证据材料。如非本人提交，请忽略本邮件。",
  ].join("\n");
  return queue(
    tx,
    r,
    "receipt",
    { subject: `回执：您的${KIND_LABELS[r.kind]}已收到（${r.trackingNumber}）`, text },
    { params: { number: r.trackingNumber, code, deadline } },
    ctx.channels,
    ctx.now,
  );
}

/** Called in the case-action transaction when the public status changes. */
export async function queueStatusUpdate(tx: Tx, c: Contact & { state: CaseState; finding: Finding | null }, ctx: { channels: Channels; siteUrl: string; now: Date }): Promise<number> {
  const label = publicStatus(c.state, { finding: c.finding }).label;
  const text = [
    `您反映的事项（查询编号 ${c.trackingNumber}）办理状态已更新为：${label}。`,
    "",
    `详情请凭查询编号和查询码在 ${ctx.siteUrl}/track 查看。`,
    "",
    "本邮件不含您反映的内容和证据材料。",
  ].join("\n");
  return queue(tx, c, "update", { subject: `办理进度：${c.trackingNumber} ${label}`, text }, { params: { number: c.trackingNumber, status: label } }, ctx.channels, ctx.now);
}

/** A one-time recovery code to the one channel asked for. */
export async function queueRecoveryCode(tx: Tx, c: Contact, code: string, channel: "email" | "sms", ctx: { channels: Channels; siteUrl: string; now: Date; minutes: number }): Promise<number> {
  const text = [
    `您正在找回查询编号 ${c.trackingNumber} 的查询码。验证码：${code}`,
    `${ctx.minutes} 分钟内有效，只能使用一次。使用后原查询码即失效，将生成新的查询码。`,
    "如非本人操作，请忽略本邮件，您的查询码不会改变。",
  ].join("\n");
  return queue(tx, c, "recovery", { subject: `找回查询码的验证码（${c.trackingNumber}）`, text }, { params: { number: c.trackingNumber, code, minutes: String(ctx.minutes) } }, ctx.channels, ctx.now, channel);
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
    const [m] = await db
      .update(citizenMessages)
      .set({ claimedAt: now })
      .where(and(eq(citizenMessages.id, p.id), isNull(citizenMessages.sentAt), or(isNull(citizenMessages.claimedAt), lt(citizenMessages.claimedAt, stale))))
      .returning();
    if (!m) continue; // another instance has it
    try {
      if (m.channel === "email") await senders.mailer!.send({ to: m.recipient, subject: m.subject, text: `${m.body ?? ""}\n\n（本邮件由健康城镇监督平台自动发送）` });
      else await senders.sms!.send({ phone: m.recipient, template: m.template ?? "", params: m.params ?? {} });
    } catch (err) {
      await db.update(citizenMessages).set({ claimedAt: null, attempts: m.attempts + 1, lastError: String((err as Error).message ?? err).slice(0, 300) }).where(eq(citizenMessages.id, m.id));
      continue;
    }
    await db.update(citizenMessages).set({ sentAt: now, body: null, params: null, attempts: m.attempts + 1, lastError: null }).where(eq(citizenMessages.id, m.id));
    sent += 1;
  }
  return sent;
}
