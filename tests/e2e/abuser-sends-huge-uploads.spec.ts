// Issue 11: someone streams endless uploads at the forms. Each is refused with 413 and a Chinese message as soon as
// it passes its form's limit, chunked bodies without Content-Length included; the portal's memory stays flat and
// nothing is stored. Against the built server started as `npm start` does, with fetch (no browser).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { count, gte } from "drizzle-orm";
import { caseEvidence, cases } from "../../db/schema.ts";
import { openDatabase } from "../../src/server/db.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";

const MB = 1024 * 1024;
const HUGE = 200 * MB;
const BOUNDARY = "----abuser-boundary-7MA4YWxkTrZu0gW";

let portal: PortalServer;
let dataDir: string;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one server is enough");
  test.setTimeout(180_000);
  dataDir = mkdtempSync(join(tmpdir(), "htp-huge-"));
  // Kept at stop (opts.dataDir) so that the database can be read once the portal has let go of it.
  portal = await startPortal({ SEARCH: "off", REPORT_HOURLY_LIMIT: "1000" }, { dataDir });
});
test.afterAll(async () => {
  await portal?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Resident set size of the portal process, from /proc. */
function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error("no VmRSS");
  return Number(m[1]) * 1024;
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => statSync(join(dir, f)).isFile());
  } catch {
    return [];
  }
}

interface Answer {
  status: number;
  headers: Headers;
  body: string;
  ms: number;
  sent: number;
}

/**
 * POSTs `head` and then `chunk` over and over, chunked (no Content-Length), each chunk made when the connection
 * takes it, until HUGE bytes are sent or the server answers. Never holds more than one chunk.
 *
 * The server answers a refused body and closes the connection while this client is still sending; now and then the
 * client's next write fails (EPIPE, reset) before it has read the answer waiting in its socket. That race is the
 * client's: browsers read the answer after a failed upload. Such an attempt must still have been cut off quickly,
 * long before HUGE, and is repeated (twice at most).
 */
async function stream(path: string, type: string, head: string, chunk: Uint8Array): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent >= HUGE) return controller.close();
          const piece = sent === 0 ? Buffer.concat([Buffer.from(head), chunk]) : chunk;
          sent += piece.byteLength;
          controller.enqueue(piece);
        },
      },
      { highWaterMark: 0 },
    );
    const started = Date.now();
    try {
      const res = await fetch(`${portal.url}${path}`, { method: "POST", body, duplex: "half", headers: { "content-type": type, origin: portal.url } } as RequestInit);
      const ms = Date.now() - started;
      return { status: res.status, headers: res.headers, body: await res.text(), ms, sent };
    } catch (err) {
      const code = ((err as Error).cause as { code?: string } | undefined)?.code ?? "";
      if (attempt === 3 || !["EPIPE", "ECONNRESET", "UND_ERR_SOCKET"].includes(code)) throw err;
      expect(Date.now() - started, `${path}: cut off (${code})`).toBeLessThan(1_500);
      expect(sent, `${path}: cut off (${code})`).toBeLessThan(HUGE);
    }
  }
}

const field = (name: string, value: string) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const REPORT_FIELDS = field("kind", "complaint") + field("regionCode", "150600") + field("category", "sanitation") + field("description", "巨型上传测试：不应被受理，也不应留下任何记录");
const FILE_HEAD = `--${BOUNDARY}\r\ncontent-disposition: form-data; name="evidence"; filename="巨大的证据.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.4\r\n`;
const CHUNK = new Uint8Array(256 * 1024).fill(0x41);

