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

/** 鄂托克前旗 → "Etuokeqian Banner"; a name without a known suffix is romanised whole. */
export function romanise(name: string): string {
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
