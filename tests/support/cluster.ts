// The deployment of deploy/README.md on one machine, for a test: a fresh PostgreSQL database, one Meilisearch, one
// shared DATA_DIR, two portal instances started as `npm start` does (scripts/start.ts) and nginx in front of them
// with the committed deploy/nginx/health-towns.conf. Everything is stopped by PID and removed by stop(), which is
// also what a failed start does before rethrowing.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/server/search/meili-process.ts";
import { testMeili } from "./meili.ts";
import { startNginx, type NginxServer } from "./nginx.ts";
import { startPortal, type PortalServer } from "./portal-server.ts";
import { emptyPostgresDatabase } from "./postgres.ts";

export interface ClusterInstance extends PortalServer {
  port: number;
  /** host:port as nginx's $upstream_addr names it. */
  upstream: string;
}

export interface Cluster {
  /** The public origin through nginx, https://localhost:<port> (SITE_URL of both instances). */
  siteUrl: string;
  /** Plain http on nginx (redirects to https). */
  httpUrl: string;
  nginx: NginxServer;
  instances: ClusterInstance[];
  databaseUrl: string;
  dataDir: string;
  /** The first instance's start output: the seed's generated staff passwords and demo tracking numbers. */
  seedOutput: string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** PostgreSQL server URL; a fresh database is created on it and dropped by stop(). */
  serverUrl: string;
  /** Extra environment for every instance. */
  env?: Record<string, string>;
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw new AggregateError(errors, "cluster cleanup failed");
  };
  try {
    const database = await emptyPostgresDatabase(opts.serverUrl, "htp_nginx");
    cleanups.push(() => database.drop());
    const meili = await testMeili();
    cleanups.push(() => meili.dispose());
    // One DATA_DIR for both: evidence written by one instance is served by the other.
    const dataDir = mkdtempSync(join(tmpdir(), "htp-cluster-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // The public port is chosen first: SITE_URL names it.
    const httpsPort = await freePort();
    const siteUrl = `https://localhost:${httpsPort}`;
    const env = {
      DATABASE_URL: database.url,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.masterKey,
      DATA_DIR: dataDir,
      SITE_URL: siteUrl,
      TRUST_PROXY: "1",
      SCHEDULER_INTERVAL_SECONDS: "5",
      REPORT_HOURLY_LIMIT: "1000",
      ...opts.env,
    };
    const instances: ClusterInstance[] = [];
    // The first migrates and seeds an empty database; the second starts on the finished one.
    for (let i = 0; i < 2; i++) {
      const portal = await startPortal(env);
      cleanups.push(() => portal.stop());
      const port = Number(new URL(portal.url).port);
      instances.push({ ...portal, port, upstream: `127.0.0.1:${port}` });
    }
    const nginx = await startNginx({ upstreamPorts: instances.map((p) => p.port), httpsPort });
    cleanups.push(() => nginx.stop());
    return {
      siteUrl,
      httpUrl: `http://127.0.0.1:${nginx.httpPort}`,
      nginx,
      instances,
      databaseUrl: database.url,
      dataDir,
      seedOutput: instances[0]!.output(),
      stop,
    };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP(S) request with nothing added: any Host, X-Forwarded-For or Origin header as given, from a chosen local
 * address (127.0.0.2 … are all this machine's loopback on Linux), certificate not checked (self-signed).
 */
export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<RawResponse> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  // nginx and the instances listen on 127.0.0.1 only; "localhost" may resolve to ::1 first.
  const hostname = target.hostname === "localhost" ? "127.0.0.1" : target.hostname;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        protocol: target.protocol,
        hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: opts.method ?? "GET",
        headers: {
          host: target.host,
          ...(opts.body !== undefined ? { "content-length": String(Buffer.byteLength(opts.body)) } : {}),
          ...opts.headers,
        },
        localAddress: opts.localAddress,
        rejectUnauthorized: false,
        servername: /^[\d.]+$/.test(target.hostname) ? undefined : target.hostname,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${opts.method ?? "GET"} ${url}`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}
