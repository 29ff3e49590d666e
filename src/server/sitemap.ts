// sitemap.xml (sitemaps.org 0.9): the reading pages search engines should know, with their last change and, for each,
// its English and Mongolian versions (xhtml:link hreflang alternates, as the pages' own <link rel="alternate">).
import { desc, eq, isNotNull, max } from "drizzle-orm";
import { designations, notices, publicityLists } from "../../db/schema.ts";
import { config } from "./config.ts";
import { HTML_LANG, locales } from "../i18n/locales.ts";
import type { Tx } from "./db.ts";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export async function sitemapXml(tx: Tx): Promise<string> {
  const site = config().SITE_URL;
  const urls: { loc: string; lastmod?: Date | null }[] = ["/", "/publicity", "/towns", "/notices", "/cycle", "/responsibilities", "/report", "/track", "/open-data"].map((p) => ({ loc: p }));
  for (const n of await tx.select({ slug: notices.slug, at: notices.updatedAt }).from(notices).where(eq(notices.status, "published")).orderBy(desc(notices.updatedAt)).limit(20_000)) {
    urls.push({ loc: `/notices/${encodeURIComponent(n.slug)}`, lastmod: n.at });
  }
  for (const l of await tx.select({ id: publicityLists.id, at: publicityLists.publishedAt }).from(publicityLists).where(isNotNull(publicityLists.publishedAt))) {
    urls.push({ loc: `/publicity/${l.id}`, lastmod: l.at });
  }
  for (const d of await tx.select({ code: designations.regionCode, at: max(designations.updatedAt) }).from(designations).groupBy(designations.regionCode)) {
    urls.push({ loc: `/towns/${d.code}`, lastmod: d.at });
  }
  const versions = (loc: string) =>
    locales.map((l) => `<xhtml:link rel="alternate" hreflang="${HTML_LANG[l]}" href="${escape(site + (l === "zh" ? loc : `/${l}${loc === "/" ? "/" : loc}`))}"/>`).join("");
  const body = urls.map((u) => `  <url><loc>${escape(site + u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString()}</lastmod>` : ""}${versions(u.loc)}</url>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${body}\n</urlset>\n`;
}
