// What every answer carries, checked on the real server (the global set-up's portal, TRUST_PROXY=0): security
// headers, charset, HEAD mirroring GET, Retry-After on 429, and the cross-site check. The browser half proves the
// Content-Security-Policy lets the pages work (tests/support/fixtures.ts fails a journey on any violation).
import { randomBytes } from "node:crypto";
import { expect, test } from "../support/fixtures.ts";
import { startPortal } from "../support/portal-server.ts";

const base = () => process.env.E2E_BASE_URL!;
const SAME = ["etag", "cache-control", "content-type", "content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy"];

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "headers do not depend on the viewport");
});

test("every page carries the security headers, HTML says its charset, and HEAD mirrors GET", async () => {
  for (const path of ["/", "/towns", "/notices", "/report", "/track", "/admin/login", "/feeds/notices.xml", "/api/v1/notices"]) {
    const get = await fetch(base() + path);
    expect(get.status, path).toBe(200);
    const h = get.headers;
    expect(h.get("x-content-type-options"), path).toBe("nosniff");
    // The back office is stricter still: its addresses name cases, so they never leave the site.
    expect(h.get("referrer-policy"), path).toBe(path.startsWith("/admin") ? "same-origin" : "strict-origin-when-cross-origin");
    expect(h.get("permissions-policy"), path).toContain("camera=()");
    const csp = h.get("content-security-policy") ?? "";
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toMatch(/base-uri 'none'/);
    // Plain http on localhost: no HSTS (it would pin a developer's machine to https).
    expect(h.get("strict-transport-security"), path).toBeNull();
    if ((h.get("content-type") ?? "").startsWith("text/html")) {
      expect(h.get("content-type"), path).toBe("text/html; charset=utf-8");
      // Pages run only the portal's own scripts: no inline script without its hash, no plugins.
      expect(csp, path).toMatch(/script-src 'self'( 'sha256-[^']+')*;/);
      expect(csp, path).toContain("object-src 'none'");
    }
    const head = await fetch(base() + path, { method: "HEAD" });
    expect(head.status, path).toBe(200);
    expect(await head.text(), path).toBe("");
    for (const name of SAME) expect(head.headers.get(name), `${path} ${name}`).toBe(h.get(name));
  }
});

test("a conditional HEAD of a cached page is answered 304 like GET", async () => {
  const first = await fetch(`${base()}/notices`);
  const etag = first.headers.get("etag")!;
  expect(etag).toBeTruthy();
  expect((await fetch(`${base()}/notices`, { method: "HEAD", headers: { "if-none-match": etag } })).status).toBe(304);
  // A 304 carries no policy of its own: a browser would put it on its cached copy of the page in place of the page's.
  const revalidated = await fetch(`${base()}/notices`, { headers: { "if-none-match": etag } });
  expect(revalidated.status).toBe(304);
  expect(revalidated.headers.get("content-security-policy")).toBeNull();
});

test("too many wrong access codes answer 429 with Retry-After matching the message", async () => {
  const origin = new URL(base()).origin;
  // A tracking number of its own, so that no other journey is blocked by this one.
  const number = `GS20260101${String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, "0")}`;
  let last: Response | undefined;
  for (let i = 0; i < 8; i++) {
    last = await fetch(`${base()}/track`, {
      method: "POST",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: `trackingNumber=${number}&accessCode=AAAA-BBBB-CC`,
    });
    if (last.status === 429) break;
  }
  expect(last!.status).toBe(429);
  const wait = Number(last!.headers.get("retry-after"));
  expect(wait).toBeGreaterThan(60);
  expect(wait).toBeLessThanOrEqual(15 * 60);
  expect(await last!.text()).toContain(`请在${Math.ceil(wait / 60)}分钟后再试`);
});

test("a form posted from another site is refused, and X-Forwarded-For from a client is not believed", async () => {
  const refused = await fetch(`${base()}/track`, {
    method: "POST",
    headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    body: "trackingNumber=GS20260101000001&accessCode=AAAA-BBBB-CC",
  });
  expect(refused.status).toBe(403);
  expect(await refused.text()).toContain("跨站提交的表单已被拒绝");
});

test("X-Forwarded-For sent by a client is not believed, even with TRUST_PROXY set", async () => {
  // A portal start and 35 password checks (argon2, deliberately slow) exceed a minute on a busy 2-core machine.
  test.setTimeout(180_000);
  // Its own portal: this test uses up the address's sign-in failures, which would lock other journeys out.
  const portal = await startPortal({ TRUST_PROXY: "1", TRUSTED_PROXIES: "10.0.0.0/8", SEARCH: "off" });
  try {
    // The same address with different spoofed X-Forwarded-For values is still one client: its sign-in failures
    // add up to the per-address limit (30 per hour) instead of spreading over 35 invented addresses.
    const origin = new URL(portal.url).origin;
    let throttled = 0;
    for (let i = 0; i < 35 && !throttled; i++) {
      const res = await fetch(`${portal.url}/admin/login`, {
        method: "POST",
        headers: { origin, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `203.0.113.${i}` },
        body: `username=nobody${i}&password=wrong`,
      });
      if (res.status === 429) throttled = i + 1;
    }
    // 30 failures are allowed per address; the one after the limit is passed is refused.
    expect(throttled).toBeGreaterThan(30);
    expect(throttled).toBeLessThanOrEqual(32);
  } finally {
    await portal.stop();
  }
});
