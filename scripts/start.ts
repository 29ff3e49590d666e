// npm start — the whole portal in one process: migrate, seed an empty database, bring up search, serve.
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { bootstrap, formatReport, isEmpty } from "../src/server/bootstrap.ts";
import { startMeili, type MeiliProcess } from "../src/server/search/meili-process.ts";
import { applySettings, drainOutbox, meiliClient, reindexAll, retryWaitingNow } from "../src/server/search/meili.ts";
import { LOCKS, type Database } from "../src/server/db.ts";
import { holderIsDeadHere, releaseLease, renewLease, takeLease } from "../src/server/leases.ts";
import { instanceId } from "../src/server/instance.ts";
import { hostname } from "node:os";
import { onShutdown, runShutdown } from "../src/server/shutdown.ts";
import { answerFromCache, cacheEnabled, pageCache, pageCacheKey } from "../src/server/cache.ts";
import { nodeHeader, resolveClient } from "../src/server/http/client.ts";
import { securityHeaders } from "../src/server/http/headers.ts";
import { compressedAnswer, loadCompressedAssets } from "../src/server/http/static-files.ts";
import { compressResponses } from "../src/server/http/compress.ts";
import { UNSUPPORTED_METHOD_ANSWER, UNSUPPORTED_METHODS } from "../src/server/http/guard.ts";
import { fail, loadConfig, openMigrated } from "./cli.ts";

const cfg = loadConfig();
const entry = resolve("dist/server/entry.mjs");
if (!existsSync(entry)) fail("找不到构建产物 dist/server/entry.mjs，请先运行 npm run build");

const database = await openMigrated(cfg);
console.log(`✓ 数据库就绪 (${database.kind}: ${database.where})`);
try {
  // Under the setup lock: of instances started together on an empty database, one seeds; the others wait, then
  // find the regions there and skip.
  const report = await database.exclusive(LOCKS.setup, async () =>
    (await isEmpty(database)) ? bootstrap(database, { provinceCode: cfg.PROVINCE_CODE, officeName: cfg.OFFICE_NAME, now: new Date() }) : null,
  );
  if (report) console.log(formatReport(report, cfg.SITE_URL));
} catch (err) {
  await database.close();
  fail(`写入初始数据失败: ${(err as Error).message}`);
}

let meili: MeiliProcess | undefined;
// Registered before the lease's release, so that it runs after it (hooks run last-registered first).
if (database.kind === "postgres") onShutdown(() => database.close());
const search = await bringUpSearch(database);
// PGlite is single-process: release it before the server opens its own handle. A PostgreSQL handle stays open for
// the bundled search's lease (its heartbeat and release), closed last at shutdown.
if (database.kind === "pglite") await database.close();

process.env.SEARCH = search ? "auto" : "off";
if (search) {
  process.env.MEILI_URL = search.url;
  if (search.key) process.env.MEILI_MASTER_KEY = search.key;
}
process.env.PORT = String(cfg.PORT);
process.env.HOST = cfg.HOST;

const shutdown = async (signal: string) => {
  console.log(`收到 ${signal}，正在停止…`);
  await runShutdown();
  process.exit(0);
};
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
// A crash must not orphan the search server.
process.once("exit", () => meili?.killNow());

