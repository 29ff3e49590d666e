// Channels 来件渠道: how a case reached the office. The web form files its own cases; the office records those that
// arrive by phone, letter, e-mail or in person (issue 15), and they go through the same intake with the time they
// were received, which starts the case clock and decides whether an objection came within its publicity window.
import { describeWindow, LETTER_DATING_LABELS, letterInTime, type LetterDating, type ObjectionCheck, type PublicityWindow } from "./publicity.ts";
import { formatDateCn, isDateString, isTimeOfDay, shanghaiAt, shanghaiDate, type DateString } from "./time.ts";

/** Every value of cases.source, in the order the statistics list them. */
export const CASE_SOURCES = ["web", "hotline", "letter", "email", "visit", "national_transfer", "media_monitoring"] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** What staff record by hand at /admin/cases/new. */
export const OFFLINE_CHANNELS = ["hotline", "letter", "email", "visit"] as const satisfies readonly CaseSource[];
export type OfflineChannel = (typeof OFFLINE_CHANNELS)[number];

export const CHANNEL_LABELS: Record<CaseSource, string> = {
  web: "网上",
  hotline: "电话",
  letter: "信函",
  email: "电子邮件",
  visit: "来访",
  national_transfer: "国家转办",
  media_monitoring: "舆情监测",
};

/**
 * The public note the portal itself writes on a case when it is received (its first timeline entry). Kept here, one
 * sentence per channel, so that the public side can say the same in the reader's language (src/i18n/labels-case.ts).
 */
export function receivedNote(source: CaseSource | null): string {
  if (source === "media_monitoring") return "自治区爱卫办通过舆情监测发现此线索并登记，将在受理期限内决定是否受理。";
  return source && source !== "web" ? `已收到您通过${CHANNEL_LABELS[source]}提出的反映，将在受理期限内决定是否受理。` : "已收到您的反映，将在受理期限内决定是否受理。";
}

export function isCaseSource(s: string): s is CaseSource {
  return (CASE_SOURCES as readonly string[]).includes(s);
}

export function isOfflineChannel(s: string): s is OfflineChannel {
  return (OFFLINE_CHANNELS as readonly string[]).includes(s);
}

/**
 * How far back a received time may lie. Cases are recorded the day they arrive; a time weeks old is nearly always a
 * mistyped date, and the clock would start overdue. An older letter is a matter for the office to decide by hand.
 */
export const RECEIVED_MAX_AGE_DAYS = 30;

export type ReceivedTime = { ok: true; at: Date } | { ok: false; error: string };

/**
 * The received date ('YYYY-MM-DD') and time ('HH:MM'), Shanghai wall clock, as staff type them: never in the future
 * (to the minute the form can express), never more than RECEIVED_MAX_AGE_DAYS ago.
 */
export function parseReceivedTime(date: string, time: string, now: Date): ReceivedTime {
  if (!date || !isDateString(date)) return { ok: false, error: "请填写收到日期，格式为 年-月-日，例如 2026-11-20" };
  if (!time || !isTimeOfDay(time)) return { ok: false, error: "请填写收到时间，格式为 时:分，例如 09:30" };
  const at = shanghaiAt(date as DateString, time);
  // The form has minutes only: a call taken at 09:30:40 and recorded at once is "09:30", not in the future.
  if (at.getTime() > now.getTime()) return { ok: false, error: "收到时间不能晚于现在" };
  if (now.getTime() - at.getTime() > RECEIVED_MAX_AGE_DAYS * 24 * 3600 * 1000) {
    return { ok: false, error: `收到时间不能早于 ${RECEIVED_MAX_AGE_DAYS} 天前；更早的来件请报办公室负责人处理` };
  }
  return { ok: true, at };
}

export type Postmark = { ok: true; date: DateString | null } | { ok: false; error: string };

/**
 * A letter's postmark date, when staff give one: publicity lists date objections by letter by their postmark
 * (LETTER_DATING_LABELS, e.g. 以寄出邮戳日期为准), so a letter posted on the window's last day and delivered after
 * it still counts. A postmark cannot be later than the letter's arrival. Other channels have none.
 */
export function parsePostmark(channel: string, date: string | undefined, receivedAt: Date): Postmark {
  const d = (date ?? "").trim();
  if (!d) return { ok: true, date: null };
  if (channel !== "letter") return { ok: false, error: "只有信函有邮戳日期；其他渠道请留空" };
  if (!isDateString(d)) return { ok: false, error: "邮戳日期格式应为 年-月-日，例如 2026-11-20" };
  if (d > shanghaiDate(receivedAt)) return { ok: false, error: "邮戳日期不能晚于收到日期" };
  return { ok: true, date: d };
}

/** An objection by letter with a postmark: in time when the postmark falls on a Shanghai day of the window. */
export function letterObjectionCheck(w: PublicityWindow, postmarkedOn: DateString, dating: LetterDating): ObjectionCheck {
  if (letterInTime(w, postmarkedOn)) return { allowed: true };
  return {
    allowed: false,
    status: postmarkedOn < shanghaiDate(w.opensAt) ? "scheduled" : "closed",
    reason: `信函邮戳日期${formatDateCn(postmarkedOn)}不在公示期（${describeWindow(w)}）内（${LETTER_DATING_LABELS[dating]}），不予受理为异议；如有问题，可作为投诉或舆情线索提交。`,
  };
}

/** Counts per channel in CASE_SOURCES order, only the channels that have any; unknown sources are left out. */
export function channelBreakdown(counts: ReadonlyMap<string, number> | Record<string, number>): { source: CaseSource; label: string; count: number }[] {
  const get = (s: string) => (counts instanceof Map ? counts.get(s) : (counts as Record<string, number>)[s]) ?? 0;
  return CASE_SOURCES.filter((s) => get(s) > 0).map((s) => ({ source: s, label: CHANNEL_LABELS[s], count: get(s) }));
}

/** '网上 2 件、电话 1 件' */
export function describeBreakdown(rows: { label: string; count: number }[]): string {
  return rows.map((r) => `${r.label} ${r.count} 件`).join("、");
}
