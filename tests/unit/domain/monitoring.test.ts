// The matching rules of public-opinion monitoring (src/domain/monitoring.ts, issue 16), one by one, over the real
// region list of Inner Mongolia: short forms and aliases, names that mean several places (kept, or settled by the
// text), names elsewhere and inside other words, leftmost-longest, scoring, highlighting and duplicate titles.
import { describe, expect, it } from "vitest";
import { buildMatcher, highlight, HONOUR_MENTIONS, matchText, nearSameTitle, shortForms, titleKey, type ItemMatch } from "../../../src/domain/monitoring.ts";
import { COMMON_WORD_NAMES, REGION_ALIASES } from "../../../src/domain/region-aliases.ts";
import { provinceRegions } from "../../../src/server/regions.ts";

const regions = provinceRegions("150000").map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode ?? null, prefectureCode: r.prefectureCode ?? null }));
const words = [
  { word: "垃圾", weight: 2 },
  { word: "卫生死角", weight: 3 },
  { word: "公厕", weight: 1 },
  { word: "污水", weight: 2 },
];
const m = buildMatcher({ places: regions, words, honours: HONOUR_MENTIONS });
const codes = (r: ItemMatch) => r.places.map((p) => p.codes.join("+"));
const match = (text: string) => matchText(m, text);

describe("short forms and aliases", () => {
  it("drops the suffix of leagues, cities, banners and counties: 鄂尔多斯, 东胜, 达拉特", () => {
    expect(shortForms({ name: "鄂尔多斯市", level: "prefecture" })).toEqual(["鄂尔多斯"]);
    expect(shortForms({ name: "东胜区", level: "county" })).toEqual(["东胜"]);
    expect(shortForms({ name: "达拉特旗", level: "county" })).toEqual(["达拉特"]);
    expect(shortForms({ name: "莫力达瓦达斡尔族自治旗", level: "county" })).toEqual(["莫力达瓦达斡尔族"]);
    expect(codes(match("鄂尔多斯东胜一小区垃圾成堆"))).toEqual(["150602"]);
  });

  it("gives no short form for a common word, a generic village name, a people or a zone", () => {
    for (const stem of ["青山", "海南", "兴安", "科尔沁", "民族团结", "成吉思汗", "化德"]) expect(COMMON_WORD_NAMES.has(stem), stem).toBe(true);
    expect(shortForms({ name: "青山区", level: "county" })).toEqual([]);
    expect(shortForms({ name: "胜利街道", level: "township" })).toEqual([]); // 街道 stems are words (胜利, 新华)
    expect(shortForms({ name: "新华镇", level: "township" })).toEqual([]); // township stems need three characters
    expect(shortForms({ name: "新城子镇", level: "township" })).toEqual([]); // 子: village names all over the north
    expect(shortForms({ name: "鄂温克民族苏木", level: "township" })).toEqual([]); // the people
    expect(shortForms({ name: "呼和浩特经济技术开发区", level: "county" })).toEqual([]);
    expect(shortForms({ name: "树林召镇", level: "township" })).toEqual(["树林召"]);
    expect(codes(match("守护绿水青山，不留卫生死角"))).toEqual([]);
    expect(codes(match("青山区一小区卫生死角多"))).toEqual(["150204"]);
  });

  it("knows the aliases people write: 达旗, 鄂市, 呼市, 锡盟, 土左旗, 莫旗", () => {
    expect(codes(match("达旗垃圾"))).toEqual(["150621"]);
    expect(codes(match("鄂市垃圾"))).toEqual(["150600"]);
    expect(codes(match("呼市垃圾"))).toEqual(["150100"]);
    expect(codes(match("锡盟垃圾"))).toEqual(["152500"]);
    expect(codes(match("土左旗垃圾"))).toEqual(["150121"]);
    expect(codes(match("莫旗垃圾"))).toEqual(["150722"]);
    expect(match("达旗垃圾").places[0]!.surface).toBe("达旗");
    // Every alias names a real place of the province.
    const names = new Set(regions.map((r) => r.name));
    for (const [alias, fulls] of Object.entries(REGION_ALIASES)) for (const f of fulls) expect(names.has(f), `${alias} → ${f}`).toBe(true);
  });

  it("reads a short form two levels share as the higher one: 巴彦淖尔 the city, 元宝山 the district", () => {
    expect(codes(match("巴彦淖尔垃圾"))).toEqual(["150800"]);
    expect(codes(match("巴彦淖尔镇垃圾"))).toEqual(["152523102"]);
    expect(codes(match("元宝山垃圾"))).toEqual(["150403"]);
    expect(codes(match("伊金霍洛垃圾"))).toEqual(["150627"]);
  });
});

