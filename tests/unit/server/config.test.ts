import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../src/server/config.ts";

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
