// Public-opinion monitoring 舆情监测 (seed 000 §29; issue 16): an article is matched against the province's places —
// every level, with the short forms people write (达旗, 鄂市, 东胜) — the register's honour names and the programme's
// problem words, all in one pass of a multi-pattern (Aho–Corasick) automaton. A name that means two places is kept
// as ambiguous unless the same article names a county or league that holds exactly one of them (or a township inside
// exactly one); it is never guessed. Places of other provinces and words holding one of our names (大兴安岭, 辽宁城市)
// are in the automaton too, so that the text they cover is not read as ours. README "舆情监测：匹配规则" has the rules
// and what they measure on the test articles.
import AhoCorasick from "modern-ahocorasick";
import { HONOURS, type AdminLevel } from "./honours.ts";
import { REGION_ALIASES, COMMON_WORD_NAMES, NOT_PLACE_WORDS, OUTSIDE_PLACES } from "./region-aliases.ts";

export interface MonitorPlace {
  code: string;
  name: string;
  level: AdminLevel;
  parentCode: string | null;
  prefectureCode: string | null;
}

export interface ProblemWord {
  word: string;
  weight: number;
}

export interface MatcherData {
  /** The province's regions, every level (the province itself is not a place an article can be about). */
  places: readonly MonitorPlace[];
  words: readonly ProblemWord[];
  /** Honour names as written in articles (国家卫生城市, 卫生县城 …). */
  honours: readonly string[];
  /**
   * Names of places elsewhere and words that hold one of our names (大兴安岭, 武汉市): they take their text and name
   * nothing. By default OUTSIDE_PLACES and NOT_PLACE_WORDS of region-aliases.ts.
   */
  outside?: readonly string[];
}

export interface PlaceHit {
  /** As written in the text ("达旗"); the first spelling when the place is named several ways. */
  surface: string;
  /** One code when the name means one place; all the places it may mean otherwise. */
  codes: string[];
}

export interface ItemMatch {
  places: PlaceHit[];
  words: { word: string; weight: number; count: number }[];
  honours: string[];
  score: number;
  /** Names a place of the province and a problem of the programme: worth a person's look. */
  candidate: boolean;
}

type Term = { kind: "place"; codes: string[] } | { kind: "word"; weight: number } | { kind: "honour"; name: string } | { kind: "outside" };

export interface Matcher {
  readonly automaton: AhoCorasick;
  readonly terms: readonly Term[];
  readonly patterns: readonly string[];
  readonly byCode: ReadonlyMap<string, MonitorPlace>;
}

const SUFFIXES = ["自治旗", "街道", "苏木", "旗", "区", "县", "市", "盟", "镇", "乡"];
/** Zones (开发区, 工业园区, 管理区, 矿区 …) are written in full or by an alias: their stems are not names. */
const ZONE = /(开发区|园区|园|示范区|管理区|矿区|保税区|合作区|贸易区|灌区|新区|保护区|中心|场)$/;
const LEVEL_RANK: Record<AdminLevel, number> = { province: 0, prefecture: 1, county: 2, township: 3 };

/**
 * The short forms of a place's name people write: 鄂尔多斯市 → 鄂尔多斯, 东胜区 → 东胜; never a common word.
 * Townships need a stem of three characters or more (two-character ones are words: 新华, 胜利), and not one ending in
 * 子 (新城子, 四家子, 土城子 are village names all over the north) or in 族 (鄂温克民族 is the people).
 */
export function shortForms(p: Pick<MonitorPlace, "name" | "level">): string[] {
  const forms: string[] = [];
  if (ZONE.test(p.name)) return forms;
  const suffix = SUFFIXES.find((s) => p.name.endsWith(s) && p.name.length > s.length);
  if (suffix && suffix !== "街道") {
    const stem = p.name.slice(0, -suffix.length);
    const township = p.level === "township";
    const minLength = township ? 3 : 2;
    if (stem.length >= minLength && !COMMON_WORD_NAMES.has(stem) && !(township && /[子族]$/.test(stem))) forms.push(stem);
  }
  return forms;
}

