// Elder mode 适老化 大字版: a cookie chosen through /mode and read on the server, so that it works without JavaScript.
// The page cache keys pages by it (src/server/cache.ts pageCacheKey), since the two modes render different HTML.

export type DisplayMode = "standard" | "elder";

export const MODE_COOKIE = "display_mode";
/** A year: the choice is remembered on this device until changed. */
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** The mode a request asks for: elder only when its cookie says so exactly. */
export function modeFromCookieHeader(header: string | null | undefined): DisplayMode {
  if (!header) return "standard";
  return header.split(";").some((part) => part.trim() === `${MODE_COOKIE}=elder`) ? "elder" : "standard";
}

/** Set-Cookie for a mode; standard is the default, so choosing it removes the cookie. */
export function modeCookie(mode: DisplayMode, secure: boolean): string {
  const attrs = ["Path=/", "SameSite=Lax", "HttpOnly", ...(secure ? ["Secure"] : [])];
  return mode === "elder" ? [`${MODE_COOKIE}=elder`, `Max-Age=${MAX_AGE_SECONDS}`, ...attrs].join("; ") : [`${MODE_COOKIE}=`, "Max-Age=0", ...attrs].join("; ");
}

/**
 * Where to go back to after switching: a path on this site and nothing else. "//evil.example", "/\evil.example",
 * "https://…" and anything with control characters would send a resident off-site (an open redirect), so they fall
 * back to the home page.
 */
export function safeReturnPath(raw: string | null | undefined): string {
  if (!raw || raw.length > 2000 || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\") || /[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  const base = "http://portal.invalid";
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return "/";
  }
  if (url.origin !== base || url.pathname.startsWith("/mode")) return "/";
  return url.pathname + url.search;
}

/** The link that switches to the other mode and comes back to this page. */
export function switchHref(current: DisplayMode, back: string): string {
  const to: DisplayMode = current === "elder" ? "standard" : "elder";
  return `/mode?to=${to}&back=${encodeURIComponent(safeReturnPath(back))}`;
}
