// Place and office names in a reader's language. Chinese and Mongolian pages show the Chinese name (the register's
// own); English pages show the official English name staff entered (达拉特旗 → Dalad Banner) or, without one, the
// name romanised with pinyin-pro and its administrative suffix translated (鄂托克前旗 → Etuokeqian Banner).
import { pinyin } from "pinyin-pro";
import type { Locale } from "../paraglide/runtime.js";

export interface LocalName {
  text: string;
  /** The `lang` of `text`, to mark it on the page (screen readers, fonts). */
  lang: string;
}

// Longest suffix first: 自治旗 before 旗, 街道办事处 before 街道.
const SUFFIXES: [string, string][] = [
  ["自治旗", "Autonomous Banner"],
  ["自治区", "Autonomous Region"],
  ["街道办事处", "Subdistrict"],
  ["街道", "Subdistrict"],
  ["苏木", "Sumu"],
  ["嘎查", "Gacha"],
  ["盟", "League"],
  ["旗", "Banner"],
  ["县", "County"],
  ["区", "District"],
  ["市", "City"],
  ["镇", "Town"],
  ["乡", "Township"],
];

// Offices and units are a place followed by the body's kind (鄂尔多斯市 + 爱卫办): the place is romanised, the kind
// translated, so a unit reads "Eerduosi City Patriotic Health Campaign Office", not one run of pinyin. Longest first.
const BODIES: [string, string][] = [
  ["爱国卫生运动委员会办公室", "Patriotic Health Campaign Office"],
  ["爱国卫生运动委员会", "Patriotic Health Campaign Committee"],
  ["爱卫办", "Patriotic Health Campaign Office"],
  ["爱卫会", "Patriotic Health Campaign Committee"],
  ["卫生健康委员会", "Health Commission"],
  ["卫生健康委", "Health Commission"],
  ["卫健委", "Health Commission"],
  ["市场监督管理局", "Administration for Market Regulation"],
  ["生态环境局", "Ecology and Environment Bureau"],
  ["住房和城乡建设局", "Housing and Urban-Rural Development Bureau"],
  ["城市管理综合执法局", "Urban Management and Law Enforcement Bureau"],
  ["城市管理局", "Urban Management Bureau"],
  ["农牧局", "Agriculture and Animal Husbandry Bureau"],
  ["水利局", "Water Resources Bureau"],
  ["教育局", "Education Bureau"],
  ["交通运输局", "Transport Bureau"],
  ["疾病预防控制中心", "Center for Disease Control and Prevention"],
  ["人民政府", "People's Government"],
];
// Places whose English name is settled usage rather than pinyin.
const KNOWN_PLACES: Record<string, string> = { 内蒙古自治区: "Inner Mongolia Autonomous Region", 自治区: "Autonomous Region" };

/**
 * 鄂托克前旗 → "Etuokeqian Banner"; 鄂尔多斯市爱卫办 → "Eerduosi City Patriotic Health Campaign Office". A note in
 * brackets (（示例成员单位）) is left out: pages that show a romanised name show the Chinese beside it.
 */
export function romanise(name: string): string {
  const bare = name.replace(/（[^）]*）$/, "");
  const body = BODIES.find(([zh]) => bare.endsWith(zh));
  if (body) {
    const place = bare.slice(0, -body[0].length);
    return place ? `${romanisePlace(place)} ${body[1]}` : body[1];
  }
  return romanisePlace(bare);
}

function romanisePlace(name: string): string {
  if (KNOWN_PLACES[name]) return KNOWN_PLACES[name];
  const suffix = SUFFIXES.find(([zh]) => name.endsWith(zh) && name.length > zh.length);
  const stem = suffix ? name.slice(0, -suffix[0].length) : name;
  const syllables = pinyin(stem, { toneType: "none", type: "array", v: true, nonZh: "consecutive" }).join("");
  const word = syllables.charAt(0).toUpperCase() + syllables.slice(1);
  return suffix ? `${word} ${suffix[1]}` : word;
}

export function localName(place: { name: string; nameEn?: string | null }, locale: Locale): LocalName {
  if (locale === "en") return { text: place.nameEn?.trim() || romanise(place.name), lang: "en" };
  return { text: place.name, lang: "zh-CN" };
}
