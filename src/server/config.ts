// Typed configuration in one place: parsed from process.env once, failing fast with a message a person can act on.
import { resolve } from "node:path";
import { z } from "zod";
import { proxyList, validProxySpec } from "./http/client.ts";
import type { ClockPolicy } from "../domain/clock.ts";

/** A number of attempts allowed (at least 1). */
function limit(name: string, fallback: number) {
  return z.coerce.number(`${name} 须为正整数（允许的次数）`).int(`${name} 须为正整数（允许的次数）`).min(1, `${name} 至少为 1`).max(100000, `${name} 最多 100000`).default(fallback);
}
/** A window in minutes (1 minute to 1 day). */
function minutes(name: string, fallback: number) {
  return z.coerce.number(`${name} 须为正整数（分钟）`).int(`${name} 须为正整数（分钟）`).min(1, `${name} 至少 1 分钟`).max(1440, `${name} 最多 1440 分钟（一天）`).default(fallback);
}

const schema = z.object({
  /** PostgreSQL URL (postgres://user@host:port/db). Unset → embedded PGlite under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头")
    .optional(),
  /** Where PGlite data, bundled Meilisearch data and uploads live. */
  DATA_DIR: z.string().min(1).default("./data"),
  /** An external Meilisearch. Unset → the bundled binary is started on a free loopback port. */
  MEILI_URL: z.url("MEILI_URL 不是有效的网址").optional(),
  MEILI_MASTER_KEY: z.string().min(16, "MEILI_MASTER_KEY 至少 16 个字符").optional(),
  /** Set to "off" to run without Meilisearch at all (search answers from the database). */
  SEARCH: z.enum(["auto", "off"]).default("auto"),
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  HOST: z.string().default("0.0.0.0"),
  /** GB/T 2260 code of the province this deployment serves (default 内蒙古自治区). */
  PROVINCE_CODE: z.string().regex(/^\d{2}0000$/, "PROVINCE_CODE 须为 6 位省级行政区划代码，如 150000").default("150000"),
  OFFICE_NAME: z.string().min(2).default("内蒙古自治区爱国卫生运动委员会办公室"),
  OFFICE_SHORT_NAME: z.string().min(2).default("自治区爱卫办"),
  /**
   * The public origin people use (https://portal.example.gov.cn behind a proxy): links in feeds and mail, the
   * cross-site check of form posts, and whether cookies are Secure. Default: http://localhost:PORT.
   */
  SITE_URL: z
    .url("SITE_URL 不是有效的网址，例如 https://portal.example.gov.cn")
    .refine((v) => /^https?:\/\//i.test(v), "SITE_URL 必须以 http:// 或 https:// 开头")
    .optional(),
  /**
   * How many reverse proxies (nginx …) stand in front of the portal. Only then are X-Forwarded-For/-Proto/-Host
   * believed; 0 ignores them, so a client cannot choose the address its limits are counted by.
   */
  TRUST_PROXY: z.coerce.number("TRUST_PROXY 须为 0 或正整数（反向代理的层数）").int("TRUST_PROXY 须为整数").min(0).max(10).default(0),
  /**
   * Where those proxies connect from (addresses or CIDR ranges, comma-separated). A request from any other address
   * is taken at its socket's word, whatever X-Forwarded-* it sends: someone reaching an instance directly cannot
   * choose the address their limits are counted by.
   */
  TRUSTED_PROXIES: z
    .string()
    .refine(validProxySpec, "TRUSTED_PROXIES 须为逗号分隔的 IP 地址或网段，例如 127.0.0.1,::1 或 10.0.0.0/8")
    .default("127.0.0.1,::1"),
  /** pino's level; unset under NODE_ENV=test → silent (see logLevel below). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], "LOG_LEVEL 须为 fatal、error、warn、info、debug、trace、silent 之一").default("info"),
  /** Cache rendered public pages until the next publish (on), or render every request (off). */
  PAGE_CACHE: z.enum(["on", "off"], "PAGE_CACHE 须为 on 或 off").default("on"),
  /** Reports per IP address and hour (with the proof-of-work solved; a third of it for browsers without JavaScript). */
  REPORT_HOURLY_LIMIT: z.coerce.number().int().min(1).max(100000).default(10),
  /**
   * The office's phone number, given in every "too many attempts" message so that a person who is locked out can
   * still reach someone. Default: the contact number of the seeded publicity lists; "none" leaves the sentence out.
   */
  OFFICE_PHONE: z
    .string()
    .regex(/^(none|[0-9+() -]{5,30})$/, "OFFICE_PHONE 须为电话号码，例如 0471-6944127；不显示电话请填 none")
    .default("0471-6944127")
    .transform((v) => (v === "none" ? null : v)),
  /** Wrong passwords per (account, client address) in LOGIN_WINDOW_MINUTES; then that pair is blocked as long. */
  LOGIN_ACCOUNT_LIMIT: limit("LOGIN_ACCOUNT_LIMIT", 5),
  /** Wrong passwords per client address across all accounts in LOGIN_WINDOW_MINUTES. */
  LOGIN_ADDRESS_LIMIT: limit("LOGIN_ADDRESS_LIMIT", 30),
  LOGIN_WINDOW_MINUTES: minutes("LOGIN_WINDOW_MINUTES", 15),
  /** After this many wrong passwords of one (account, address), each further answer is slowed down … */
  LOGIN_SLOW_AFTER: z.coerce.number("LOGIN_SLOW_AFTER 须为整数").int("LOGIN_SLOW_AFTER 须为整数").min(0, "LOGIN_SLOW_AFTER 不能为负数").max(1000).default(3),
  /** … by this many milliseconds per failure beyond LOGIN_SLOW_AFTER. */
  LOGIN_DELAY_MS: z.coerce.number("LOGIN_DELAY_MS 须为整数（毫秒）").int("LOGIN_DELAY_MS 须为整数（毫秒）").min(0, "LOGIN_DELAY_MS 不能为负数").max(10_000, "LOGIN_DELAY_MS 最多 10000 毫秒").default(1000),
  /** Wrong second-factor codes per (account, client address) in LOGIN_WINDOW_MINUTES. */
  TWO_FACTOR_LIMIT: limit("TWO_FACTOR_LIMIT", 5),
  /** Wrong access codes on /track per (client address, tracking number) in TRACK_NUMBER_WINDOW_MINUTES. */
  TRACK_NUMBER_LIMIT: limit("TRACK_NUMBER_LIMIT", 5),
  TRACK_NUMBER_WINDOW_MINUTES: minutes("TRACK_NUMBER_WINDOW_MINUTES", 15),
  /** Wrong access codes on /track per client address in TRACK_ADDRESS_WINDOW_MINUTES. */
  TRACK_ADDRESS_LIMIT: limit("TRACK_ADDRESS_LIMIT", 20),
  TRACK_ADDRESS_WINDOW_MINUTES: minutes("TRACK_ADDRESS_WINDOW_MINUTES", 60),
  /** /alerts subscription requests (each sends a confirmation mail) per client address and hour … */
  ALERTS_ADDRESS_HOURLY_LIMIT: limit("ALERTS_ADDRESS_HOURLY_LIMIT", 10),
  /** … and per e-mail address and hour. */
  ALERTS_EMAIL_HOURLY_LIMIT: limit("ALERTS_EMAIL_HOURLY_LIMIT", 3),
  /** Staff notifications by e-mail (assignment, reminder, overdue, returned, extension decided), e.g. smtp://user:pass@host:587. */
  SMTP_URL: z.url("SMTP_URL 不是有效的网址，例如 smtp://user:pass@mail.example.com:587").optional(),
  MAIL_FROM: z.string().min(3).default("健康城镇监督平台 <noreply@localhost>"),
  /**
   * Receipts and status updates to filers by SMS (src/server/sms.ts): the gateway's URL (an Aliyun-style JSON API);
   * unset → no SMS is queued or sent. SMS_KEY and SMS_SECRET sign every request (HMAC-SHA256).
   */
  SMS_URL: z.url("SMS_URL 不是有效的网址，例如 https://sms.example.com/api/send").optional(),
  SMS_KEY: z.string().default(""),
  SMS_SECRET: z.string().default(""),
  SMS_SIGN_NAME: z.string().min(1, "SMS_SIGN_NAME 不能为空").default("健康城镇监督平台"),
  /** Template codes registered with the gateway, one per message kind. */
  SMS_TEMPLATE_RECEIPT: z.string().min(1, "SMS_TEMPLATE_RECEIPT 不能为空").default("HTP_RECEIPT"),
  SMS_TEMPLATE_UPDATE: z.string().min(1, "SMS_TEMPLATE_UPDATE 不能为空").default("HTP_UPDATE"),
  SMS_TEMPLATE_RECOVERY: z.string().min(1, "SMS_TEMPLATE_RECOVERY 不能为空").default("HTP_RECOVERY"),
  /** How often the deadline scheduler runs (overdue marking, reminders, mail). */
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** Public-opinion monitoring: minutes between fetches of a feed that answers (failures back off from it, up to a day). */
  MONITOR_FETCH_MINUTES: minutes("MONITOR_FETCH_MINUTES", 15),
  /** Seconds one feed fetch may take, redirects and body included. */
  MONITOR_FETCH_TIMEOUT_SECONDS: z.coerce.number("MONITOR_FETCH_TIMEOUT_SECONDS 须为整数（秒）").int("MONITOR_FETCH_TIMEOUT_SECONDS 须为整数（秒）").min(1, "MONITOR_FETCH_TIMEOUT_SECONDS 至少 1 秒").max(300, "MONITOR_FETCH_TIMEOUT_SECONDS 最多 300 秒").default(20),
  /** The largest feed read, in MB. */
  MONITOR_FETCH_MAX_MB: z.coerce.number("MONITOR_FETCH_MAX_MB 须为整数（MB）").int("MONITOR_FETCH_MAX_MB 须为整数（MB）").min(1, "MONITOR_FETCH_MAX_MB 至少 1").max(100, "MONITOR_FETCH_MAX_MB 最多 100").default(5),
  /** Stage periods in working days (DESIGN.md §4 defaults) and the extension cap per stage. */
  DEADLINE_ACCEPT_DAYS: z.coerce.number().int().min(1).max(60).default(2),
  DEADLINE_OBJECTION_ACCEPT_DAYS: z.coerce.number().int().min(1).max(60).default(1),
  DEADLINE_ASSIGN_DAYS: z.coerce.number().int().min(1).max(60).default(2),
  DEADLINE_VERIFY_DAYS: z.coerce.number().int().min(1).max(120).default(10),
  DEADLINE_OBJECTION_VERIFY_DAYS: z.coerce.number().int().min(1).max(120).default(5),
  DEADLINE_REVIEW_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  DEADLINE_RECTIFY_DAYS: z.coerce.number().int().min(1).max(250).default(20),
  EXTENSION_MAX_DAYS: z.coerce.number().int().min(0).max(60).default(10),
  /**
   * The audit chain's HMAC key (at least 32 characters), kept outside the database so that someone who can write the
   * database cannot recompute the chain. Unset → generated once into DATA_DIR/keys/audit-hmac.key. Every instance
   * must use the same key; losing it means the chain can no longer be verified.
   */
  AUDIT_HMAC_KEY: z.string().min(32, "AUDIT_HMAC_KEY 至少 32 个字符").optional(),
  /**
   * The Ed25519 private key that signs the daily audit checkpoints (PKCS#8 PEM, or its DER in base64). Unset →
   * generated once into DATA_DIR/keys/audit-signing-key.pem. The public key is published on /open-data.
   */
  AUDIT_SIGNING_KEY: z.string().min(40, "AUDIT_SIGNING_KEY 须为 Ed25519 私钥（PKCS#8 PEM 或其 base64）").optional(),
  /** First year of the three-year review cycles (seed 000 §4). */
  CYCLE_ANCHOR_YEAR: z.coerce.number().int().min(2000).max(2100).default(2026),
});

export type Config = z.infer<typeof schema> & {
  dataDir: string;
  SITE_URL: string;
  /** SITE_URL's origin: the one a form post's Origin header must name. */
  siteOrigin: string;
  /** Cookies carry Secure (and the __Host- prefix) when the public site is https. */
  secureCookies: boolean;
  /** TRUSTED_PROXIES, parsed. */
  proxies: ReturnType<typeof proxyList>;
  /** The DEADLINE_* settings as the case clock's policy. */
  clockPolicy: ClockPolicy;
};

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in .env files mean "unset", not "invalid".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`配置错误 (configuration error): ${lines.join("; ")}`);
  }
  const siteUrl = (result.data.SITE_URL ?? `http://localhost:${result.data.PORT}`).replace(/\/$/, "");
  const siteOrigin = new URL(siteUrl).origin;
  return {
    ...result.data,
    SITE_URL: siteUrl,
    siteOrigin,
    secureCookies: siteOrigin.startsWith("https:"),
    proxies: proxyList(result.data.TRUSTED_PROXIES),
    clockPolicy: {
      accept: result.data.DEADLINE_ACCEPT_DAYS,
      objectionAccept: result.data.DEADLINE_OBJECTION_ACCEPT_DAYS,
      assign: result.data.DEADLINE_ASSIGN_DAYS,
      verify: result.data.DEADLINE_VERIFY_DAYS,
      objectionVerify: result.data.DEADLINE_OBJECTION_VERIFY_DAYS,
      review: result.data.DEADLINE_REVIEW_DAYS,
      rectify: result.data.DEADLINE_RECTIFY_DAYS,
      extensionCap: result.data.EXTENSION_MAX_DAYS,
    },
    dataDir: resolve(result.data.DATA_DIR),
  };
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= parseConfig();
  return cached;
}

