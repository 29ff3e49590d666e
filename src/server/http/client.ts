// Who is asking and where they think they are: the client's address, scheme and origin, read from the socket
// or — only when the operator says how many reverse proxies stand in front (TRUST_PROXY) and the request really
// comes from one of them (TRUSTED_PROXIES) — from X-Forwarded-*. Configured, never guessed: a client that reaches
// an instance directly cannot choose its own address by sending the header.
import { BlockList, isIP } from "node:net";

export interface ClientContext {
  /** The address every limit and audit row is keyed by. */
  address: string;
  /** Whether the browser reached us over https (through the proxy, when trusted). */
  https: boolean;
  /** The origin the browser used for this request, e.g. https://portal.example.gov.cn. */
  origin: string;
}

export interface ClientInput {
  /** The socket's peer address (the nearest proxy, when there is one). */
  peer: string | undefined;
  /** Request headers (Fetch Headers or Node's IncomingHttpHeaders). */
  header: (name: string) => string | undefined | null;
  /** Scheme and Host as the socket saw them. */
  socketProto: "http" | "https";
}

function list(value: string | undefined | null): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

/** IPv4-mapped IPv6 (::ffff:1.2.3.4) is the same client as 1.2.3.4; keys must not differ by socket family. */
export function normaliseAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "");
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(bare) ? bare.slice(7) : bare;
}

/** Addresses and CIDR ranges ("10.0.0.0/8", "::1") of the reverse proxies whose X-Forwarded-* are believed. */
export function proxyList(spec: string): BlockList {
  const list = new BlockList();
  for (const item of spec.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [address, bits] = item.split("/");
    const family = isIP(address!) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address!, family);
    else list.addSubnet(address!, Number(bits), family);
  }
  return list;
}

/** Whether every item is an IP address or a CIDR range: for the configuration check. */
export function validProxySpec(spec: string): boolean {
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .every((item) => {
      const [address, bits, extra] = item.split("/");
      const v = isIP(address ?? "");
      if (!v || extra !== undefined) return false;
      return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (v === 6 ? 128 : 32));
    });
}

function isTrusted(peer: string, proxies: BlockList): boolean {
  const v = isIP(peer);
  return v !== 0 && proxies.check(peer, v === 6 ? "ipv6" : "ipv4");
}

export function resolveClient(input: ClientInput, trustProxy: number, proxies: BlockList = proxyList("127.0.0.1,::1")): ClientContext {
  const peer = normaliseAddress(input.peer ?? "unknown");
  const host = input.header("host") ?? "localhost";
  if (trustProxy <= 0 || !isTrusted(peer, proxies)) return { address: peer, https: input.socketProto === "https", origin: `${input.socketProto}://${host}` };

  // Each proxy appends the address it received from: [client, proxy1, …] then the socket's peer. Counting
  // trustProxy hops from the right lands on the first address no trusted proxy vouches for.
  const chain = [...list(input.header("x-forwarded-for")), peer];
  const address = normaliseAddress(chain[Math.max(0, chain.length - 1 - trustProxy)]!);
  // Proto and host are set, not appended, by a well-configured proxy; when a chain arrives, the nearest wins.
  const proto = list(input.header("x-forwarded-proto")).at(-1)?.toLowerCase();
  const forwardedHost = list(input.header("x-forwarded-host")).at(-1);
  const scheme = proto === "https" || proto === "http" ? proto : input.socketProto;
  return { address, https: scheme === "https", origin: `${scheme}://${forwardedHost ?? host}` };
}

/** Reads a Node request's headers the way resolveClient wants them. */
export function nodeHeader(headers: Record<string, string | string[] | undefined>): (name: string) => string | undefined {
  return (name) => {
    const v = headers[name];
    return Array.isArray(v) ? v.join(", ") : v;
  };
}
