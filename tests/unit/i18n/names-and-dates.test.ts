import { describe, expect, it } from "vitest";
import { localName, romanise } from "../../../src/i18n/names.ts";

describe("place names for English readers", () => {
  it("romanises the stem and translates the administrative suffix", () => {
    expect(romanise("鄂托克前旗")).toBe("Etuokeqian Banner");
    expect(romanise("莫力达瓦达斡尔族自治旗")).toBe("Molidawadawoerzu Autonomous Banner");
    expect(romanise("东胜区")).toBe("Dongsheng District");
    expect(romanise("锡林郭勒盟")).toBe("Xilinguole League");
    expect(romanise("树林召镇")).toBe("Shulinzhao Town");
    expect(romanise("巴彦花苏木")).toBe("Bayanhua Sumu");
  });

  it("romanises an office's place and translates the kind of body", () => {
    expect(romanise("鄂尔多斯市爱卫办")).toBe("Eerduosi City Patriotic Health Campaign Office");
    expect(romanise("准格尔旗卫生健康委")).toBe("Zhungeer Banner Health Commission");
    expect(romanise("鄂尔多斯市市场监督管理局")).toBe("Eerduosi City Administration for Market Regulation");
    expect(romanise("内蒙古自治区爱国卫生运动委员会办公室")).toBe("Inner Mongolia Autonomous Region Patriotic Health Campaign Office");
    expect(romanise("自治区市场监督管理局（示例成员单位）")).toBe("Autonomous Region Administration for Market Regulation");
    expect(romanise("广西壮族自治区")).toBe("Guangxizhuangzu Autonomous Region");
  });

  it("keeps a bare suffix-only name whole rather than leaving an empty stem", () => {
    expect(romanise("市")).toBe("Shi");
  });

  it("prefers the official English name staff entered, and keeps Chinese names on Chinese and Mongolian pages", () => {
    expect(localName({ name: "达拉特旗", nameEn: "Dalad Banner" }, "en")).toEqual({ text: "Dalad Banner", lang: "en" });
    expect(localName({ name: "达拉特旗", nameEn: "  " }, "en")).toEqual({ text: "Dalate Banner", lang: "en" });
    expect(localName({ name: "达拉特旗", nameEn: "Dalad Banner" }, "mn")).toEqual({ text: "达拉特旗", lang: "zh-CN" });
    expect(localName({ name: "达拉特旗" }, "zh")).toEqual({ text: "达拉特旗", lang: "zh-CN" });
  });
});

describe("dates for each language", async () => {
  const { formatDate, formatInstant } = await import("../../../src/i18n/format.ts");
  it("writes a date the way each language's readers expect", () => {
    expect(formatDate("2026-12-01", "zh")).toBe("2026年12月1日");
    expect(formatDate("2026-12-01", "en")).toBe("1 December 2026");
    expect(formatDate("2026-12-01", "mn")).toBe("2026-12-01");
  });
  it("gives an instant as its Beijing date and time", () => {
    expect(formatInstant(new Date("2026-11-30T17:30:00Z"), "en")).toBe("1 December 2026 01:30");
    expect(formatInstant(new Date("2026-11-30T17:30:00Z"), "mn", false)).toBe("2026-12-01");
  });
});
