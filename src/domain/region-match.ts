// Matching pasted place names to regions 行政区划: staff copy a list of 18 towns out of a document, and each name must
// become one region code — the same township name exists in two leagues, so a name is only taken as meant when it
// names exactly one place; everything else is shown with its league and county to choose from.

export interface RegionCandidate {
  code: string;
  name: string;
  level: "province" | "prefecture" | "county" | "township";
  /** "鄂尔多斯市 达拉特旗" for a township, "鄂尔多斯市" for a county, "" above. */
  context: string;
}

export type NameMatchStatus = "exact" | "ambiguous" | "unknown" | "duplicate";

export interface NameMatch {
  /** The name as pasted, cleaned. */
  input: string;
  status: NameMatchStatus;
  /** Places the name may mean, best first; empty when unknown. */
  candidates: RegionCandidate[];
  /** The code taken without asking: only when exactly one place has this very name. */
  preselected: string | null;
}

/** At most this many names in one paste: a publicity list holds a batch, not the province. */
export const MAX_PASTED_NAMES = 100;

/**
 * Splits a pasted block into names: one per line, or separated by 、，,;；as in running text; list numbering
 * ("1.", "（1）", "一、"), bullets and surrounding spaces go.
 */
export function splitNames(text: string): string[] {
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.replace(/^\s*(?:[（(]?\d+[)）.．、]?|[一二三四五六七八九十]+、|[-*•·])\s*/u, ""))
    .flatMap((line) => line.split(/[、，,;；]+/))
    .map((s) => s.replace(/[\s　"“”'‘’（）()]/gu, "").trim())
    .filter((s) => s.length > 0);
}

/**
 * One match per name. `prefer` narrows the candidates to the places that could hold the honour in question (townships
 * for a township honour); when none of those has the name, all places with it are shown, so that the reason a place
 * cannot be added is given when it is added rather than "unknown".
 */
export function matchNames(names: string[], regions: readonly RegionCandidate[], prefer: (r: RegionCandidate) => boolean = () => true): NameMatch[] {
  const byName = new Map<string, RegionCandidate[]>();
  for (const r of regions) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const seen = new Set<string>();
  const narrow = (list: RegionCandidate[]) => {
    const preferred = list.filter(prefer);
    return preferred.length > 0 ? preferred : list;
  };
  return names.slice(0, MAX_PASTED_NAMES).map((input): NameMatch => {
    if (seen.has(input)) return { input, status: "duplicate", candidates: [], preselected: null };
    seen.add(input);
    const exact = narrow(byName.get(input) ?? []);
    if (exact.length === 1) return { input, status: "exact", candidates: exact, preselected: exact[0]!.code };
    if (exact.length > 1) return { input, status: "ambiguous", candidates: exact, preselected: null };
    // "达拉特旗树林召镇": a county or league written before the place's own name.
    const qualified = regions.filter((r) => input.length > r.name.length && input.endsWith(r.name) && r.context.split(" ").some((c) => c && input.startsWith(c)));
    if (qualified.length === 1) return { input, status: "exact", candidates: qualified, preselected: qualified[0]!.code };
    // "树林召" without its 镇, or a name written short: places whose name begins with it, to choose from.
    const near = qualified.length > 1 ? qualified : input.length >= 2 ? narrow(regions.filter((r) => r.name.startsWith(input))).slice(0, 8) : [];
    return near.length ? { input, status: "ambiguous", candidates: near, preselected: null } : { input, status: "unknown", candidates: [], preselected: null };
  });
}
