import { describe, expect, it } from "vitest";
import { finishResponse, securityHeaders } from "../../../../src/server/http/headers.ts";

describe("securityHeaders", () => {
  it("always forbids sniffing and framing, and sends HSTS only over https", () => {
    const plain = securityHeaders(false);
    expect(plain["x-content-type-options"]).toBe("nosniff");
    expect(plain["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(plain["x-frame-options"]).toBe("DENY");
    expect(plain["permissions-policy"]).toContain("geolocation=()");
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(securityHeaders(true)["strict-transport-security"]).toMatch(/^max-age=\d+/);
  });
});

describe("finishResponse", () => {
  it("gives every full answer a policy but never a 304, which would replace the cached page's own", () => {
    expect(finishResponse(new Response("{}", { headers: { "content-type": "application/json" } }), "GET").headers.get("content-security-policy")).toContain("default-src 'none'");
    const page = finishResponse(new Response("<p>", { headers: { "content-security-policy": "script-src 'self'" } }), "GET");
    expect(page.headers.get("content-security-policy")).toBe("script-src 'self'");
    expect(finishResponse(new Response(null, { status: 304, headers: { etag: '"x"' } }), "GET").headers.get("content-security-policy")).toBeNull();
  });

  it("adds charset=utf-8 to HTML", () => {
    const r = finishResponse(new Response("<p>好</p>", { headers: { "content-type": "text/html" } }), "GET");
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });
  it("says when to retry on 429, preferring the page's own wait", async () => {
    expect(finishResponse(new Response("", { status: 429 }), "POST", 61.2).headers.get("retry-after")).toBe("62");
    expect(Number(finishResponse(new Response("", { status: 429 }), "POST").headers.get("retry-after"))).toBeGreaterThan(0);
    expect(finishResponse(new Response("", { status: 429, headers: { "retry-after": "5" } }), "POST", 600).headers.get("retry-after")).toBe("5");
  });
  it("answers HEAD with GET's headers and no body", async () => {
    const r = finishResponse(new Response("body", { headers: { etag: '"x"', "cache-control": "public, max-age=10", "content-type": "text/html" } }), "HEAD");
    expect(r.headers.get("etag")).toBe('"x"');
    expect(r.headers.get("cache-control")).toBe("public, max-age=10");
    expect(await r.text()).toBe("");
  });
});
