// A loopback feed server for the monitoring tests: serves RSS/Atom fixtures by path, including the ways real feeds go
// wrong (malformed XML, an HTML page, a redirect loop, an answer that never comes, a 20 MB body, GBK bytes).
//
// API (reused by the precision/recall and e2e tests):
//   const feeds = await startFeedServer();
//   feeds.url("/rss.xml")                          → "http://127.0.0.1:<port>/rss.xml"
//   feeds.setFeed("/mine.xml", rssFeed([{ title, link, summary?, published? }]))
//                                                  → serves that XML (string or bytes) at that path from now on, with an
//                                                    ETag of its content: a request whose If-None-Match matches gets 304
//   feeds.requests("/mine.xml")                    → the requests seen for that path: { ifNoneMatch, ifModifiedSince }
//   feeds.sent("/huge.xml")                        → bytes the server managed to write of a streamed 20 MB body
//   await feeds.stop()
//   rssFeed(items) / atomFeed(items)               → RSS 2.0 / Atom XML of the items (text escaped; summary may be HTML)
//
// Fixed paths (FIXTURE_PATHS): /rss.xml, /atom.xml, /malformed.xml, /not-a-feed.html, /changing.xml (change it with
// setFeed), /etag.xml, /hang.xml (never answers), /stall.xml (headers, then the body stops half-way), /huge.xml
// (20 MB, streamed, no Content-Length), /huge-declared.xml (20 MB announced by Content-Length), /loop-a ⇄ /loop-b
// (redirect loop), /redirect/N (N hops, then /rss.xml), /script.xml (an item titled "<script>alert(1)</script>达旗垃圾"),
// /gbk.xml (GBK bytes, declared encoding="GBK"), /status/NNN (answers that status).
import { createHash } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FixtureItem {
  title: string;
  link: string;
  /** HTML allowed: it is carried as text (escaped) in the XML, as feeds do. */
  summary?: string;
  published?: Date | string;
  /** Atom only: the entry's id (default: the link). */
  id?: string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const date = (d: Date | string | undefined) => (d === undefined ? undefined : d instanceof Date ? d : new Date(d));

/** RSS 2.0 of the items. `encoding` only writes the declaration: encode the bytes yourself (see gbkBytes). */
export function rssFeed(items: readonly FixtureItem[], opts: { title?: string; encoding?: string } = {}): string {
  const body = items
    .map((i) => {
      const p = date(i.published);
      return [
        "<item>",
        `<title>${esc(i.title)}</title>`,
        `<link>${esc(i.link)}</link>`,
        `<guid isPermaLink="true">${esc(i.link)}</guid>`,
        i.summary !== undefined ? `<description>${esc(i.summary)}</description>` : "",
        p ? `<pubDate>${p.toUTCString()}</pubDate>` : "",
        "</item>",
      ].join("");
    })
    .join("\n");
  return `<?xml version="1.0" encoding="${opts.encoding ?? "UTF-8"}"?>\n<rss version="2.0"><channel><title>${esc(opts.title ?? "测试订阅源")}</title><link>https://news.example.org/</link><description>fixture</description>\n${body}\n</channel></rss>\n`;
}

/** Atom of the items; the summary is sent as type="html". */
export function atomFeed(items: readonly FixtureItem[], opts: { title?: string } = {}): string {
  const updated = new Date("2026-12-01T00:00:00Z").toISOString();
  const body = items
    .map((i) => {
      const p = date(i.published);
      return [
        "<entry>",
        `<id>${esc(i.id ?? i.link)}</id>`,
        `<title type="text">${esc(i.title)}</title>`,
        `<link rel="alternate" href="${esc(i.link)}"/>`,
        i.summary !== undefined ? `<summary type="html">${esc(i.summary)}</summary>` : "",
        `<updated>${(p ?? new Date(updated)).toISOString()}</updated>`,
        p ? `<published>${p.toISOString()}</published>` : "",
        "</entry>",
      ].join("");
    })
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(opts.title ?? "测试订阅源")}</title><id>urn:fixture</id><updated>${updated}</updated>\n${body}\n</feed>\n`;
}

let gbkTable: Map<string, number[]> | null = null;
/** Text to GBK bytes (Node has no GBK encoder; the table is the decoder's inverse). */
export function gbkBytes(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder("gbk");
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== "\ufffd" && !gbkTable.has(ch)) gbkTable.set(ch, [a, b]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`not in GBK: ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

export const HUGE_BYTES = 20 * 1024 * 1024;

/** The items of the fixed feeds, for assertions. */
export const FIXTURE_ITEMS = {
  rss: [
    { title: "达拉特旗树林召镇背街小巷垃圾堆积无人清运", link: "https://news.example.org/a/1", summary: "<p>居民反映<b>垃圾</b>堆积多日。</p>", published: "2026-12-01T02:00:00Z" },
    { title: "鄂尔多斯市召开爱国卫生运动推进会", link: "https://news.example.org/a/2", summary: "会议部署下一阶段工作。", published: "2026-12-01T01:00:00Z" },
  ],
  atom: [{ title: "东胜区老旧小区污水外溢 业主多次反映未解决", link: "https://atom.example.org/e/1", summary: "<div>化粪池堵塞，<em>污水</em>外溢。</div>", published: "2026-12-01T03:00:00Z", id: "urn:uuid:7d0b6a3e-1" }],
  script: [{ title: "<script>alert(1)</script>达旗垃圾", link: "https://news.example.org/xss/1", summary: "<script>alert(2)</script><p>正文</p>" }],
  gbk: [{ title: "达拉特旗王爱召镇垃圾清运不及时", link: "https://gbk.example.org/n/1", summary: "群众反映：垃圾桶满溢。" }],
} satisfies Record<string, FixtureItem[]>;

export const FIXTURE_PATHS = ["/rss.xml", "/atom.xml", "/malformed.xml", "/not-a-feed.html", "/changing.xml", "/etag.xml", "/hang.xml", "/stall.xml", "/huge.xml", "/huge-declared.xml", "/loop-a", "/loop-b", "/script.xml", "/gbk.xml"] as const;

export interface SeenRequest {
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
}

export interface FeedServer {
  url(path: string): string;
  /** Serve this body at this path from now on (a new ETag with each new content). */
  setFeed(path: string, body: string | Buffer, opts?: { contentType?: string }): void;
  requests(path: string): SeenRequest[];
  /** Bytes written so far for the streamed paths (/huge.xml, /huge-declared.xml). */
  sent(path: string): number;
  stop(): Promise<void>;
}

interface Served {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: string;
}

export async function startFeedServer(): Promise<FeedServer> {
  const feeds = new Map<string, Served>();
  const seen = new Map<string, SeenRequest[]>();
  const sockets = new Set<Socket>();
  const written = new Map<string, number>();
  let changes = 0;
  const setFeed: FeedServer["setFeed"] = (path, body, opts = {}) => {
    const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
    changes += 1;
    feeds.set(path, {
      body: bytes,
      contentType: opts.contentType ?? "application/rss+xml; charset=utf-8",
      etag: `"${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}"`,
      lastModified: new Date(Date.UTC(2026, 11, 1, 0, changes)).toUTCString(),
    });
  };

  setFeed("/rss.xml", rssFeed(FIXTURE_ITEMS.rss));
  setFeed("/atom.xml", atomFeed(FIXTURE_ITEMS.atom), { contentType: "application/atom+xml" });
  setFeed("/malformed.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>坏</title><item><title>未闭合</tit`, { contentType: "application/xml" });
  setFeed("/not-a-feed.html", "<!doctype html><html><head><title>首页</title></head><body><p>这是网页</p></body></html>", { contentType: "text/html; charset=utf-8" });
  setFeed("/changing.xml", rssFeed([{ title: "第一版新闻", link: "https://change.example.org/1" }]));
  setFeed("/etag.xml", rssFeed([{ title: "带 ETag 的新闻", link: "https://etag.example.org/1" }]));
  setFeed("/script.xml", rssFeed(FIXTURE_ITEMS.script));
  // The server says nothing about the charset, as many do: only the declaration tells.
  setFeed("/gbk.xml", gbkBytes(rssFeed(FIXTURE_ITEMS.gbk, { encoding: "GBK" })), { contentType: "text/xml" });

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const header = (name: string) => {
      const v = req.headers[name];
      return v === undefined ? null : String(v);
    };
    seen.set(path, [...(seen.get(path) ?? []), { ifNoneMatch: header("if-none-match"), ifModifiedSince: header("if-modified-since") }]);

    if (path === "/hang.xml") return; // never answered; the socket is destroyed at stop()
    // The rest of this body never comes.
    if (path === "/stall.xml") return void res.writeHead(200, { "content-type": "application/rss+xml" }).write('<?xml version="1.0"?><rss version="2.0"><channel>');
    if (path === "/huge.xml" || path === "/huge-declared.xml") return streamHuge(res, path === "/huge-declared.xml", (n) => written.set(path, (written.get(path) ?? 0) + n));
    if (path === "/loop-a" || path === "/loop-b") return void res.writeHead(302, { location: path === "/loop-a" ? "/loop-b" : "/loop-a" }).end();
    const hops = /^\/redirect\/(\d+)$/.exec(path);
    if (hops) {
      const n = Number(hops[1]);
      return void res.writeHead(301, { location: n > 1 ? `/redirect/${n - 1}` : "/rss.xml" }).end();
    }
    const status = /^\/status\/(\d{3})$/.exec(path);
    if (status) return void res.writeHead(Number(status[1]), { "content-type": "text/plain" }).end("status");
    const feed = feeds.get(path);
    if (!feed) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    if (header("if-none-match") === feed.etag) return void res.writeHead(304, { etag: feed.etag }).end();
    res.writeHead(200, { "content-type": feed.contentType, etag: feed.etag, "last-modified": feed.lastModified, "content-length": String(feed.body.length) }).end(feed.body);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    setFeed,
    requests: (path) => seen.get(path) ?? [],
    sent: (path) => written.get(path) ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * 20 MB written as the client reads it (backpressure), stopped when the client goes: a valid-looking feed without
 * Content-Length, or — announced — exactly HUGE_BYTES of blanks, which a client refusing by the header never reads.
 */
function streamHuge(res: ServerResponse, announced: boolean, count: (bytes: number) => void) {
  const chunk = announced ? Buffer.alloc(64 * 1024, 0x20) : Buffer.from(`<item><title>${"垃圾".repeat(100)}</title><link>https://huge.example.org/x</link></item>\n`.repeat(64));
  if (announced) res.writeHead(200, { "content-type": "application/rss+xml", "content-length": String(HUGE_BYTES) });
  else {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    res.write(`<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title>`);
  }
  let sent = 0;
  let gone = false;
  res.on("close", () => (gone = true));
  const more = () => {
    while (sent < HUGE_BYTES) {
      if (gone) return;
      sent += chunk.length;
      count(chunk.length);
      if (!res.write(chunk)) return void res.once("drain", more);
    }
    res.end(announced ? undefined : "</channel></rss>");
  };
  more();
}
