import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ACCESS_CODE_ALPHABET,
  formatAccessCode,
  formatTrackingNumber,
  generateAccessCode,
  isAccessCode,
  normalizeAccessCode,
  parseTrackingNumber,
} from "../../../src/domain/tracking.ts";

describe("tracking numbers", () => {
  it("use the Shanghai date and a six-digit sequence", () => {
    // 2026-11-23 00:30 in Shanghai, still the 22nd in UTC
    expect(formatTrackingNumber(new Date("2026-11-22T16:30:00Z"), 42)).toBe("GS20261123000042");
    expect(formatTrackingNumber(new Date("2026-11-22T15:59:59Z"), 1)).toBe("GS20261122000001");
    expect(formatTrackingNumber(new Date("2026-11-23T03:00:00Z"), 999_999)).toBe("GS20261123999999");
  });

  it("reject sequences outside 1–999999", () => {
    const now = new Date("2026-11-23T03:00:00Z");
    expect(() => formatTrackingNumber(now, 0)).toThrow("当日流水号须在 1 至 999999 之间（收到 0）");
    expect(() => formatTrackingNumber(now, 1_000_000)).toThrow("（收到 1000000）");
    expect(() => formatTrackingNumber(now, 2.5)).toThrow("（收到 2.5）");
  });

  it("parse back, tolerating case and spaces", () => {
    expect(parseTrackingNumber("GS20261123000042")).toEqual({ date: "2026-11-23", seq: 42 });
    expect(parseTrackingNumber("  gs20261123000042\n")).toEqual({ date: "2026-11-23", seq: 42 });
  });

  it("refuse malformed numbers", () => {
    expect(parseTrackingNumber("GS20260230000001")).toBeNull(); // no 30 February
    expect(parseTrackingNumber("GS20261123000000")).toBeNull();
    expect(parseTrackingNumber("GS2026112300004")).toBeNull();
    expect(parseTrackingNumber("GS 20261123 000042")).toBeNull();
    expect(parseTrackingNumber("XS20261123000042")).toBeNull();
    expect(parseTrackingNumber("")).toBeNull();
  });
});

describe("access codes", () => {
  it("use 31 unambiguous symbols", () => {
    expect(ACCESS_CODE_ALPHABET).toHaveLength(31);
    for (const ch of "0O1IL") expect(ACCESS_CODE_ALPHABET).not.toContain(ch);
    expect(new Set(ACCESS_CODE_ALPHABET).size).toBe(31);
  });

  it("map bytes to symbols in order", () => {
    const all = () => Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(generateAccessCode(all)).toBe("ABCDEFGHJK");
  });

  it("discard bytes 248–255 so that every symbol has exactly 8 source bytes", () => {
    const preimages = new Map<string, number>();
    for (let b = 0; b < 256; b += 1) {
      const repeat = (n: number) => new Uint8Array(n).fill(b);
      if (b >= 248) {
        expect(() => generateAccessCode(repeat)).toThrow("随机数源异常：无法生成访问码");
        continue;
      }
      const code = generateAccessCode(repeat);
      const symbol = code[0] ?? "";
      expect(code).toBe(symbol.repeat(10));
      preimages.set(symbol, (preimages.get(symbol) ?? 0) + 1);
    }
    expect(preimages.size).toBe(31);
    expect([...preimages.values()].every((n) => n === 8)).toBe(true);
  });

  it("skip rejected bytes and keep going", () => {
    const calls: number[][] = [
      [248, 255, 0, 249],
      [30, 31, 61, 62, 247, 250, 1, 2, 3, 4, 5],
    ];
    const source = () => Uint8Array.from(calls.shift() ?? []);
    expect(generateAccessCode(source)).toBe("A9A9A9BCDE");
  });

  it("produce valid codes from a real random source", () => {
    const code = generateAccessCode((n) => webcrypto.getRandomValues(new Uint8Array(n)));
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
    expect(isAccessCode(code)).toBe(true);
  });

  it("format in groups of four and normalise user input", () => {
    expect(formatAccessCode("ABCDEFGHJK")).toBe("ABCD-EFGH-JK");
    expect(formatAccessCode("abcd efgh-jk")).toBe("ABCD-EFGH-JK");
    expect(normalizeAccessCode(" abcd-efgh jk ")).toBe("ABCDEFGHJK");
    expect(normalizeAccessCode("ABCD—EFGH—JK")).toBe("ABCDEFGHJK");
  });

  it("validate the format", () => {
    expect(isAccessCode("abcd-efgh-jk")).toBe(true);
    expect(isAccessCode("ABCD-EFGH-J0")).toBe(false);
    expect(isAccessCode("ABCD-EFGH-J")).toBe(false);
    expect(isAccessCode("ABCD-EFGH-JKM")).toBe(false);
  });
});
