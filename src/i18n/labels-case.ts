// A case's labels in the reader's (or the filer's) language. The domain names states, events, findings, kinds,
// stages and ratings in Chinese (src/domain, also the back office's language); the public side translates them here
// from the track catalog (messages/track) instead of changing the domain. Chinese is returned exactly as the domain
// gives it, so Chinese pages and mails stay as they were. A label the catalog does not know is returned as it is
// (callers mark it lang="zh-CN" with isTranslated()).
import { ACTION_LABELS, CASE_STATE_LABELS, eventLabel, FINDING_LABELS, publicStatus, type CaseState, type Finding } from "../domain/cases.ts";
import { describeClock, STAGE_LABELS, type ClockState, type Stage } from "../domain/clock.ts";
import { RATING_LABELS, type Rating } from "../domain/feedback.ts";
import { KIND_LABELS, type Kind } from "../domain/routing.ts";
import { CASE_SOURCES, receivedNote } from "../domain/channels.ts";
import { m } from "../paraglide/messages.js";
import type { Locale } from "../paraglide/runtime.js";
import { formatDate } from "./format.ts";

type Message = (params?: Record<string, unknown>, options?: { locale?: Locale }) => string;
const catalog = m as unknown as Record<string, Message>;
const say = (key: string, locale: Locale, params: Record<string, unknown> = {}): string => catalog[key]!(params, { locale });

// Events outside the state machine (src/domain/cases.ts OTHER_EVENT_LABELS is private): their action codes.
const OTHER_EVENTS = ["submit", "extend", "extension_requested", "extension_refused", "pause", "resume", "deadline_recomputed", "rate", "reexam_requested", "reexam_reopened", "reexam_upheld"];

/** Chinese label → catalog key, built from the domain's own tables so a new domain label shows up untranslated. */
const KEYS = new Map<string, string>();
const add = (table: Record<string, string>, prefix: string) => {
  for (const [code, label] of Object.entries(table)) if (!KEYS.has(`${prefix}:${label}`)) KEYS.set(`${prefix}:${label}`, `track_${prefix}_${code}`);
};
add(CASE_STATE_LABELS, "state");
add(FINDING_LABELS, "finding");
add(KIND_LABELS, "kind");
add(STAGE_LABELS, "stage");
add(RATING_LABELS, "rating");
add(ACTION_LABELS, "event");
add(Object.fromEntries(OTHER_EVENTS.map((a) => [a, eventLabel(a)])), "event");

function byLabel(prefix: string, label: string, locale: Locale): string {
  if (locale === "zh") return label;
  const key = KEYS.get(`${prefix}:${label}`);
  return key && key in catalog ? say(key, locale) : label;
}

/** Whether `label` (a domain label) has a translation; an untranslated one is shown in Chinese and marked so. */
export function isTranslated(prefix: "state" | "finding" | "kind" | "stage" | "rating" | "event", label: string): boolean {
  return KEYS.has(`${prefix}:${label}`);
}

export const caseStateLabel = (label: string, locale: Locale) => byLabel("state", label, locale);
export const findingLabel = (label: string, locale: Locale) => byLabel("finding", label, locale);
export const kindLabel = (label: string, locale: Locale) => byLabel("kind", label, locale);
export const stageLabel = (label: string, locale: Locale) => byLabel("stage", label, locale);
export const ratingLabel = (label: string, locale: Locale) => byLabel("rating", label, locale);
export const eventLabelIn = (label: string, locale: Locale) => byLabel("event", label, locale);

export const kindName = (kind: Kind, locale: Locale) => kindLabel(KIND_LABELS[kind], locale);
export const stageName = (stage: Stage, locale: Locale) => stageLabel(STAGE_LABELS[stage], locale);
export const ratingName = (rating: Rating, locale: Locale) => ratingLabel(RATING_LABELS[rating], locale);

/** The public status (publicStatus's label) of a state in `locale`: "Closed (found true)" and so on. */
export function publicStatusLabel(state: CaseState, detail: { finding?: Finding | null; rectified?: boolean }, locale: Locale): string {
  if (locale === "zh") return publicStatus(state, detail).label;
  if (state === "closed" && detail.finding) {
    const finding = say(`track_finding_${detail.finding}`, locale);
    return say(detail.rectified ? "track_closed_with_finding_rectified" : "track_closed_with_finding", locale, { finding });
  }
  return say(`track_state_${state}`, locale);
}

/** A public status label as /track receives it (already in Chinese) in `locale`. */
export function statusLabelIn(label: string, locale: Locale): string {
  if (locale === "zh") return label;
  const closed = /^已办结（经核实(.+?)(，整改已验收)?）$/.exec(label);
  if (closed) {
    const finding = findingLabel(closed[1]!, locale);
    return say(closed[2] ? "track_closed_with_finding_rectified" : "track_closed_with_finding", locale, { finding });
  }
  return caseStateLabel(label, locale);
}

/** describeClock in `locale`: the deadline, the working days left or overdue, extension and provisional notes. */
export function clockText(s: ClockState, locale: Locale): string {
  if (locale === "zh") return describeClock(s);
  const extended = s.extendedDays > 0 ? say("track_clock_extended", locale, { days: s.extendedDays }) : "";
  if (s.status === "none") return say("track_clock_none", locale);
  if (s.status === "paused") return say("track_clock_paused", locale, { days: Math.max(0, s.workingDaysLeft ?? 0), extended });
  const d = s.deadline!;
  const left = s.workingDaysLeft ?? 0;
  const when = s.status === "overdue" ? say("track_clock_overdue", locale, { days: Math.max(1, -left) }) : left === 0 ? say("track_clock_today", locale) : say("track_clock_left", locale, { days: left });
  const date = `${formatDate(d.dueDate, locale)}${d.provisional ? say("track_provisional", locale) : ""}`;
  return say("track_clock_running", locale, { date, when, extended, holidays: d.provisional ? say("track_clock_holidays", locale) : "" });
}

/**
 * A public note on the timeline in the reader's language when the portal wrote it itself (the note on receipt,
 * receivedNote); null for a note staff wrote, which stays in Chinese and is marked so.
 */
export function systemNoteIn(note: string, locale: Locale): string | null {
  if (locale === "zh") return note;
  const source = [null, ...CASE_SOURCES].find((s) => note === receivedNote(s));
  if (source === undefined) return null;
  if (source === "media_monitoring") return say("track_note_found_by_monitoring", locale);
  if (source === null || source === "web") return say("track_note_received", locale);
  return say("track_note_received_via", locale, { channel: say(`publicity_channel_${source}`, locale) });
}
