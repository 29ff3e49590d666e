// Everything the /report page needs to render the form: options, pre-filled values from a link, and the notice
// shown when a link names an entry whose publicity is not open.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { INT4_MAX } from "../../domain/ids.ts";
import { objectionAllowed } from "../../domain/publicity.ts";
import { KIND_HINTS } from "../../domain/report.ts";
import { CASE_KINDS, CATEGORIES, CATEGORY_LABELS, KIND_LABELS } from "../../domain/routing.ts";
import { isHonour } from "../../domain/honours.ts";
import { localName } from "../../i18n/names.ts";
import type { Locale } from "../../paraglide/runtime.js";
import { categoryLabel, honourLabel, kindHint, kindLabel } from "../../components/report/messages.ts";
import { refusalReason } from "./present.ts";
import { shanghaiDate } from "../../domain/time.ts";
import { config } from "../config.ts";
import type { Tx } from "../db.ts";
import { entryById, officialEnglishNames, openEntries, prefecturesWithCounties, regionPath } from "./options.ts";

const linkQuery = z.object({
  type: z.enum(CASE_KINDS).optional().catch(undefined),
  entry: z.coerce.number().int().positive().max(INT4_MAX).optional().catch(undefined),
  region: z.string().regex(/^\d{6}(\d{3})?$/).optional().catch(undefined),
});

/**
 * In English and Mongolian the labels come from the catalog and place names are the reader's (romanised for
 * English; Chinese on Mongolian pages, marked with `placeLang` so the page can say so); Chinese is as it always was.
 */
export async function reportFormProps(tx: Tx, url: URL, now: Date, values?: Record<string, string>, locale: Locale = "zh") {
  const zh = locale === "zh";
  const official = locale === "en" ? await officialEnglishNames(tx) : new Map<string, string>();
  const place = (name: string, code?: string) => (zh ? name : localName({ name, nameEn: code ? official.get(code) : null }, locale).text);
  const q = linkQuery.parse(Object.fromEntries(url.searchParams));
  const initial: Record<string, string> = { ...(values ?? {}) };
  let entryNotice: string | null = null;
  if (!values) {
    if (q.entry) {
      const entry = await entryById(tx, q.entry);
      if (entry) {
        const check = objectionAllowed(entry, now);
        if (check.allowed) Object.assign(initial, { kind: "objection", publicityEntryId: String(entry.id) });
        else {
          entryNotice = zh ? `对“${entry.name}”的${check.reason}` : refusalReason(locale === "en" ? place(entry.name, entry.regionCode) : null, entry, now, locale);
          Object.assign(initial, { kind: "complaint", regionCode: entry.regionCode });
        }
      }
    } else if (q.type) initial.kind = q.type;
    if (q.region) {
      initial.regionCode = q.region;
      initial.kind ??= "complaint";
    }
  }
  const regionCode = initial.regionCode;
  const path = regionCode ? await regionPath(tx, regionCode) : [];
  const entries = await openEntries(tx, now);
  const prefectures = await prefecturesWithCounties(tx, config().PROVINCE_CODE);
  return {
    kinds: CASE_KINDS.map((k) => ({ value: k, label: zh ? KIND_LABELS[k] : kindLabel(k, locale), hint: zh ? KIND_HINTS[k] : kindHint(k, locale) })),
    categories: CATEGORIES.map((c) => ({ value: c, label: zh ? CATEGORY_LABELS[c] : categoryLabel(c, locale) })),
    // A Mongolian page shows an entry as the list names it, in Chinese (marked so by placeLang).
    entries:
      locale === "en"
        ? entries.map((e) => ({ ...e, label: `${place(e.name, e.regionCode)}${e.prefecture && e.prefecture !== e.name ? ` (${place(e.prefecture, e.prefectureCode ?? undefined)})` : ""} · ${isHonour(e.honour) ? honourLabel(e.honour, locale) : e.honour}` }))
        : entries,
    prefectures: zh ? prefectures : prefectures.map((p) => ({ ...p, name: place(p.name, p.code), counties: p.counties.map((c) => ({ ...c, name: place(c.name, c.code) })) })),
    placeLang: zh ? undefined : locale === "en" ? "en" : "zh-CN",
    locale,
    initial,
    initialRegion: path.length ? { code: path.at(-1)!.code, label: path.map((p) => place(p.name, p.code)).join(" ") } : null,
    idempotencyKey: randomUUID(),
    today: shanghaiDate(now),
    /** For the receipt the island shows (it has no server config). */
    officeShortName: config().OFFICE_SHORT_NAME,
    entryNotice,
  };
}
