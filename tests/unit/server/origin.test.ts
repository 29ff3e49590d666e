import { describe, expect, it } from "vitest";
import { crossSiteFormPost } from "../../../src/server/origin.ts";

const url = new URL("https://portal.example/report");
const req = (method: string, headers: Record<string, string>) => new Request(url, { method, headers });

describe("crossSiteFormPost", () => {
  it("refuses form posts from another origin or without one", () => {
    expect(crossSiteFormPost(req("POST", { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" }), url)).toBe(true);
    expect(crossSiteFormPost(req("POST", { "content-type": "multipart/form-data; boundary=x" }), url)).toBe(true);
  });
  it("lets same-origin form posts, reads and JSON through", () => {
    expect(crossSiteFormPost(req("POST", { "content-type": "application/x-www-form-urlencoded", origin: "https://portal.example" }), url)).toBe(false);
    expect(crossSiteFormPost(req("GET", {}), url)).toBe(false);
    expect(crossSiteFormPost(req("POST", { "content-type": "application/json" }), url)).toBe(false);
  });
  it("exempts Open311, whose clients are servers without cookies", () => {
    const o = new URL("https://portal.example/open311/v2/requests.json");
    expect(crossSiteFormPost(new Request(o, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } }), o)).toBe(false);
  });
});
