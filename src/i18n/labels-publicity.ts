// The labels of statuses, honours, outcomes, channels, notice types and search kinds on the public reading pages (home,
// publicity, notices, search), in the reader's language. The domain keeps its Chinese labels (the back office, feeds
// and the API use them); these map the same keys to the catalogs, whose Chinese is the domain's word for word, so a
// Chinese page reads exactly as before. Sentences built from times (time left, a changed window) are here too.
import { describeAttachment, formatSize } from "../domain/attachments.ts";
import { describeExtension, describeTimeLeft, timeLeft, type EntryOutcome, type LetterDating, type PublicityStatus, type PublicityWindow } from "../domain/publicity.ts";
import { formatShanghai } from "../domain/time.ts";
import { m } from "../paraglide/messages.js";
import { getLocale, type Locale } from "../paraglide/runtime.js";
import { formatInstant } from "./format.ts";

const STATUS: Record<PublicityStatus, () => string> = {
  scheduled: m.publicity_status_scheduled,
  open: m.publicity_status_open,
  closed: m.publicity_status_closed,
};

const HONOUR: Record<string, () => string> = {
  health_city: m.publicity_honour_health_city,
  health_county: m.publicity_honour_health_county,
  health_township: m.publicity_honour_health_township,
  sanitary_city: m.publicity_honour_sanitary_city,
  sanitary_county: m.publicity_honour_sanitary_county,
  sanitary_township: m.publicity_honour_sanitary_township,
};

const OUTCOME: Record<EntryOutcome, () => string> = {
  recommended: m.publicity_outcome_recommended,
  withdrawn: m.publicity_outcome_withdrawn,
  under_verification: m.publicity_outcome_under_verification,
};

const LETTER_DATING: Record<LetterDating, () => string> = {
  postmark_dispatch: m.publicity_letter_postmark_dispatch,
  postmark_arrival: m.publicity_letter_postmark_arrival,
};

const CHANNEL: Record<string, () => string> = {
  web: m.publicity_channel_web,
  hotline: m.publicity_channel_hotline,
  letter: m.publicity_channel_letter,
  email: m.publicity_channel_email,
  visit: m.publicity_channel_visit,
  national_transfer: m.publicity_channel_national_transfer,
  media_monitoring: m.publicity_channel_media_monitoring,
};

const NOTICE_TYPE: Record<string, () => string> = {
  notice: m.notices_type_notice,
  circular: m.notices_type_circular,
  publicity: m.notices_type_publicity,
  rules: m.notices_type_rules,
  opinion: m.notices_type_opinion,
  result: m.notices_type_result,
};

const SEARCH_KIND: Record<string, () => string> = {
  notice: m.search_kind_notice,
  publicity: m.search_kind_publicity,
  town: m.search_kind_town,
  page: m.search_kind_page,
};

export const statusLabel = (s: PublicityStatus): string => STATUS[s]();
/** An unknown honour (a value the register does not know) shows as itself, as in the domain. */
export const honourLabel = (h: string): string => HONOUR[h]?.() ?? h;
export const outcomeLabel = (o: string): string => OUTCOME[o as EntryOutcome]?.() ?? o;
export const letterDatingLabel = (d: LetterDating): string => LETTER_DATING[d]();
export const noticeTypeLabel = (t: string): string => NOTICE_TYPE[t]?.() ?? t;
export const searchKindLabel = (k: string): string => SEARCH_KIND[k]?.() ?? k;

/** '网上 2 件、电话 1 件' / 'online: 2, phone: 1'. */
export function describeChannels(rows: { source: string; count: number }[]): string {
  return rows.map((r) => m.publicity_breakdown_item({ channel: CHANNEL[r.source]?.() ?? r.source, count: r.count })).join(m.publicity_breakdown_sep());
}

/** An instant on a page: Chinese exactly as the domain has always written it, other languages by src/i18n/format.ts. */
export function instant(at: Date, locale: Locale = getLocale(), withTime = true): string {
  return locale === "zh" ? formatShanghai(at, withTime) : formatInstant(at, locale, withTime);
}

/** '剩余 2 天 3 小时' / '2 days 3 hours left'; null unless the window is open. */
export function timeLeftText(w: PublicityWindow, now: Date, locale: Locale = getLocale()): string | null {
  const left = timeLeft(w, now);
  if (!left) return null;
  if (locale === "zh") return describeTimeLeft(left);
  const parts: string[] = [];
  if (left.days > 0) parts.push(left.days === 1 ? m.publicity_day() : m.publicity_days({ count: left.days }));
  if (left.hours > 0) parts.push(left.hours === 1 ? m.publicity_hour() : m.publicity_hours({ count: left.hours }));
  if (left.minutes > 0) parts.push(left.minutes === 1 ? m.publicity_minute() : m.publicity_minutes({ count: left.minutes }));
  return parts.length === 0 ? m.publicity_left_under_minute() : m.publicity_left({ time: parts.join(" ") });
}

/** What a changed window says, never silently: the domain's sentence in Chinese, the catalog's elsewhere. */
export function extensionText(original: PublicityWindow, extended: PublicityWindow, locale: Locale = getLocale()): string {
  if (locale === "zh") return describeExtension(original, extended);
  const at = (d: Date) => instant(d, locale);
  const opensMoved = original.opensAt.getTime() !== extended.opensAt.getTime();
  const start = opensMoved ? m.publicity_ext_start({ old: at(original.opensAt), new: at(extended.opensAt) }) : "";
  const diff = extended.closesAt.getTime() - original.closesAt.getTime();
  const old = at(original.closesAt);
  const now = at(extended.closesAt);
  if (diff > 0) return m.publicity_ext_extended({ start, old, new: now });
  if (diff < 0) return m.publicity_ext_shortened({ start, old, new: now });
  return opensMoved ? m.publicity_ext_opens_only({ start, new: now }) : m.publicity_ext_unchanged({ new: now });
}

/** An attachment's kind and size: 'PDF，1.2 MB' / 'PDF, 1.2 MB'. */
export function attachmentText(a: { mimeType: string; size: number }, locale: Locale = getLocale()): string {
  if (locale === "zh") return describeAttachment(a);
  const kind: Record<string, string> = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": m.notices_file_word(),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": m.notices_file_excel(),
    "image/jpeg": m.notices_file_image({ format: "JPEG" }),
    "image/png": m.notices_file_image({ format: "PNG" }),
    "image/webp": m.notices_file_image({ format: "WebP" }),
  };
  return `${kind[a.mimeType] ?? a.mimeType}${m.notices_file_sep()}${formatSize(a.size)}`;
}
