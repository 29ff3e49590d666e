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
