// Translation 译文 of a notice or a publicity list for a reader: the staff-entered English or Mongolian version, or
// none (the page then shows the Chinese original with one line saying so). Writing versions: src/server/publish/.
import { and, eq, inArray, sql } from "drizzle-orm";
import { translations } from "../../db/schema.ts";
import type { Locale } from "../paraglide/runtime.js";
import { prepared, type Tx } from "./db.ts";

export type Subject = { noticeId: number } | { publicityId: number };

export interface Translation {
  title: string;
  body: string;
  revision: number;
  updatedAt: Date;
}

export async function translationOf(tx: Tx, subject: Subject, locale: Locale): Promise<Translation | null> {
  if (locale === "zh") return null;
  const [row] =
    "noticeId" in subject
      ? await prepared(tx, "notice-translation", (h) =>
          h
            .select({ title: translations.title, body: translations.body, revision: translations.revision, updatedAt: translations.updatedAt })
            .from(translations)
            .where(and(eq(translations.noticeId, sql.placeholder("id")), eq(translations.locale, sql.placeholder("locale"))))
            .prepare("notice-translation"),
        ).execute({ id: subject.noticeId, locale })
      : await prepared(tx, "publicity-translation", (h) =>
          h
            .select({ title: translations.title, body: translations.body, revision: translations.revision, updatedAt: translations.updatedAt })
            .from(translations)
            .where(and(eq(translations.publicityId, sql.placeholder("id")), eq(translations.locale, sql.placeholder("locale"))))
            .prepare("publicity-translation"),
        ).execute({ id: subject.publicityId, locale });
  return row ?? null;
}

/**
 * What a page shows: the version in the reader's language, or the Chinese original (`translated` false: the page says
 * so in one line). A translation saved with a title only keeps the Chinese body, marked as Chinese.
 */
export function shownVersion(
  original: { title: string; body: string },
  translation: Translation | null,
): { title: string; body: string; translated: boolean; titleLang?: "zh-CN"; bodyLang?: "zh-CN" } {
  if (!translation) return { ...original, translated: false, titleLang: "zh-CN", bodyLang: "zh-CN" };
  return translation.body.trim()
    ? { title: translation.title, body: translation.body, translated: true }
    : { title: translation.title, body: original.body, translated: true, bodyLang: "zh-CN" };
}

/**
 * The staff-entered titles of listed notices or publicity lists in an English or Mongolian reader's language, by id,
 * in one statement for the whole list; an id missing from the map is shown under its Chinese title. Chinese: none.
 */
export async function translatedTitles(tx: Tx, of: "notice" | "publicity", ids: number[], locale: Locale): Promise<Map<number, string>> {
  if (locale === "zh" || ids.length === 0) return new Map();
  const column = of === "notice" ? translations.noticeId : translations.publicityId;
  const rows = await tx
    .select({ id: column, title: translations.title })
    .from(translations)
    .where(and(inArray(column, ids), eq(translations.locale, locale)));
  return new Map(rows.flatMap((r) => (r.id !== null && r.title.trim() ? [[r.id, r.title] as const] : [])));
}