export function buildMatcher(data: MatcherData): Matcher {
  const byPattern = new Map<string, Term>();
  const byCode = new Map<string, MonitorPlace>();
  const addPlace = (pattern: string, code: string) => {
    const t = byPattern.get(pattern);
    if (!t) byPattern.set(pattern, { kind: "place", codes: [code] });
    else if (t.kind === "place" && !t.codes.includes(code)) t.codes.push(code);
  };
  const byName = new Map<string, string[]>();
  for (const p of data.places) {
    if (p.level === "province") continue;
    byCode.set(p.code, p);
    byName.set(p.name, [...(byName.get(p.name) ?? []), p.code]);
  }
  for (const p of byCode.values()) addPlace(p.name, p.code);
  // Short forms only where the full name is not itself another place's name; a short form two levels share is the
  // higher one's (巴彦淖尔 is the city, not 巴彦淖尔镇; 伊金霍洛 the banner, not its seat): the lower one is written in
  // full. Places of one level sharing a short form are ambiguous, as shared full names are.
  const byForm = new Map<string, string[]>();
  for (const p of byCode.values())
    for (const s of shortForms(p)) {
      if (byName.has(s) && !byName.get(s)!.includes(p.code)) continue;
      const codes = byForm.get(s);
      const rank = codes ? LEVEL_RANK[byCode.get(codes[0]!)!.level] : Infinity;
      if (LEVEL_RANK[p.level] < rank) byForm.set(s, [p.code]);
      else if (LEVEL_RANK[p.level] === rank) codes!.push(p.code);
    }
  for (const [s, codes] of byForm) for (const c of codes) addPlace(s, c);
  for (const [alias, fulls] of Object.entries(REGION_ALIASES)) for (const full of fulls) for (const code of byName.get(full) ?? []) addPlace(alias, code);
  // Words and honours never shadow a place name, and a word shadows nothing else; places elsewhere shadow nothing of
  // ours but take what they hold (大兴安岭 holds 兴安, and it is not 兴安盟).
  for (const h of data.honours) if (!byPattern.has(h)) byPattern.set(h, { kind: "honour", name: h });
  for (const w of data.words) if (w.word && !byPattern.has(w.word)) byPattern.set(w.word, { kind: "word", weight: w.weight });
  for (const o of data.outside ?? [...OUTSIDE_PLACES, ...NOT_PLACE_WORDS]) if (o && !byPattern.has(o)) byPattern.set(o, { kind: "outside" });
  const patterns = [...byPattern.keys()];
  return { automaton: new AhoCorasick(patterns), terms: patterns.map((p) => byPattern.get(p)!), patterns, byCode };
}

interface Span {
  start: number;
  end: number;
  index: number;
}

/** Leftmost-longest, non-overlapping: "达拉特旗" is one name, not 达拉特 + 旗. */
function spans(m: Matcher, text: string): Span[] {
  const all = m.automaton.search(text).map((h) => ({ start: h.start, end: h.end, index: h.patternIndex }));
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  let reach = -1;
  for (const s of all) {
    if (s.start < reach) continue;
    kept.push(s);
    reach = s.end;
  }
  return kept;
}

function ancestors(m: Matcher, code: string): string[] {
  const out: string[] = [];
  let p = m.byCode.get(code);
  while (p?.parentCode && m.byCode.has(p.parentCode)) {
    out.push(p.parentCode);
    p = m.byCode.get(p.parentCode);
  }
  return out;
}

/**
 * A name that begins a street's name (赤峰路, 包头大街, 鄂尔多斯东街): a street, in any city. Not 街头, 路边 and the
 * like, which news writes after a place (准格尔旗街头有垃圾).
 */
const STREET = /^[东南西北中]?(大街|大道|路(?![边段口面上旁])|街(?![道头巷面边区]))/;