describe("names that mean several places", () => {
  it("keeps a shared township name ambiguous when nothing in the text tells", () => {
    const r = match("城关镇一公厕无人打扫");
    expect(r.places).toHaveLength(1);
    expect([...r.places[0]!.codes].sort()).toEqual(["150123100", "150124100", "150802105", "150924106"]);
    expect(r.candidate).toBe(true);
    expect(codes(match("扎旗垃圾"))).toEqual(["150526+152223"]);
  });

  it("settles it by a county or league of the same text that holds exactly one of them", () => {
    expect(codes(match("临河区城关镇垃圾"))).toEqual(["150802105"]);
    expect(codes(match("托县双河镇污水"))).toEqual(["150122100"]);
    expect(codes(match("巴彦淖尔市双河镇污水"))).toEqual(["150802104"]); // the league holds one of the two
    expect(codes(match("东胜天骄街道垃圾"))).toEqual(["150602006"]);
  });

  it("settles it by a place it holds: 扎旗 with 鲁北镇 is 扎鲁特旗", () => {
    expect(codes(match("扎旗鲁北镇积水"))).toEqual(["150526100"]);
  });

  it("does not settle it by a place that holds several of them, none of them, or when two places each hold one", () => {
    // 呼和浩特市 holds two of the four 城关镇 (和林格尔县's and 清水河县's).
    expect(match("呼和浩特市城关镇垃圾").places.map((p) => p.codes.length)).toEqual([1, 4]);
    expect(match("鄂尔多斯市城关镇垃圾").places.map((p) => p.codes.length)).toEqual([1, 4]);
    expect(codes(match("赛罕区、根河市金河镇垃圾"))).toEqual(["150105", "150785", "150105104+150785101"]);
  });
});

describe("places elsewhere and names inside other words", () => {
  it("does not read a name of ours inside a longer name: 大兴安岭, 辽宁城市, 吉林西部, 多伦多, 无锡市", () => {
    for (const text of ["大兴安岭林区垃圾", "辽宁城市垃圾", "吉林西部污水", "多伦多垃圾", "无锡市垃圾", "喀喇沁左翼垃圾", "农业和林业部门垃圾"]) {
      expect(codes(match(text)), text).toEqual([]);
    }
    expect(codes(match("兴安盟垃圾"))).toEqual(["152200"]);
    expect(codes(match("宁城县垃圾"))).toEqual(["150429"]);
  });

  it("gives a same-named district written right after a place elsewhere to that place: 武汉市青山区, 西安新城区", () => {
    expect(codes(match("武汉市青山区垃圾"))).toEqual([]);
    expect(codes(match("西安新城区垃圾"))).toEqual([]);
    expect(match("湖北省武汉市青山区垃圾").candidate).toBe(false);
    expect(codes(match("包头市青山区垃圾"))).toEqual(["150204"]);
  });

  it("reads a name at the head of a street's name as the street: 赤峰路, 锡林郭勒北路", () => {
    expect(codes(match("上海赤峰路一餐馆污水"))).toEqual([]);
    expect(codes(match("虹口区赤峰路垃圾"))).toEqual([]);
    expect(codes(match("新城区锡林郭勒北路垃圾"))).toEqual(["150102"]);
    expect(codes(match("东胜区天骄街道垃圾"))).toEqual(["150602006"]);
  });

  it("never names the province itself", () => {
    expect(codes(match("内蒙古自治区垃圾"))).toEqual([]);
  });
});