test("endless uploads are refused with 413 within a second, memory stays flat, nothing is stored", async () => {
  test.setTimeout(120_000);
  const since = new Date();
  const evidenceBefore = filesUnder(join(dataDir, "evidence"));
  // Warm the routes up, so that the timings below measure the limits, not the first render, and the memory figure
  // what an upload holds, not the code a first refusal loads (the form's answer and its messages in each language).
  for (const p of ["/report", "/track", "/en/report", "/mn/report"]) expect((await fetch(`${portal.url}${p}`)).status).toBe(200);
  for (const p of ["/report", "/api/reports"]) {
    const warm = await fetch(`${portal.url}${p}`, { method: "POST", body: field("kind", "complaint") + `--${BOUNDARY}--\r\n`, headers: { "content-type": MULTIPART, origin: portal.url } });
    expect(warm.status).toBeGreaterThanOrEqual(400);
    await warm.arrayBuffer();
  }
  const rssBefore = rssBytes(portal.pid);

  // The plain form: one file that never ends is stopped at 10 MB and named; the form comes back with the fields.
  const page = await stream("/report", MULTIPART, REPORT_FIELDS + FILE_HEAD, CHUNK);
  expect(page.status).toBe(413);
  // The rest of the body is never read, so the connection is closed after the answer.
  expect(page.headers.get("connection")).toBe("close");
  expect(page.body).toContain("文件“巨大的证据.pdf”超过 10 MB，请压缩后再上传");
  expect(page.body).toContain("巨型上传测试：不应被受理，也不应留下任何记录");
  expect(page.ms).toBeLessThan(1_500);
  expect(page.sent).toBeLessThan(HUGE);

  // The island's JSON endpoint: the same file, answered in its own format.
  const api = await stream("/api/reports", MULTIPART, REPORT_FIELDS + FILE_HEAD, CHUNK);
  expect(api.status).toBe(413);
  expect(JSON.parse(api.body)).toEqual({ status: "rejected", code: "payload_too_large", message: "文件“巨大的证据.pdf”超过 10 MB，请压缩后再上传" });
  expect(api.ms).toBeLessThan(1_500);
  expect(api.sent).toBeLessThan(HUGE);

  // A text field that never ends: only the whole body's limit (51 MB) catches it, still long before 200 MB.
  const endlessField = await stream("/api/reports", MULTIPART, `${REPORT_FIELDS}--${BOUNDARY}\r\ncontent-disposition: form-data; name="locationText"\r\n\r\n`, CHUNK);
  expect(endlessField.status).toBe(413);
  expect(JSON.parse(endlessField.body)).toMatchObject({ status: "rejected", code: "payload_too_large" });
  expect(endlessField.sent).toBeLessThan(HUGE);
  expect(endlessField.ms).toBeLessThan(1_500);

  // A small form: /track takes 64 KB.
  const track = await stream("/track", "application/x-www-form-urlencoded", "trackingNumber=GS20260101000001&reason=", new Uint8Array(64 * 1024).fill(0x61));
  expect(track.status).toBe(413);
  expect(track.body).toContain("提交的内容过大：此表单的内容不能超过 64 KB");
  expect(track.ms).toBeLessThan(1_500);

  // The back office's sign-in (through the admin middleware) and Open311, whose errors are GeoReport's.
  const login = await stream("/admin/login", "application/x-www-form-urlencoded", "username=admin&password=", new Uint8Array(64 * 1024).fill(0x61));
  expect(login.status).toBe(413);
  expect(login.headers.get("connection")).toBe("close");
  expect(login.body).toContain("提交的内容过大：此表单的内容不能超过 64 KB");
  const open311 = await stream("/open311/v2/requests.json", "application/x-www-form-urlencoded", "service_code=sanitation&description=", new Uint8Array(64 * 1024).fill(0x61));
  expect(open311.status).toBe(413);
  expect(JSON.parse(open311.body)).toEqual([{ code: 413, description: "提交的内容过大：此表单的内容不能超过 64 KB，请删减后重新提交" }]);

  // Two at once, as an abuser would (each may hold up to 10 MB of its file until the limit is reached).
  const parallel = await Promise.all(Array.from({ length: 2 }, () => stream("/api/reports", MULTIPART, REPORT_FIELDS + FILE_HEAD, CHUNK)));
  expect(parallel.map((a) => a.status)).toEqual([413, 413]);

  const grown = rssBytes(portal.pid) - rssBefore;
  expect(grown, `RSS grew by ${Math.round(grown / MB)} MB`).toBeLessThan(50 * MB);
  // The portal still answers normally.
  expect((await fetch(`${portal.url}/report`)).status).toBe(200);

  await portal.stop();
  expect(filesUnder(join(dataDir, "evidence"))).toEqual(evidenceBefore);
  const database = await openDatabase({ dataDir });
  try {
    const [c] = await database.db.select({ n: count() }).from(cases).where(gte(cases.receivedAt, since));
    const [e] = await database.db.select({ n: count() }).from(caseEvidence).where(gte(caseEvidence.createdAt, since));
    expect(c!.n).toBe(0);
    expect(e!.n).toBe(0);
  } finally {
    await database.close();
  }
});