// Our own HTTP server in front of Astro's handler: cached public pages are answered before Astro's routing and
// middleware run at all, which is what lets a spike on a publicity page cost about as much as a static file.
process.env.ASTRO_NODE_AUTOSTART = "disabled";
const { handler } = (await import(pathToFileURL(entry).href)) as { handler: (req: IncomingMessage, res: ServerResponse) => void };
const cache = pageCache();
const compressed = loadCompressedAssets(resolve("dist/client"));
const server = createServer((req, res) => {
  // Every answer carries the security headers; Astro's own (a page's CSP with its hashes) take precedence, because
  // headers given to writeHead() override those set here.
  const client = resolveClient({ peer: req.socket.remoteAddress, header: nodeHeader(req.headers), socketProto: "http" }, cfg.TRUST_PROXY, cfg.proxies);
  for (const [name, value] of Object.entries(securityHeaders(client.https))) res.setHeader(name, value);
  // TRACE, TRACK and CONNECT cannot become a fetch Request (the adapter would answer 500): 405 here.
  if (UNSUPPORTED_METHODS.has(String(req.method).toUpperCase())) {
    res.writeHead(UNSUPPORTED_METHOD_ANSWER.status, UNSUPPORTED_METHOD_ANSWER.headers).end(UNSUPPORTED_METHOD_ANSWER.body);
    return;
  }
  if ((req.method === "GET" || req.method === "HEAD") && req.url) {
    // Scripts and styles leave precompressed (brotli or gzip, as the client accepts); the rest goes to the adapter.
    const q = req.url.indexOf("?");
    const answer = compressedAnswer(compressed, q < 0 ? req.url : req.url.slice(0, q), req.headers["accept-encoding"], req.headers["if-none-match"]);
    if (answer) {
      res.writeHead(answer.status, answer.headers).end(req.method === "HEAD" ? undefined : (answer.body ?? undefined));
      return;
    }
  }
  if ((req.method === "GET" || req.method === "HEAD") && cacheEnabled() && req.url) {
    // Keyed by the display mode too: an elder-mode reader never gets the standard page, nor the other way round.
    const hit = cache.get(pageCacheKey(req.url, req.headers.cookie));
    if (hit) {
      // In the encoding the client prefers, made once per page and encoding (src/server/cache.ts).
      const answer = answerFromCache(hit, req.headers["if-none-match"], req.headers["accept-encoding"]);
      res.writeHead(answer.status, answer.headers).end(req.method === "HEAD" ? undefined : (answer.body ?? undefined));
      return;
    }
  }
  // Everything else leaves compressed when it is text and the client accepts it: pages, feeds, JSON, CSV.
  compressResponses(req, res);
  handler(req, res);
});
// Node hands CONNECT to a 'connect' listener and, without one, drops the connection: answer 405 there too.
server.on("connect", (_req: IncomingMessage, socket: import("node:net").Socket) => {
  const body = Buffer.from(UNSUPPORTED_METHOD_ANSWER.body);
  const head = Object.entries({ ...UNSUPPORTED_METHOD_ANSWER.headers, "content-length": String(body.byteLength) }).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 405 Method Not Allowed\r\n${head}\r\n`), body]));
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(cfg.PORT, cfg.HOST, () => resolve());
});
onShutdown(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, 3000).unref();
    }),
);
console.log(`✓ 门户已启动：http://localhost:${cfg.PORT}/`);

async function bringUpSearch(db: Database): Promise<{ url: string; key?: string | undefined } | undefined> {
  if (cfg.SEARCH === "off") {
    console.log("! 搜索服务已关闭 (SEARCH=off)，站内搜索使用数据库");
    return undefined;
  }
  let url = cfg.MEILI_URL;
  let key = cfg.MEILI_MASTER_KEY;
  if (!url) {
    await claimBundledSearch(db);
    try {
      // Supervised: if it exits, it comes back on the same port with the same key (see meili-process.ts).
      meili = await startMeili({ dataDir: join(cfg.dataDir, "meili"), restart: true, log: (line) => console.log(line) });
      onShutdown(() => meili?.stop());
      url = meili.url;
      key = meili.masterKey;
      console.log(`✓ 内置 Meilisearch 已启动 (${url}, pid ${meili.pid})`);
    } catch (err) {
      console.log(`! 内置 Meilisearch 无法启动（${(err as Error).message}），站内搜索改用数据库`);
      return undefined;
    }
  }
  try {
    const client = meiliClient(url, key);
    await client.health();
    await applySettings(client);
    // An empty index is rebuilt with all the others: a fresh data folder, or an upgrade that added the pages index
    // (and one document per region in towns).
    const empty = async (name: string) => (await client.index(name).getStats().catch(() => ({ numberOfDocuments: 0 }))).numberOfDocuments === 0;
    if ((await empty("notices")) || (await empty("pages"))) {
      const counts = await reindexAll(client, db.db);
      console.log(`✓ 搜索索引已建立：通知公告 ${counts.notices}，公示 ${counts.publicity}，城镇 ${counts.towns}`);
    } else {
      // What waited out a back-off while search was down (or the portal was stopped) goes now.
      await retryWaitingNow(db.db, new Date());
      await drainOutbox(client, db.db, new Date());
    }
    return { url, key };
  } catch (err) {
    console.log(`! 搜索服务 ${url} 不可用（${(err as Error).message}），站内搜索改用数据库`);
    await meili?.stop();
    meili = undefined;
    return undefined;
  }
}

/**
 * The bundled Meilisearch serves one instance. Two instances on one PostgreSQL database would each drain the shared
 * outbox into their own index, and the indexes would drift apart for good: the second one refuses to start its own.
 */
async function claimBundledSearch(database: Database): Promise<void> {
  if (database.kind !== "postgres") return;
  const LEASE = "bundled-search";
  const TTL_MS = 60_000;
  const me = instanceId();
  const host = hostname();
  const taken = await takeLease(
    database.db,
    // A holder on this host whose process is gone (killed with -9) is not waited for.
    { name: LEASE, holder: me, detail: cfg.dataDir, ttlMs: TTL_MS, mayReplace: (holder) => holderIsDeadHere(holder, host) },
    new Date(),
  );
  if (!taken.ok) {
    await database.close();
    fail(
      `同一数据库上的另一个实例 (${taken.holder}，数据目录 ${taken.detail}) 正在使用内置 Meilisearch。多个实例必须共用一个 Meilisearch：请为每个实例设置 MEILI_URL 和 MEILI_MASTER_KEY（或设置 SEARCH=off）`,
    );
  }
  const timer = setInterval(() => void renewLease(database.db, LEASE, me, TTL_MS, new Date()).catch(() => {}), TTL_MS / 3);
  timer.unref();
  onShutdown(async () => {
    clearInterval(timer);
    await releaseLease(database.db, LEASE, me).catch(() => {});
  });
}
