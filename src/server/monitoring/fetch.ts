// Fetching one feed 抓取订阅源 for public-opinion monitoring: a conditional GET (ETag / Last-Modified) that follows at
// most a few redirects itself, gives up after a timeout that covers the whole answer, and stops reading past a size
// cap, then parses RSS 2.0 or Atom with @rowanmanning/feed-parser. Whatever goes wrong ends as one short Chinese line
// that the sources screen shows a staff member as it is, so every failure is an answer here, never a throw.
import { parseFeed } from "@rowanmanning/feed-parser";

export interface FetchedItem {
  link: string;
  /** Text as the feed means it (entities decoded): "<script>" in it is words, not markup. */
  title: string;
  /** The item's description or content: may carry markup, reduced to text when stored. */
  summary: string;
  publishedAt: Date | null;
}

export type FetchResult =
  | { status: "not_modified" }
  | { status: "ok"; items: FetchedItem[]; etag: string | null; lastModified: string | null }
  | { status: "error"; message: string };

export interface Validators {
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
}

export interface FetchOptions {
  /** For the whole exchange: connecting, every redirect and reading the body. */
  timeoutMs: number;
  /** Bytes of body (after decompression) read before giving up. */
  maxBytes: number;
  maxRedirects: number;
  /** Items taken from one answer, in feed order (feeds list the newest first). */
  maxItems?: number;
}

export const DEFAULT_FETCH: Required<FetchOptions> = { timeoutMs: 20_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, maxItems: 200 };

const USER_AGENT = "HealthTownsPortal-Monitor/1.0 (+feed fetcher)";
const ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

