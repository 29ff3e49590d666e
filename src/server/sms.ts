// Text messages 短信 to the person who filed a case: a provider interface and one real provider, an HTTP JSON API in
// the style of Aliyun SMS (SendSms: phone numbers, sign name, template code, template parameters as JSON). The
// gateway's address and credentials come from SMS_URL, SMS_KEY, SMS_SECRET (and SMS_SIGN_NAME); without SMS_URL no
// SMS is queued or sent. Each request is signed: X-Sms-Signature = base64(HMAC-SHA256(SMS_SECRET, "POST\n" + path +
// "\n" + X-Sms-Timestamp + "\n" + X-Sms-Nonce + "\n" + hex(SHA-256(body)))), so a gateway can refuse forged or
// replayed requests. Messages carry template parameters only (tracking number, codes, dates, a status label) —
// never the text of a report.
import { createHash, createHmac, randomUUID } from "node:crypto";
import { smsSettings, type SmsSettings } from "./config.ts";

export interface SmsMessage {
  phone: string;
  template: string;
  params: Record<string, string>;
}

export interface SmsProvider {
  send(message: SmsMessage): Promise<void>;
}

/** Template codes registered with the provider, one per message kind (overridable by SMS_TEMPLATE_<KIND>). */
export const SMS_TEMPLATES = { receipt: "HTP_RECEIPT", update: "HTP_UPDATE", recovery: "HTP_RECOVERY" } as const;
export type SmsTemplateKind = keyof typeof SMS_TEMPLATES;

/** A mainland mobile number (what SMS can reach); landlines given at filing get no SMS. */
export const MOBILE = /^1[3-9]\d{9}$/;

export type SmsConfig = SmsSettings;

/** The SMS_* settings (src/server/config.ts), read afresh: SMS can be switched on and off in a running process. */
export function smsConfig(env?: Record<string, string | undefined>): SmsConfig {
  return smsSettings(env);
}

export function smsTemplate(cfg: SmsConfig, kind: SmsTemplateKind): string {
  return { receipt: cfg.SMS_TEMPLATE_RECEIPT, update: cfg.SMS_TEMPLATE_UPDATE, recovery: cfg.SMS_TEMPLATE_RECOVERY }[kind];
}

export function signSmsRequest(secret: string, path: string, timestamp: string, nonce: string, body: string): string {
  const digest = createHash("sha256").update(body).digest("hex");
  return createHmac("sha256", secret).update(`POST\n${path}\n${timestamp}\n${nonce}\n${digest}`).digest("base64");
}

/** The HTTP provider: POST JSON, success is a 2xx answer whose JSON says Code "OK". */
export function httpSmsProvider(opts: { url: string; key: string; secret: string; signName: string; timeoutMs?: number }): SmsProvider {
  const path = new URL(opts.url).pathname;
  return {
    async send(m) {
      const body = JSON.stringify({ PhoneNumbers: m.phone, SignName: opts.signName, TemplateCode: m.template, TemplateParam: JSON.stringify(m.params) });
      const timestamp = new Date().toISOString();
      const nonce = randomUUID();
      const res = await fetch(opts.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-sms-key": opts.key,
          "x-sms-timestamp": timestamp,
          "x-sms-nonce": nonce,
          "x-sms-signature": signSmsRequest(opts.secret, path, timestamp, nonce, body),
        },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      let answer: { Code?: string; Message?: string } = {};
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        // not JSON: judged by the status alone below
      }
      if (!res.ok || answer.Code !== "OK") throw new Error(`SMS gateway answered ${res.status} ${answer.Code ?? ""} ${answer.Message ?? text.slice(0, 200)}`.trim());
    },
  };
}

let shared: { url: string; provider: SmsProvider } | undefined;

/** The process's SMS provider for SMS_URL, or null when SMS is not configured. */
export function configuredSms(env?: Record<string, string | undefined>): { provider: SmsProvider; config: SmsConfig } | null {
  const cfg = smsConfig(env);
  if (!cfg.SMS_URL) return null;
  if (shared?.url !== cfg.SMS_URL) shared = { url: cfg.SMS_URL, provider: httpSmsProvider({ url: cfg.SMS_URL, key: cfg.SMS_KEY, secret: cfg.SMS_SECRET, signName: cfg.SMS_SIGN_NAME }) };
  return { provider: shared.provider, config: cfg };
}
