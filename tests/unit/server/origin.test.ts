import { describe, expect, it } from "vitest";
import { crossSiteFormPost } from "../../../src/server/origin.ts";

const url = new URL("http://127.0.0.1:4321/report");
// The public site behind the proxy, and the origin the request itself was made to.
const allowed = ["https://portal.example", "http://127.0.0.1:4321"];
const req = (method: string, headers: Record<string, string>) => new Request(url, { method, headers });
const form = (origin?: string) => req("POST", { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}) });

describe("crossSiteFormPost", () => {
  it("refuses form posts from another origin or without one", () => {
    expect(crossSiteFormPost(form("https://evil.example"), url.pathname, allowed)).toBe(true);
    expect(crossSiteFormPost(req("POST", { "content-type": "multipart/form-data; boundary=x" }), url.pathname, allowed)).toBe(true);
    // The public host over the wrong scheme is another origin.
    expect(crossSiteFormPost(form("http://portal.example"), url.pathname, allowed)).toBe(true);
  });
  it("accepts the public origin behind a TLS-terminating proxy and the request's own origin", () => {
    expect(crossSiteFormPost(form("https://portal.example"), url.pathname, allowed)).toBe(false);
    expect(crossSiteFormPost(form("http://127.0.0.1:4321"), url.pathname, allowed)).toBe(false);
  });
  it("lets reads and JSON through", () => {
    expect(crossSiteFormPost(req("GET", {}), url.pathname, allowed)).toBe(false);
    expect(crossSiteFormPost(req("POST", { "content-type": "application/json" }), url.pathname, allowed)).toBe(false);
  });
  it("exempts Open311, whose clients are servers without cookies", () => {
    const o = new URL("https://portal.example/open311/v2/requests.json");
    expect(crossSiteFormPost(new Request(o, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } }), o.pathname, allowed)).toBe(false);
  });
});
