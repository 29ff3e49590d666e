// Cross-site form posts are refused (the check Astro's security.checkOrigin makes), except on Open311, whose
// clients are servers posting forms without an Origin header, and on one-click unsubscribe (RFC 8058), which mail
// providers post from their servers. Neither uses cookies, so there is nothing to forge.
// A post is same-site when its Origin is the public site (SITE_URL) or the origin the request itself was made to
// (direct access without a proxy, or the proxy's forwarded scheme and host when TRUST_PROXY trusts it).
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];
const UNSAFE = ["POST", "PUT", "PATCH", "DELETE"];
const EXEMPT = [/^\/open311\/v2\//, /^\/alerts\/unsubscribe$/];

export function crossSiteFormPost(request: Request, pathname: string, allowedOrigins: readonly string[]): boolean {
  if (!UNSAFE.includes(request.method)) return false;
  if (EXEMPT.some((r) => r.test(pathname))) return false;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  // A missing type is what a browser sends for some form posts; treat it like a form.
  if (type && !FORM_TYPES.includes(type)) return false;
  const origin = request.headers.get("origin");
  return origin === null || !allowedOrigins.includes(origin.toLowerCase());
}
