/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The signed-in staff member on /admin pages (set by src/middleware.ts). */
    staff?: import("./server/auth/gate.ts").SignedInStaff;
    /** Who is asking: address, https, origin — resolved once per request under TRUST_PROXY (src/middleware.ts). */
    client: import("./server/http/client.ts").ClientContext;
    /** Set by a page that answers 429, so the Retry-After header says the same wait as its message. */
    retryAfterSeconds?: number;
    /** The page's language, from its URL (/en/…, /mn/…; Chinese unprefixed), set by src/middleware.ts. */
    locale?: import("./paraglide/runtime.js").Locale;
  }
}
