// The public pages' languages 界面语言: Chinese (default, unprefixed URLs), English (/en/…) and Mongolian in the
// traditional script (/mn/…, set vertically). Catalogs are compiled by Paraglide from messages/<area>/<locale>.json;
// the locale of a request comes from its URL alone (compiler options in package.json's i18n:compile and astro.config.mjs).
import { baseLocale, deLocalizeHref, getLocale, isLocale, locales, localizeHref, type Locale } from "../paraglide/runtime.js";

export { baseLocale, getLocale, isLocale, locales, type Locale };

/** The HTML `lang` of each locale: Mongolian is named with its script, as the W3C's mlreq asks. */
export const HTML_LANG: Record<Locale, string> = { zh: "zh-CN", en: "en", mn: "mn-Mong" };

/** Each language's own name, for the language switch (a reader finds their language written in it). */
export const LOCALE_NAMES: Record<Locale, string> = { zh: "中文", en: "English", mn: "ᠮᠣᠩᠭᠣᠯ" };

/** Paths that are the same in every language (the back office, feeds, the API, files): never prefixed. The API's
 * documentation page is a reading page and has its languages. */
const UNLOCALIZED = /^\/(admin|api(?!\/v1\/docs\/?$)|feeds|open311|_astro|_image|fonts|evidence|attachments|mode)(\/|$)|\.(xml|json|csv|ics|txt|svg|png|ico|pdf|js|css|woff2?)$/;

export function isLocalizablePath(path: string): boolean {
  return !UNLOCALIZED.test(path);
}

/** The locale a path's prefix names (/en/…, /mn/…), or undefined for Chinese and unprefixed paths. */
export function prefixLocale(path: string): Exclude<Locale, "zh"> | undefined {
  const m = /^\/(en|mn)(\/|$)/.exec(path);
  return m ? (m[1] as Exclude<Locale, "zh">) : undefined;
}

/** `href` (a path of this site, with its query) in `locale`; other sites and unlocalized paths are left as they are. */
export function localHref(href: string, locale: Locale = getLocale()): string {
  if (!href.startsWith("/") || href.startsWith("//")) return href;
  const path = href.split(/[?#]/, 1)[0]!;
  if (!isLocalizablePath(path)) return href;
  return localizeHref(deLocalizeHref(href), { locale });
}

/** The same page in every language, for the language switch and the hreflang alternates. */
export function alternatesOf(pathWithQuery: string): { locale: Locale; lang: string; name: string; href: string }[] {
  const plain = deLocalizeHref(pathWithQuery);
  return locales.map((locale) => ({ locale, lang: HTML_LANG[locale], name: LOCALE_NAMES[locale], href: localizeHref(plain, { locale }) }));
}
