import { describe, expect, it } from "vitest";
import { resolveClient } from "../../../../src/server/http/client.ts";

const from = (peer: string, headers: Record<string, string>, socketProto: "http" | "https" = "http") => ({
  peer,
  header: (name: string) => headers[name],
  socketProto,
});

describe("resolveClient", () => {
  it("ignores X-Forwarded-* without TRUST_PROXY, so a client cannot choose its address or scheme", () => {
    const c = resolveClient(from("198.51.100.7", { host: "127.0.0.1:4321", "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" }), 0);
    expect(c).toEqual({ address: "198.51.100.7", https: false, origin: "http://127.0.0.1:4321" });
  });
  it("takes the address one hop from the right behind one proxy, whatever the client prepended", () => {
    const c = resolveClient(from("10.0.0.2", { host: "10.0.0.3:4321", "x-forwarded-for": "203.0.113.9, 198.51.100.7", "x-forwarded-proto": "https", "x-forwarded-host": "portal.example.gov.cn" }), 1);
    expect(c).toEqual({ address: "198.51.100.7", https: true, origin: "https://portal.example.gov.cn" });
  });
  it("counts two hops behind a CDN and nginx", () => {
    const c = resolveClient(from("10.0.0.2", { "x-forwarded-for": "203.0.113.9, 198.51.100.7, 192.0.2.1", "x-forwarded-proto": "https" }), 2);
    expect(c.address).toBe("198.51.100.7");
  });
  it("falls back to the leftmost address when the chain is shorter than the hops trusted", () => {
    expect(resolveClient(from("10.0.0.2", { "x-forwarded-for": "198.51.100.7" }), 3).address).toBe("198.51.100.7");
    expect(resolveClient(from("10.0.0.2", {}), 1).address).toBe("10.0.0.2");
  });
  it("treats IPv4-mapped IPv6 peers as the IPv4 address", () => {
    expect(resolveClient(from("::ffff:127.0.0.1", {}), 0).address).toBe("127.0.0.1");
  });
  it("keeps the socket's scheme when the proxy sends something that is not http or https", () => {
    expect(resolveClient(from("10.0.0.2", { host: "a.example", "x-forwarded-proto": "gopher" }), 1).origin).toBe("http://a.example");
  });
});