export function matchText(m: Matcher, text: string): ItemMatch {
  const normal = text.normalize("NFKC");
  const found = spans(m, normal);
  const places: PlaceHit[] = [];
  const words = new Map<string, { word: string; weight: number; count: number }>();
  const honours = new Set<string>();
  let outsideEnd = -1;
  for (const s of found) {
    const term = m.terms[s.index]!;
    const surface = m.patterns[s.index]!;
    if (term.kind === "outside") outsideEnd = s.end;
    else if (term.kind === "place") {
      // Written right after a place elsewhere, it is that place's district (武汉市青山区); at the head of a street's name
      // it is the street (赤峰路 in Shanghai).
      if (s.start === outsideEnd) outsideEnd = s.end;
      else if (!STREET.test(normal.slice(s.end, s.end + 3))) places.push({ surface, codes: [...term.codes] });
    } else if (term.kind === "honour") honours.add(term.name);
    else {
      const w = words.get(surface) ?? { word: surface, weight: term.weight, count: 0 };
      w.count += 1;
      words.set(surface, w);
    }
  }
  // An ambiguous name is settled only by another place the same text names without doubt, when exactly one of the
  // name's places lies inside it (城关镇 with 临河区) or holds it (扎旗 with 鲁北镇, which only 扎鲁特旗 holds).
  const settled = new Set(places.filter((p) => p.codes.length === 1).map((p) => p.codes[0]!));
  const holds = (outer: string, inner: string) => ancestors(m, inner).includes(outer);
  for (const p of places) {
    if (p.codes.length < 2) continue;
    const fit = p.codes.filter((c) => [...settled].some((s) => holds(s, c) || holds(c, s)));
    if (fit.length === 1) p.codes = fit;
  }
  // One hit per place (or per set of possible places), in order of first mention.
  const merged: PlaceHit[] = [];
  const seen = new Set<string>();
  for (const p of places) {
    const key = [...p.codes].sort().join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(p);
  }
  // A league named only because one of its banners is named adds nothing: keep the most precise places.
  const precise = merged.filter((p) => !(p.codes.length === 1 && merged.some((q) => q !== p && q.codes.length === 1 && ancestors(m, q.codes[0]!).includes(p.codes[0]!))));
  const wordList = [...words.values()];
  const wordScore = wordList.reduce((sum, w) => sum + w.weight * Math.min(w.count, 3), 0);
  const score = wordScore + honours.size * 2 + (precise.some((p) => p.codes.length === 1) ? 1 : 0);
  return { places: precise, words: wordList, honours: [...honours], score, candidate: precise.length > 0 && wordList.length > 0 };
}

export interface Segment {
  text: string;
  hit: boolean;
}

/** The text cut where the matched terms are, for a page to mark them (and escape everything, as Astro does). */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  const wanted = [...new Set(terms.filter((t) => t.length > 0))];
  if (wanted.length === 0 || !text) return text ? [{ text, hit: false }] : [];
  const ac = new AhoCorasick(wanted);
  const hits = ac.search(text).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let at = 0;
  for (const h of hits) {
    if (h.start < at) continue;
    if (h.start > at) out.push({ text: text.slice(at, h.start), hit: false });
    out.push({ text: text.slice(h.start, h.end), hit: true });
    at = h.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}

/** A title folded for duplicate detection: width, case, spaces and punctuation do not make another article. */
export function titleKey(title: string): string {
  return title
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, "");
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) out.set(s.slice(i, i + 2), (out.get(s.slice(i, i + 2)) ?? 0) + 1);
  return out;
}

/** Near-identical titles (a reprint with a word changed or a site name added): Dice similarity of character pairs. */
export function nearSameTitle(a: string, b: string, threshold = 0.85): boolean {
  const ka = titleKey(a);
  const kb = titleKey(b);
  if (ka === kb) return ka.length > 0;
  if (Math.min(ka.length, kb.length) < 8) return false;
  const ga = bigrams(ka);
  const gb = bigrams(kb);
  let common = 0;
  for (const [g, n] of ga) common += Math.min(n, gb.get(g) ?? 0);
  return (2 * common) / (ka.length - 1 + kb.length - 1) >= threshold;
}

/** The register's honours as articles write them: the official names and the forms in common use. */
export const HONOUR_MENTIONS: readonly string[] = [
  ...Object.values(HONOURS).map((h) => h.label),
  "国家卫生县城",
  "国家卫生镇",
  "卫生城市",
  "卫生县城",
  "卫生乡镇",
  "健康城市",
  "创卫",
  "国卫",
];