class FetchFailure extends Error {}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))}`;
const megabytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export async function fetchFeed(url: string, validators: Validators = {}, options: Partial<FetchOptions> = {}): Promise<FetchResult> {
  const opts = { ...DEFAULT_FETCH, ...options };
  let start: URL;
  try {
    start = new URL(url);
  } catch {
    return { status: "error", message: "订阅源地址无效" };
  }
  if (start.protocol !== "http:" && start.protocol !== "https:") return { status: "error", message: "订阅源地址须以 http:// 或 https:// 开头" };

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    const { response, finalUrl } = await follow(start, validators, opts, controller.signal);
    if (response.status === 304) {
      await response.body?.cancel().catch(() => {});
      return { status: "not_modified" };
    }
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel().catch(() => {});
      return { status: "error", message: httpMessage(response.status) };
    }
    const bytes = await readCapped(response, opts.maxBytes);
    const text = decode(bytes, response.headers.get("content-type"));
    const items = parseItems(text, finalUrl, response.headers.get("content-type"), opts.maxItems);
    return { status: "ok", items, etag: response.headers.get("etag"), lastModified: response.headers.get("last-modified") };
  } catch (err) {
    if (err instanceof FetchFailure) return { status: "error", message: err.message };
    if (controller.signal.aborted) return { status: "error", message: `超时：${seconds(opts.timeoutMs)} 秒内无应答` };
    return { status: "error", message: networkMessage(err) };
  } finally {
    clearTimeout(timer);
  }
}

async function follow(start: URL, validators: Validators, opts: Required<FetchOptions>, signal: AbortSignal): Promise<{ response: Response; finalUrl: URL }> {
  const seen = new Set<string>();
  let current = start;
  for (let hop = 0; ; hop++) {
    seen.add(current.href);
    const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: ACCEPT };
    if (validators.etag) headers["if-none-match"] = validators.etag;
    if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
    const response = await fetch(current, { redirect: "manual", headers, signal });
    if (![301, 302, 303, 307, 308].includes(response.status)) return { response, finalUrl: current };
    await response.body?.cancel().catch(() => {});
    const location = response.headers.get("location");
    if (!location) throw new FetchFailure(`HTTP ${response.status}：重定向缺少目标地址`);
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new FetchFailure("重定向目标地址无效");
    }
    if (next.protocol !== "http:" && next.protocol !== "https:") throw new FetchFailure("重定向到了非 http(s) 地址");
    if (seen.has(next.href)) throw new FetchFailure("重定向形成循环");
    if (hop + 1 > opts.maxRedirects) throw new FetchFailure(`重定向次数过多（超过 ${opts.maxRedirects} 次）`);
    current = next;
  }
}

/** The body, refused as soon as it is known to pass the cap: by its Content-Length, else while it streams in. */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const tooBig = () => new FetchFailure(`内容过大：超过 ${megabytes(maxBytes)}`);
  const declared = Number(response.headers.get("content-length"));
  // Content-Length counts the encoded bytes: only an unencoded body can be refused before reading it.
  if (!response.headers.get("content-encoding") && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooBig();
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooBig();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** GBK and GB2312 are subsets of GB18030: decoding them as GB18030 is right and covers the odd extra character. */
function decoderLabel(label: string): string {
  const l = label.trim().toLowerCase();
  return ["gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "gb18030"].includes(l) ? "gb18030" : l;
}

/**
 * Bytes to text: a byte-order mark first, then the XML declaration's encoding (written by the feed's generator,
 * so more often right than a web server's blanket charset), then the Content-Type charset, else UTF-8.
 */
export function decode(bytes: Uint8Array, contentType: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  // The declaration is ASCII in every encoding a feed uses, so reading the head as Latin-1 finds it.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  const fromHeader = /charset\s*=\s*"?([A-Za-z0-9._-]+)/i.exec(contentType ?? "")?.[1];
  for (const label of [declared, fromHeader]) {
    if (!label) continue;
    try {
      return new TextDecoder(decoderLabel(label)).decode(bytes);
    } catch {
      // An encoding the runtime does not know: try the next hint.
    }
  }
  return new TextDecoder("utf-8").decode(bytes);
}

function parseItems(text: string, base: URL, contentType: string | null, maxItems: number): FetchedItem[] {
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(text);
  } catch (err) {
    if (/^\s*(<!doctype html|<html)/i.test(text) || /text\/html/i.test(contentType ?? "")) throw new FetchFailure("返回的是网页，不是 RSS/Atom 订阅源");
    if ((err as { code?: string }).code === "INVALID_FEED") throw new FetchFailure("不是有效的 RSS/Atom 订阅源");
    throw new FetchFailure("不是有效的 RSS/Atom 订阅源（XML 格式错误）");
  }
  const items: FetchedItem[] = [];
  for (const item of feed.items) {
    if (items.length >= maxItems) break;
    const link = absoluteLink(item.url, base) ?? absoluteLink(item.id, null);
    if (!link) continue;
    const published = item.published ?? item.updated;
    items.push({
      link,
      title: (item.title ?? "").trim(),
      summary: item.description ?? item.content ?? "",
      publishedAt: published && !Number.isNaN(published.getTime()) ? published : null,
    });
  }
  return items;
}

/** An http(s) link, relative ones resolved against the feed's address; an id like "urn:uuid:…" is no link. */
function absoluteLink(value: string | null, base: URL | null): string | null {
  if (!value) return null;
  try {
    const u = base ? new URL(value.trim(), base) : new URL(value.trim());
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

const STATUS_WORDS: Record<number, string> = {
  401: "需要登录",
  403: "禁止访问",
  404: "地址不存在",
  410: "已删除",
  429: "请求过于频繁",
  500: "对方服务器出错",
  502: "对方网关出错",
  503: "对方服务暂不可用",
  504: "对方网关超时",
};

function httpMessage(status: number): string {
  const words = STATUS_WORDS[status];
  return words ? `HTTP ${status}（${words}）` : `HTTP ${status}`;
}

function networkMessage(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  switch (code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "无法解析域名";
    case "ECONNREFUSED":
      return "连接被拒绝";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "连接被对方中断";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "网络不可达";
    case "UND_ERR_CONNECT_TIMEOUT":
      return "连接超时";
  }
  if (code && /CERT|SSL|TLS/i.test(code)) return `HTTPS 证书无效（${code}）`;
  const detail = (cause?.message ?? (err as Error).message ?? "").split("\n")[0]!.slice(0, 80);
  return `网络错误：${detail || "未知"}`;
}
