// Public statistics 办理情况统计 (issue 6, seed 002 §9 monthly circulars): pure aggregation over per-case facts, so
// that the figures can be checked by hand. Counts under SMALL_COUNT are shown as counts, never as percentages.
import type { Rating } from "./feedback.ts";

export const SMALL_COUNT = 5;

export interface CaseFacts {
  id: number;
  kind: "objection" | "lead" | "complaint" | "suggestion";
  /** League/city the case is about; null = 自治区本级. */
  prefectureCode: string | null;
  /** YYYY-MM of receipt, Asia/Shanghai. */
  month: string;
  accepted: boolean;
  concludedAt: Date | null;
  /** Working days from receipt to conclusion. */
  workingDaysToConclude: number | null;
  /** A stage ended after its deadline, or an open case is past its deadline now. */
  late: boolean;
  rating: Rating | null;
  publicityId: number | null;
}

export interface Tally {
  received: number;
  accepted: number;
  concluded: number;
  onTime: number;
  overdue: number;
  medianWorkingDays: number | null;
  ratings: Record<Rating, number>;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function tally(facts: CaseFacts[]): Tally {
  const concluded = facts.filter((f) => f.concludedAt);
  return {
    received: facts.length,
    accepted: facts.filter((f) => f.accepted).length,
    concluded: concluded.length,
    onTime: concluded.filter((f) => !f.late).length,
    overdue: facts.filter((f) => f.late).length,
    medianWorkingDays: median(concluded.map((f) => f.workingDaysToConclude ?? 0)),
    ratings: {
      satisfied: facts.filter((f) => f.rating === "satisfied").length,
      basically_satisfied: facts.filter((f) => f.rating === "basically_satisfied").length,
      unsatisfied: facts.filter((f) => f.rating === "unsatisfied").length,
    },
  };
}

export function groupTally<K extends string>(facts: CaseFacts[], key: (f: CaseFacts) => K): Map<K, Tally> {
  const groups = new Map<K, CaseFacts[]>();
  for (const f of facts) groups.set(key(f), [...(groups.get(key(f)) ?? []), f]);
  return new Map([...groups].map(([k, fs]) => [k, tally(fs)]));
}

export type Share = { kind: "percent"; value: number; text: string } | { kind: "small"; text: string } | { kind: "none"; text: string };

/** "85%" when the base is large enough to mean something; "4 件中 3 件" when it is not. */
export function share(part: number, whole: number): Share {
  if (whole === 0) return { kind: "none", text: "—" };
  if (whole < SMALL_COUNT) return { kind: "small", text: `${whole} 件中 ${part} 件（样本少于 ${SMALL_COUNT} 件，不计比率）` };
  const value = Math.round((part / whole) * 1000) / 10;
  return { kind: "percent", value, text: `${value}%` };
}

/** Satisfaction = (satisfied + basically satisfied) / rated. */
export function satisfaction(t: Tally): Share {
  const rated = t.ratings.satisfied + t.ratings.basically_satisfied + t.ratings.unsatisfied;
  return share(t.ratings.satisfied + t.ratings.basically_satisfied, rated);
}
