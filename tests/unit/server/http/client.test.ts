import { describe, expect, it } from "vitest";
import { proxyList, resolveClient, validProxySpec } from "../../../../src/server/http/client.ts";

// The proxies in these examples connect from the 10.0.0.0/24 network.
const proxies = proxyList("10.0.0.0/24,::1");
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
    const c = resolveClient(from("10.0.0.2", { host: "10.0.0.3:4321", "x-forwarded-for": "203.0.113.9, 198.51.100.7", "x-forwarded-proto": "https", "x-forwarded-host": "portal.example.gov.cn" }), 1, proxies);
    expect(c).toEqual({ address: "198.51.100.7", https: true, origin: "https://portal.example.gov.cn" });
  });
  it("counts two hops behind a CDN and nginx", () => {
    const c = resolveClient(from("10.0.0.2", { "x-forwarded-for": "203.0.113.9, 198.51.100.7, 192.0.2.1", "x-forwarded-proto": "https" }), 2, proxies);
    expect(c.address).toBe("198.51.100.7");
  });
  it("falls back to the leftmost address when the chain is shorter than the hops trusted", () => {
    expect(resolveClient(from("10.0.0.2", { "x-forwarded-for": "198.51.100.7" }), 3, proxies).address).toBe("198.51.100.7");
    expect(resolveClient(from("10.0.0.2", {}), 1, proxies).address).toBe("10.0.0.2");
  });
  it("treats IPv4-mapped IPv6 peers as the IPv4 address", () => {
    expect(resolveClient(from("::ffff:127.0.0.1", {}), 0).address).toBe("127.0.0.1");
  });
  it("keeps the socket's scheme when the proxy sends something that is not http or https", () => {
    expect(resolveClient(from("10.0.0.2", { host: "a.example", "x-forwarded-proto": "gopher" }), 1, proxies).origin).toBe("http://a.example");
  });
  it("ignores X-Forwarded-* from a client that reaches an instance directly, even with TRUST_PROXY set", () => {
    const c = resolveClient(from("198.51.100.7", { host: "10.0.0.3:4321", "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https" }), 1, proxies);
    expect(c).toEqual({ address: "198.51.100.7", https: false, origin: "http://10.0.0.3:4321" });
    // By default only loopback proxies are trusted (nginx on the same machine).
    expect(resolveClient(from("127.0.0.1", { "x-forwarded-for": "203.0.113.9" }), 1).address).toBe("203.0.113.9");
    expect(resolveClient(from("127.0.0.2", { "x-forwarded-for": "203.0.113.9" }), 1).address).toBe("127.0.0.2");
  });
  it("accepts addresses and CIDR ranges as trusted proxies, and nothing else", () => {
    expect(validProxySpec("127.0.0.1, ::1,10.0.0.0/8,fd00::/8")).toBe(true);
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.1/8/2", "nginx"]) expect(validProxySpec(bad)).toBe(false);
  });
});