type Env = Record<string, string | undefined>;

function parsePart<T extends z.ZodType>(part: T, env: Env): z.infer<T> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = part.safeParse(cleaned);
  if (!result.success) throw new ConfigError(`配置错误 (configuration error): ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return result.data;
}

// The message channels are read afresh at every use rather than once like config(): whether mail (SMTP_URL) and SMS
// (SMS_*) may be queued for a filer, and how SMS is sent. The integration tests switch them on and off in a running
// process. Same keys, same rules and messages as config().
const smsSchema = schema.pick({ SMS_URL: true, SMS_KEY: true, SMS_SECRET: true, SMS_SIGN_NAME: true, SMS_TEMPLATE_RECEIPT: true, SMS_TEMPLATE_UPDATE: true, SMS_TEMPLATE_RECOVERY: true });
export type SmsSettings = z.infer<typeof smsSchema>;

/** The SMS_* settings as they are now. */
export function smsSettings(env: Env = process.env): SmsSettings {
  return parsePart(smsSchema, env);
}

/** Whether mail can be sent (SMTP_URL set), as it is now. */
export function mailConfigured(env: Env = process.env): boolean {
  return !!parsePart(schema.pick({ SMTP_URL: true }), env).SMTP_URL;
}

/**
 * The logger's level, read on its own: the logger must work even when the configuration is what failed (an invalid
 * LOG_LEVEL is reported by config() at start-up; until then the logger uses the default). Tests log nothing unless
 * LOG_LEVEL asks for it.
 */
export function logLevel(env: Env = process.env): Config["LOG_LEVEL"] {
  if (!env.LOG_LEVEL) return env.NODE_ENV === "test" ? "silent" : "info";
  const parsed = schema.shape.LOG_LEVEL.safeParse(env.LOG_LEVEL);
  return parsed.success ? parsed.data : "info";
}

/**
 * The whole environment, for a child process the portal starts (the bundled Meilisearch): handing it on is not
 * reading a setting, so it is the one use of process.env outside this module's parsing.
 */
export function environmentForChild(): NodeJS.ProcessEnv {
  return { ...process.env };
}
