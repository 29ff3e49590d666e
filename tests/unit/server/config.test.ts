import { describe, expect, it } from "vitest";
import { ConfigError, logLevel, mailConfigured, parseConfig, smsSettings } from "../../../src/server/config.ts";

describe("parseConfig", () => {
  it("runs on the embedded defaults when nothing is set", () => {
    const cfg = parseConfig({});
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(cfg.MEILI_URL).toBeUndefined();
    expect(cfg.PORT).toBe(4321);
    expect(cfg.PROVINCE_CODE).toBe("150000");
    expect(cfg.dataDir.endsWith("/data")).toBe(true);
  });

  it("treats empty values as unset, as .env files write them", () => {
    expect(parseConfig({ DATABASE_URL: "", MEILI_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("names every bad key in one Chinese message", () => {
    const bad = () => parseConfig({ DATABASE_URL: "mysql://x", PROVINCE_CODE: "1506", PORT: "99999" });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain("DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头");
      expect(message).toContain("PROVINCE_CODE 须为 6 位省级行政区划代码");
      expect(message).toContain("PORT");
      expect(message.split("\n")).toHaveLength(1);
    }
  });

  it("accepts a PostgreSQL URL and a province code", () => {
    const cfg = parseConfig({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x", PROVINCE_CODE: "530000" });
    expect(cfg.DATABASE_URL).toBe("postgres://postgres@127.0.0.1:5432/x");
    expect(cfg.PROVINCE_CODE).toBe("530000");
  });
  it("derives the public origin and Secure cookies from SITE_URL, and trusts no proxy unless told", () => {
    const local = parseConfig({});
    expect(local.TRUST_PROXY).toBe(0);
    expect(local.secureCookies).toBe(false);
    const prod = parseConfig({ SITE_URL: "https://portal.example.gov.cn/", TRUST_PROXY: "1" });
    expect(prod.siteOrigin).toBe("https://portal.example.gov.cn");
    expect(prod.secureCookies).toBe(true);
    expect(prod.TRUST_PROXY).toBe(1);
  });

  it("refuses a SITE_URL that is not an http(s) URL, naming it", () => {
    for (const SITE_URL of ["portal.example.gov.cn", "ftp://portal.example.gov.cn"]) {
      expect(() => parseConfig({ SITE_URL })).toThrow(/SITE_URL/);
    }
    expect(() => parseConfig({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
    expect(() => parseConfig({ TRUSTED_PROXIES: "nginx.internal" })).toThrow(/TRUSTED_PROXIES/);
  });
});

describe("the case clock's periods", () => {
  it("default to DESIGN.md's and follow DEADLINE_* settings", () => {
    expect(parseConfig({}).clockPolicy).toEqual({ accept: 2, objectionAccept: 1, assign: 2, verify: 10, objectionVerify: 5, review: 3, rectify: 20, extensionCap: 10 });
    expect(parseConfig({ DEADLINE_VERIFY_DAYS: "15", EXTENSION_MAX_DAYS: "5" }).clockPolicy).toMatchObject({ verify: 15, extensionCap: 5 });
    expect(() => parseConfig({ DEADLINE_ASSIGN_DAYS: "0" })).toThrow("DEADLINE_ASSIGN_DAYS");
  });
});

describe("settings read at each use", () => {
  it("SMS: the defaults, the same rules and messages as parseConfig, other keys ignored", () => {
    expect(smsSettings({ PORT: "not a port" }).SMS_URL).toBeUndefined();
    expect(smsSettings({})).toMatchObject({ SMS_KEY: "", SMS_SIGN_NAME: "健康城镇监督平台", SMS_TEMPLATE_RECEIPT: "HTP_RECEIPT", SMS_TEMPLATE_UPDATE: "HTP_UPDATE", SMS_TEMPLATE_RECOVERY: "HTP_RECOVERY" });
    expect(smsSettings({ SMS_URL: "https://sms.example.com/send", SMS_TEMPLATE_UPDATE: "T2" })).toMatchObject({ SMS_URL: "https://sms.example.com/send", SMS_TEMPLATE_UPDATE: "T2" });
    expect(() => smsSettings({ SMS_URL: "sms gateway" })).toThrow(ConfigError);
    expect(() => smsSettings({ SMS_URL: "sms gateway" })).toThrow("SMS_URL 不是有效的网址");
    expect(parseConfig({}).SMS_TEMPLATE_RECEIPT).toBe("HTP_RECEIPT");
  });

  it("mail is configured by SMTP_URL alone; an empty value is unset", () => {
    expect(mailConfigured({})).toBe(false);
    expect(mailConfigured({ SMTP_URL: "" })).toBe(false);
    expect(mailConfigured({ SMTP_URL: "smtp://mail.example.com:587" })).toBe(true);
  });

  it("the log level never throws: silent under test, info when invalid (parseConfig reports it)", () => {
    expect(logLevel({})).toBe("info");
    expect(logLevel({ NODE_ENV: "test" })).toBe("silent");
    expect(logLevel({ NODE_ENV: "test", LOG_LEVEL: "warn" })).toBe("warn");
    expect(logLevel({ LOG_LEVEL: "loud" })).toBe("info");
    expect(() => parseConfig({ LOG_LEVEL: "loud" })).toThrow("LOG_LEVEL 须为");
    expect(() => parseConfig({ PAGE_CACHE: "maybe" })).toThrow("PAGE_CACHE 须为 on 或 off");
  });
});
