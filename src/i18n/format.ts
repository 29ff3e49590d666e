// Dates in a reader's language: Chinese 2026年12月1日, English 1 December 2026, Mongolian 2026-12-01 (digits read
// the same in every script and stay upright in vertical text). Times are Beijing time, as everywhere on the portal.
import { formatDateCn, shanghaiDate, shanghaiTime, type DateString } from "../domain/time.ts";
import type { Locale } from "../paraglide/runtime.js";

const EN_DATE = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

export function formatDate(date: DateString, locale: Locale): string {
  if (locale === "zh") return formatDateCn(date);
  if (locale === "en") return EN_DATE.format(new Date(`${date}T00:00:00Z`));
  return date;
}

/** An instant as a Beijing date, with the time unless `withTime` is false. */
export function formatInstant(instant: Date, locale: Locale, withTime = true): string {
  const date = formatDate(shanghaiDate(instant), locale);
  return withTime ? `${date} ${shanghaiTime(instant)}` : date;
}
