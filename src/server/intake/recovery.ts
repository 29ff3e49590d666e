// Access-code recovery 找回查询码: tracking number + the mobile number or e-mail address given at filing → a one-time
// code sent there → a new access code (the old one stops working at once). Anonymous reports cannot be recovered:
// there is nowhere to send the code, and the receipt says so.
//
// - The answer to a request is the same whether or not the number and contact match, so nobody learns who filed
//   what; only the mailbox or phone that was given receives anything.
// - The one-time code is six digits, stored as an HMAC with a server secret, valid RECOVERY_MINUTES, used once,
//   dead after RECOVERY_MAX_FAILURES wrong tries; a newer request replaces older codes.
// - Throttled in the database (throttleHit): requests per tracking number and per client address, and code tries
//   per tracking number and per client address.
// - Audited (appendAudit): every code sent and every access code replaced, with the channel, never the code.
import { createHmac, randomInt, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { accessCodeRecoveries, cases, submissionKeys } from "../../../db/schema.ts";
import { normalizePhone } from "../../domain/report.ts";
import { generateAccessCode } from "../../domain/tracking.ts";
import { appendAudit } from "../audit.ts";
import { hashAccessCode } from "../codes.ts";
import { config } from "../config.ts";
import type { Database, Db, Tx } from "../db.ts";
import { configuredMailer } from "../mail.ts";
import { configuredChannels, queueRecoveryCode, sendCitizenMessages } from "../receipts/messages.ts";
import { serverSecret } from "../secrets.ts";
import { configuredSms } from "../sms.ts";
import { describeWait, throttleHit, type ThrottlePolicy } from "../throttle.ts";

export const RECOVERY_MINUTES = 15;
export const RECOVERY_MAX_FAILURES = 5;
const HOUR = 3600_000;
/** Codes sent per tracking number and per client address. */
const REQUEST_PER_NUMBER: ThrottlePolicy = { limit: 3, windowMs: HOUR, blockMs: HOUR };
const REQUEST_PER_ADDRESS: ThrottlePolicy = { limit: 10, windowMs: HOUR, blockMs: HOUR };
/** Code tries per tracking number and per client address. */
const CONFIRM_PER_NUMBER: ThrottlePolicy = { limit: 10, windowMs: HOUR, blockMs: HOUR };
const CONFIRM_PER_ADDRESS: ThrottlePolicy = { limit: 20, windowMs: HOUR, blockMs: HOUR };

export const SENT_MESSAGE = `如果查询编号与您填写的手机号码或电子邮箱相符，验证码已经发出，${RECOVERY_MINUTES} 分钟内有效。请查收后在下方输入。匿名提交的事项无法找回查询码。`;

export type RecoveryRequestResult =
  | { status: "sent"; message: string }
  | { status: "invalid"; errors: Record<string, string> }
  | { status: "throttled"; message: string; retryAfterMs: number };

export type RecoveryConfirmResult =
  | { status: "recovered"; trackingNumber: string; accessCode: string }
  | { status: "wrong"; message: string }
  | { status: "invalid"; errors: Record<string, string> }
  | { status: "throttled"; message: string; retryAfterMs: number };

const TRACKING = /^GS\d{14}$/;
const cleanNumber = (s: string) => s.trim().toUpperCase().replace(/\s+/g, "");

async function codeHash(tx: Tx, caseId: number, code: string): Promise<string> {
  return createHmac("sha256", await serverSecret(tx, "access-code-recovery")).update(`${caseId}:${code}`).digest("hex");
}

function throttled(what: string, retryAfterMs: number) {
  return { status: "throttled" as const, message: `${what}，请在${describeWait(retryAfterMs)}后再试`, retryAfterMs };
}

/** Sends what was just queued without waiting for the scheduler; the claim keeps it from going out twice. */
async function sendSoon(db: Db): Promise<void> {
  const cfg = config();
  const mailer = configuredMailer(cfg.SMTP_URL, cfg.MAIL_FROM);
  const sms = configuredSms()?.provider ?? null;
  if (!mailer && !sms) return;
  await sendCitizenMessages({ db } as Database, { mailer, sms }, new Date()).catch(() => undefined);
}

export async function requestRecovery(db: Db, input: { trackingNumber: string; contact: string; ip: string }, now: Date, opts: { sendNow?: boolean } = {}): Promise<RecoveryRequestResult> {
  const trackingNumber = cleanNumber(input.trackingNumber);
  const contact = input.contact.trim();
  const errors: Record<string, string> = {};
  if (!TRACKING.test(trackingNumber)) errors.trackingNumber = "请填写回执上的查询编号，如 GS20261123000042";
  if (!contact) errors.contact = "请填写提交时留下的手机号码或电子邮箱";
  else if (contact.length > 120) errors.contact = "手机号码或电子邮箱过长";
  if (Object.keys(errors).length) return { status: "invalid", errors };

  const result = await db.transaction(async (tx): Promise<RecoveryRequestResult> => {
    for (const [key, policy] of [[`recover:request:number:${trackingNumber}`, REQUEST_PER_NUMBER], [`recover:request:ip:${input.ip}`, REQUEST_PER_ADDRESS]] as const) {
      const t = await throttleHit(tx, key, policy, now);
      if (!t.allowed) return throttled("找回查询码的请求过多", t.retryAfterMs);
    }
    const [c] = await tx.select({ id: cases.id, email: cases.submitterEmail, phone: cases.submitterPhone }).from(cases).where(eq(cases.trackingNumber, trackingNumber)).limit(1);
    const sent = { status: "sent" as const, message: SENT_MESSAGE };
    if (!c) return sent;
    const asEmail = contact.includes("@") ? contact.toLowerCase() : null;
    const asPhone = asEmail ? null : normalizePhone(contact);
    const channel = asEmail && c.email && c.email.trim().toLowerCase() === asEmail ? "email" : asPhone && c.phone && c.phone === asPhone ? "sms" : null;
    if (!channel) return sent;
    const channels = configuredChannels();
    if (channel === "email" ? !channels.email : !channels.sms) return sent;
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    // A newer code replaces older ones.
    await tx.update(accessCodeRecoveries).set({ usedAt: now }).where(and(eq(accessCodeRecoveries.caseId, c.id), isNull(accessCodeRecoveries.usedAt)));
    await tx.insert(accessCodeRecoveries).values({ caseId: c.id, channel, codeHash: await codeHash(tx, c.id, code), createdAt: now, expiresAt: new Date(now.getTime() + RECOVERY_MINUTES * 60_000) });
    await queueRecoveryCode(tx, { caseId: c.id, trackingNumber, email: c.email, phone: c.phone }, code, channel, { channels, siteUrl: config().SITE_URL, now, minutes: RECOVERY_MINUTES });
    await appendAudit(tx, { at: now, actorUserId: null, actorLabel: "提交人（找回查询码）", action: "case.access_code_recovery_requested", objectType: "case", objectId: trackingNumber, reason: null, details: { channel, ip: input.ip } });
    return sent;
  });
  if (opts.sendNow !== false) await sendSoon(db);
  return result;
}

export async function confirmRecovery(db: Db, input: { trackingNumber: string; code: string; ip: string }, now: Date): Promise<RecoveryConfirmResult> {
  const trackingNumber = cleanNumber(input.trackingNumber);
  const code = input.code.replace(/\s+/g, "");
  const errors: Record<string, string> = {};
  if (!TRACKING.test(trackingNumber)) errors.trackingNumber = "请填写回执上的查询编号，如 GS20261123000042";
  if (!/^\d{6}$/.test(code)) errors.code = "请填写收到的 6 位数字验证码";
  if (Object.keys(errors).length) return { status: "invalid", errors };
  const wrong = { status: "wrong" as const, message: "验证码不正确或已失效，请重新获取验证码" };
  return db.transaction(async (tx): Promise<RecoveryConfirmResult> => {
    for (const [key, policy] of [[`recover:confirm:number:${trackingNumber}`, CONFIRM_PER_NUMBER], [`recover:confirm:ip:${input.ip}`, CONFIRM_PER_ADDRESS]] as const) {
      const t = await throttleHit(tx, key, policy, now);
      if (!t.allowed) return throttled("验证码错误次数过多", t.retryAfterMs);
    }
    const [c] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.trackingNumber, trackingNumber)).limit(1).for("update");
    if (!c) return wrong;
    const [r] = await tx
      .select()
      .from(accessCodeRecoveries)
      .where(and(eq(accessCodeRecoveries.caseId, c.id), isNull(accessCodeRecoveries.usedAt), gt(accessCodeRecoveries.expiresAt, now)))
      .orderBy(desc(accessCodeRecoveries.createdAt), desc(accessCodeRecoveries.id))
      .limit(1);
    if (!r) return wrong;
    const want = Buffer.from(r.codeHash, "hex");
    const got = Buffer.from(await codeHash(tx, c.id, code), "hex");
    if (want.length !== got.length || !timingSafeEqual(want, got)) {
      const failures = r.failedAttempts + 1;
      await tx.update(accessCodeRecoveries).set({ failedAttempts: failures, ...(failures >= RECOVERY_MAX_FAILURES ? { usedAt: now } : {}) }).where(eq(accessCodeRecoveries.id, r.id));
      return wrong;
    }
    const accessCode = generateAccessCode((n) => new Uint8Array(randomBytes(n)));
    await tx.update(accessCodeRecoveries).set({ usedAt: now }).where(eq(accessCodeRecoveries.id, r.id));
    await tx.update(cases).set({ accessCodeHash: hashAccessCode(accessCode) }).where(eq(cases.id, c.id));
    // A retry with the filing's Idempotency-Key would replay the old code (it is derived from the key): forget the key,
    // so such a retry is answered as a duplicate with the tracking number only.
    await tx.delete(submissionKeys).where(eq(submissionKeys.caseId, c.id));
    await appendAudit(tx, { at: now, actorUserId: null, actorLabel: "提交人（找回查询码）", action: "case.access_code_replaced", objectType: "case", objectId: trackingNumber, reason: null, details: { channel: r.channel, ip: input.ip } });
    return { status: "recovered", trackingNumber, accessCode };
  });
}
