// nginx from the Debian package, run with the committed deploy/nginx/health-towns.conf in a temp prefix: a
// self-signed certificate made for the run, free loopback ports, logs and temp files in the temp dir, stopped by PID.
//
// The site file is used as committed; only the values an operator would also change for their machine are swapped
// (listen ports, server name, certificate paths, log paths, upstream ports), each by an exact line that must be
// there — so an edit of the file that the test no longer runs fails here instead of passing unnoticed.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/server/search/meili-process.ts";

export const NGINX_SITE = new URL("../../deploy/nginx/health-towns.conf", import.meta.url).pathname;

/** The nginx binary: NGINX_BIN, else Debian's (`apt-get install nginx`), else undefined. */
export function nginxBinary(): string | undefined {
  const candidates = [process.env.NGINX_BIN, "/usr/sbin/nginx"].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

export interface SiteValues {
  httpPort: number;
  httpsPort: number;
  serverName: string;
  certificate: string;
  certificateKey: string;
  accessLog: string;
  errorLog: string;
  /** The portal instances' ports, in the order of the file's `server` lines. */
  upstreamPorts: number[];
}

/** Replaces `from` by `to`, insisting that it occurs exactly `times` times. */
function swap(text: string, from: string, to: string, times: number): string {
  const found = text.split(from).length - 1;
  if (found !== times) throw new Error(`${NGINX_SITE}: expected ${times}× "${from.trim()}", found ${found} — update tests/support/nginx.ts with the file`);
  return text.split(from).join(to);
}

/** The committed site file with this run's values; everything else is left exactly as committed. */
export function renderSite(values: SiteValues, site = readFileSync(NGINX_SITE, "utf8")): string {
  let text = site;
  // Loopback only in tests; no IPv6 listeners (a CI container may have no IPv6).
  text = swap(text, "    listen [::]:80;\n", "", 1);
  text = swap(text, "    listen [::]:443 ssl http2;\n", "", 1);
  text = swap(text, "listen 80;", `listen 127.0.0.1:${values.httpPort};`, 1);
  text = swap(text, "listen 443 ssl http2;", `listen 127.0.0.1:${values.httpsPort} ssl http2;`, 1);
  text = swap(text, "server_name portal.example.gov.cn;", `server_name ${values.serverName};`, 2);
  text = swap(text, "/etc/ssl/health-towns/fullchain.pem", values.certificate, 1);
  text = swap(text, "/etc/ssl/health-towns/privkey.pem", values.certificateKey, 1);
  text = swap(text, "/var/log/nginx/health-towns.access.log", values.accessLog, 2);
  text = swap(text, "/var/log/nginx/health-towns.error.log", values.errorLog, 1);
  const defaults = [4321, 4322];
  if (values.upstreamPorts.length !== defaults.length) throw new Error(`the site file names ${defaults.length} instances`);
  values.upstreamPorts.forEach((port, i) => {
    text = swap(text, `server 127.0.0.1:${defaults[i]} `, `server 127.0.0.1:${port} `, 1);
  });
  return text;
}

/**
 * The main nginx.conf around the site file: the http block of Debian's stock /etc/nginx/nginx.conf (so that a
 * directive the site file repeats from it fails here as it would on the server), with every path in the prefix.
 */
function mainConf(dir: string, site: string): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
    worker_connections 256;
}
http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log ${dir}/access.log;
    gzip on;
    client_body_temp_path ${dir}/temp/body;
    proxy_temp_path ${dir}/temp/proxy;
    fastcgi_temp_path ${dir}/temp/fastcgi;
    uwsgi_temp_path ${dir}/temp/uwsgi;
    scgi_temp_path ${dir}/temp/scgi;
    include ${site};
}
`;
}

/** A self-signed certificate for localhost, valid for a day. */
export function selfSignedCertificate(dir: string): { certificate: string; key: string } {
  const certificate = join(dir, "localhost.crt");
  const key = join(dir, "localhost.key");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate, "-days", "1"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return { certificate, key };
}

export interface AccessLine {
  remote: string;
  method: string;
  path: string;
  status: number;
  /** Every instance tried, in order ("127.0.0.1:4321"); empty when nginx answered itself (the http redirect). */
  upstreams: string[];
  xff: string;
}

const LINE = /^(\S+) - \[[^\]]+\] "(\S+) (\S+)[^"]*" (\d{3}) \d+ rt=\S+ upstream="([^"]*)" upstream_status="[^"]*" urt="[^"]*" xff="([^"]*)"/;

export function parseAccessLog(text: string): AccessLine[] {
  const lines: AccessLine[] = [];
  for (const raw of text.split("\n")) {
    const m = LINE.exec(raw);
    if (!m) continue;
    const upstreams = m[5] === "-" ? [] : m[5]!.split(/\s*,\s*|\s+:\s+/).filter(Boolean);
    lines.push({ remote: m[1]!, method: m[2]!, path: m[3]!, status: Number(m[4]), upstreams, xff: m[6]! });
  }
  return lines;
}

export interface NginxServer {
  pid: number;
  httpsPort: number;
  httpPort: number;
  /** https://<serverName>:<httpsPort> */
  url: string;
  dir: string;
  /** The site file as this run uses it. */
  site: string;
  accessLog(): AccessLine[];
  errorLog(): string;
  stop(): Promise<void>;
}

function readOr(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Starts nginx in a new temp prefix in front of the given instance ports. */
export async function startNginx(opts: { upstreamPorts: number[]; httpsPort?: number; serverName?: string }): Promise<NginxServer> {
  const bin = nginxBinary();
  if (!bin) throw new Error("没有找到 nginx：请安装 Debian 的 nginx 软件包（apt-get install -y nginx）或设置 NGINX_BIN");
  const dir = mkdtempSync(join(tmpdir(), "htp-nginx-"));
  // Run as root, nginx's workers drop to an unprivileged user, which must reach its temp dirs in the prefix.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "temp"));
  const serverName = opts.serverName ?? "localhost";
  const { certificate, key } = selfSignedCertificate(dir);
  const httpsPort = opts.httpsPort ?? (await freePort());
  const httpPort = await freePort();
  const site = renderSite({
    httpPort,
    httpsPort,
    serverName,
    certificate,
    certificateKey: key,
    accessLog: join(dir, "health-towns.access.log"),
    errorLog: join(dir, "health-towns.error.log"),
    upstreamPorts: opts.upstreamPorts,
  });
  writeFileSync(join(dir, "health-towns.conf"), site);
  const conf = join(dir, "nginx.conf");
  writeFileSync(conf, mainConf(dir, join(dir, "health-towns.conf")));

  let out = "";
  const child: ChildProcess = spawn(bin, ["-p", dir, "-c", conf, "-e", join(dir, "error.log")], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  // Last resort if the runner exits without calling stop(): nginx must not outlive it.
  const onExit = () => {
    if (!gone()) {
      try {
        process.kill(child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  process.once("exit", onExit);
  const stop = async () => {
    process.removeListener("exit", onExit);
    if (!gone()) {
      // SIGQUIT: graceful shutdown of the master and its workers; then harder.
      for (const [signal, waitMs] of [["SIGQUIT", 5_000], ["SIGTERM", 3_000], ["SIGKILL", 3_000]] as const) {
        try {
          process.kill(child.pid!, signal);
        } catch {
          break;
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, waitMs))]);
        if (gone()) break;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  while (!(await portOpen(httpsPort)) || !(await portOpen(httpPort))) {
    if (gone() || Date.now() > deadline) {
      const why = `nginx ${gone() ? `exited (${child.exitCode ?? child.signalCode})` : "did not listen within 15 s"}:\n${out}${readOr(join(dir, "error.log"))}`;
      await stop();
      throw new Error(why);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    pid: child.pid!,
    httpsPort,
    httpPort,
    url: `https://${serverName}:${httpsPort}`,
    dir,
    site,
    accessLog: () => parseAccessLog(readOr(join(dir, "health-towns.access.log"))),
    errorLog: () => readOr(join(dir, "error.log")) + readOr(join(dir, "health-towns.error.log")),
    stop,
  };
}