describe("one pass, leftmost-longest", () => {
  it("takes the longest name at a position: 鄂托克前旗 is not 鄂托克, 杭锦后旗 is not 杭锦", () => {
    expect(codes(match("鄂托克前旗垃圾"))).toEqual(["150623"]);
    expect(codes(match("杭锦后旗垃圾"))).toEqual(["150826"]);
    expect(codes(match("鄂托克旗、鄂托克前旗垃圾"))).toEqual(["150624", "150623"]);
  });

  it("keeps the most precise places: a league gives way to its banner, a banner to its township", () => {
    expect(codes(match("鄂尔多斯市达拉特旗树林召镇垃圾"))).toEqual(["150621100"]);
    expect(codes(match("呼和浩特市与鄂尔多斯市达拉特旗垃圾"))).toEqual(["150100", "150621"]);
  });

  it("counts problem words, honours and a sure place into the score; a candidate needs a place and a problem", () => {
    const r = match("创卫：东胜区卫生死角，卫生死角，垃圾");
    expect(r.words).toEqual([
      { word: "卫生死角", weight: 3, count: 2 },
      { word: "垃圾", weight: 2, count: 1 },
    ]);
    expect(r.honours).toEqual(["创卫"]);
    expect(r.score).toBe(3 * 2 + 2 + 2 + 1);
    expect(r.candidate).toBe(true);
    expect(match("东胜区通过国家卫生城市复审").candidate).toBe(false);
    expect(match("卫生死角随处可见").candidate).toBe(false);
  });

  it("matches full-width and compatibility forms after NFKC", () => {
    expect(codes(match("ＡＢＣ达旗：垃圾"))).toEqual(["150621"]);
  });
});

describe("highlight", () => {
  const join = (s: { text: string }[]) => s.map((x) => x.text).join("");

  it("cuts the text into segments that cover it exactly, hits marked, overlaps taken leftmost-longest", () => {
    const text = "<b>达旗</b>达拉特旗树林召镇垃圾&垃圾";
    const s = highlight(text, ["达旗", "达拉特旗", "达拉特", "垃圾", "旗树"]);
    expect(join(s)).toBe(text);
    expect(s.filter((x) => x.hit).map((x) => x.text)).toEqual(["达旗", "达拉特旗", "垃圾", "垃圾"]);
    expect(s.find((x) => x.text.includes("<b>"))!.hit).toBe(false); // markup stays text for the page to escape
  });

  it("returns the whole text unmarked without terms, and nothing for an empty text", () => {
    expect(highlight("东胜区", [])).toEqual([{ text: "东胜区", hit: false }]);
    expect(highlight("东胜区", [""])).toEqual([{ text: "东胜区", hit: false }]);
    expect(highlight("", ["东胜"])).toEqual([]);
    expect(highlight("东胜", ["东胜"])).toEqual([{ text: "东胜", hit: true }]);
  });
});

describe("duplicate titles", () => {
  it("folds width, case, spaces and punctuation", () => {
    expect(titleKey("达旗：垃圾 成堆！ABC")).toBe(titleKey("达旗垃圾成堆abc"));
    expect(titleKey("Ｄａ　旗，")).toBe("da旗");
  });

  it("takes a reprint with a word changed or a site name added for the same title, and a short or other title not", () => {
    expect(nearSameTitle("达旗树林召镇农贸市场周边垃圾堆积 居民盼清运", "达旗树林召镇农贸市场周边垃圾堆积，居民盼清运")).toBe(true);
    expect(nearSameTitle("达旗树林召镇农贸市场周边垃圾堆积居民盼清运", "达旗树林召镇农贸市场周边垃圾堆积居民盼清运_鄂尔多斯新闻网")).toBe(true);
    expect(nearSameTitle("东胜区垃圾", "东胜区污水")).toBe(false);
    expect(nearSameTitle("", "")).toBe(false);
    expect(nearSameTitle("东胜区多个老旧小区存在卫生死角", "康巴什区获评全区文明城区")).toBe(false);
  });
});

describe("words news writes after a place", () => {
  it("reads 街头 and 路边 after a banner as the banner, not as a street named after it", () => {
    const places = provinceRegions("150000").map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode ?? null, prefectureCode: r.prefectureCode ?? null }));
    const m = buildMatcher({ places, words: [{ word: "垃圾", weight: 2 }], honours: HONOUR_MENTIONS });
    expect(matchText(m, "准格尔旗街头有垃圾").places.map((p) => p.codes)).toEqual([["150622"]]);
    expect(matchText(m, "东胜区路边垃圾无人清").places.map((p) => p.codes)).toEqual([["150602"]]);
    // A street named after a place is still a street, wherever it is.
    expect(matchText(m, "上海赤峰路垃圾").places).toEqual([]);
  });
});
