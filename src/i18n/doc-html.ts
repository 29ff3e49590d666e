// The reading pages' paragraphs (guide, privacy, accessibility, contact) are one catalog message each, inline markup
// included (<strong>, links whose href is a parameter), so a translator can move a link within a sentence. The
// messages are our own catalog text, rendered with set:html; what goes into their parameters is built and escaped here.
import { telHref } from "../domain/contact.ts";
import { getLocale, localHref } from "./locales.ts";

const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A link target in the reader's language, for an href="{…}" in a message. */
export const docHref = (path: string): string => esc(localHref(path));

/** A Chinese name (the office's, from configuration) inside an English or Mongolian sentence, marked as Chinese. */
export const docChinese = (text: string): string => (getLocale() === "zh" ? esc(text) : `<span lang="zh-CN">${esc(text)}</span>`);

/** The office's phone as the tap-to-call link components/Tel.astro makes. */
export const docTel = (phone: string): string => `<a class="tel" href="${esc(telHref(phone))}">${esc(phone)}</a>`;
