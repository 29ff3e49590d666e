// Typed configuration in one place: parsed from process.env once, failing fast with a message a person can act on.
import { resolve } from "node:path";
import { z } from "zod";
import { proxyList, validProxySpec } from "./http/client.ts";

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
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Cache rendered public pages until the next publish (on), or render every request (off). */
  PAGE_CACHE: z.enum(["on", "off"]).default("on"),
  /** Reports per IP address and hour (with the proof-of-work solved; a third of it for browsers without JavaScript). */
  REPORT_HOURLY_LIMIT: z.coerce.number().int().min(1).max(100000).default(10),
  /** Staff notifications by e-mail (assignment, reminder, overdue, returned, extension decided), e.g. smtp://user:pass@host:587. */
  SMTP_URL: z.url("SMTP_URL 不是有效的网址，例如 smtp://user:pass@mail.example.com:587").optional(),
  MAIL_FROM: z.string().min(3).default("健康城镇监督平台 <noreply@localhost>"),
  /** How often the deadline scheduler runs (overdue marking, reminders, mail). */
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
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
    dataDir: resolve(result.data.DATA_DIR),
  };
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= parseConfig();
  return cached;
}
