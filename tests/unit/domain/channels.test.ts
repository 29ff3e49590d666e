import { describe, expect, it } from "vitest";
import {
  CASE_SOURCES,
  CHANNEL_LABELS,
  channelBreakdown,
  describeBreakdown,
  isOfflineChannel,
  letterObjectionCheck,
  OFFLINE_CHANNELS,
  parsePostmark,
  parseReceivedTime,
  RECEIVED_MAX_AGE_DAYS,
} from "../../../src/domain/channels.ts";

const NOW = new Date("2026-11-23T04:00:30Z"); // Monday 12:00:30 in Shanghai

describe("received time of an offline case", () => {
  it("reads the Shanghai wall clock", () => {
    const r = parseReceivedTime("2026-11-23", "09:15", NOW);
    expect(r).toEqual({ ok: true, at: new Date("2026-11-23T01:15:00Z") });
  });

  it("accepts the current minute, though its seconds have passed", () => {
    expect(parseReceivedTime("2026-11-23", "12:00", NOW).ok).toBe(true);
  });

  it("refuses the next minute and any later day", () => {
    expect(parseReceivedTime("2026-11-23", "12:01", NOW)).toEqual({ ok: false, error: "收到时间不能晚于现在" });
    expect(parseReceivedTime("2026-11-24", "08:00", NOW)).toEqual({ ok: false, error: "收到时间不能晚于现在" });
  });

  it(`accepts up to ${RECEIVED_MAX_AGE_DAYS} days back and refuses older`, () => {
    expect(parseReceivedTime("2026-10-24", "12:01", NOW).ok).toBe(true);
    const old = parseReceivedTime("2026-10-24", "11:59", NOW);
    expect(old.ok).toBe(false);
    expect(!old.ok && old.error).toContain("30 天前");
  });

  it("names a missing or malformed date or time", () => {
    expect(parseReceivedTime("", "09:00", NOW)).toMatchObject({ ok: false, error: expect.stringContaining("收到日期") });
    expect(parseReceivedTime("2026-02-30", "09:00", NOW)).toMatchObject({ ok: false, error: expect.stringContaining("收到日期") });
    expect(parseReceivedTime("2026-11-23", "9点", NOW)).toMatchObject({ ok: false, error: expect.stringContaining("收到时间") });
    expect(parseReceivedTime("2026-11-23", "24:00", NOW)).toMatchObject({ ok: false, error: expect.stringContaining("收到时间") });
  });
});

describe("channel labels and breakdown", () => {
  it("labels every source in Chinese and records only the four offline ones by hand", () => {
    for (const s of CASE_SOURCES) expect(CHANNEL_LABELS[s]).toMatch(/\p{Script=Han}/u);
    expect(OFFLINE_CHANNELS.map((c) => CHANNEL_LABELS[c])).toEqual(["电话", "信函", "电子邮件", "来访"]);
    expect(isOfflineChannel("web")).toBe(false);
    expect(isOfflineChannel("letter")).toBe(true);
  });

  it("lists channels with cases in a fixed order and leaves unknown sources out", () => {
    const rows = channelBreakdown(new Map([["visit", 1], ["web", 3], ["hotline", 2], ["fax", 9], ["email", 0]]));
    expect(rows.map((r) => r.label)).toEqual(["网上", "电话", "来访"]);
    expect(describeBreakdown(rows)).toBe("网上 3 件、电话 2 件、来访 1 件");
    expect(channelBreakdown({ letter: 4 })).toEqual([{ source: "letter", label: "信函", count: 4 }]);
  });
});

describe("a letter's postmark", () => {
  const received = new Date("2026-11-23T01:00:00Z"); // 09:00 Shanghai
  const window = { opensAt: new Date("2026-11-16T01:00:00Z"), closesAt: new Date("2026-11-20T10:00:00Z") }; // 16th 09:00 – 20th 18:00

  it("is optional, only for letters, a real date and not after the letter arrived", () => {
    expect(parsePostmark("letter", "", received)).toEqual({ ok: true, date: null });
    expect(parsePostmark("hotline", "", received)).toEqual({ ok: true, date: null });
    expect(parsePostmark("letter", "2026-11-20", received)).toEqual({ ok: true, date: "2026-11-20" });
    expect(parsePostmark("letter", "2026-11-23", received)).toEqual({ ok: true, date: "2026-11-23" });
    expect(parsePostmark("letter", "2026-11-24", received)).toEqual({ ok: false, error: "邮戳日期不能晚于收到日期" });
    expect(parsePostmark("hotline", "2026-11-20", received).ok).toBe(false);
    expect(parsePostmark("letter", "20.11.2026", received).ok).toBe(false);
  });

  it("counts on any day of the window, the last day after its cut-off time included", () => {
    expect(letterObjectionCheck(window, "2026-11-16", "postmark_dispatch")).toEqual({ allowed: true });
    expect(letterObjectionCheck(window, "2026-11-20", "postmark_dispatch")).toEqual({ allowed: true });
  });

  it("outside the window refuses with the list's rule named", () => {
    const late = letterObjectionCheck(window, "2026-11-21", "postmark_dispatch");
    expect(late).toMatchObject({ allowed: false, status: "closed" });
    expect(!late.allowed && late.reason).toContain("以寄出邮戳日期为准");
    expect(!late.allowed && late.reason).toContain("2026年11月21日");
    expect(letterObjectionCheck(window, "2026-11-15", "postmark_arrival")).toMatchObject({ allowed: false, status: "scheduled", reason: expect.stringContaining("以到达邮戳日期为准") });
  });
});
