// Issue 12: someone sends malformed input to every input the portal has — the report form and /api/reports, /track,
// search, the /api/v1 paths and queries, Open311, the responsibility list, the region picker, the back office's
// forms (signed in as the seeded handler, who needs no second factor) — and odd methods. Property-based
// (fast-check, fixed seed, bounded: > 5,000 requests, 8 at a time) against the built server started as `npm start`
// does. No answer may be 500 or above, and no HTML answer may carry the input's unique marker `'"><x-fuzz-N>` as
// markup: escaped in text it reads `&lt;x-fuzz-N&gt;`, escaped in a quoted attribute `&quot;><x-fuzz-N>` (a `<`
// inside a quoted attribute is text); anything else is a tag the attacker chose.
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { seededPassword } from "../support/back-office.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";

const SEED = 1212;
const CONCURRENCY = 8;

let portal: PortalServer;
let origin: string;
let cookie = "";
let caseIds: string[] = [];
/** The version each case page was rendered with, so that fuzzed actions get past the stale-form check. */
const versions = new Map<string, string>();

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one server is enough");
  test.setTimeout(180_000);
  portal = await startPortal({ SEARCH: "off", REPORT_HOURLY_LIMIT: "100000" });
  origin = portal.url;
  // The handler signs in before anything else (the fuzzed sign-ins below will throttle this address).
  const form = new URLSearchParams({ username: "handler", password: seededPassword(portal.output(), "handler") });
  const res = await fetch(`${origin}/admin/login`, { method: "POST", body: form, redirect: "manual", headers: { origin } });
  cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  expect(cookie, `the handler is signed in (${res.status} ${(await res.text()).match(/role="alert">[^<]*/)?.[0] ?? ""})`).toMatch(/session=/);
  const list = await (await fetch(`${origin}/admin/cases?queue=all`, { headers: { cookie } })).text();
  caseIds = [...new Set([...list.matchAll(/href="\/admin\/cases\/(\d+)"/g)].map((m) => m[1]!))].slice(0, 3);
  for (const id of caseIds) {
    const page = await (await fetch(`${origin}/admin/cases/${id}`, { headers: { cookie } })).text();
    versions.set(id, /name="version" value="(\d+)"/.exec(page)?.[1] ?? "0");
  }
});
test.afterAll(async () => {
  await portal?.stop();
});

// --- inputs ------------------------------------------------------------------------------------------------------
let markers = 0;
/** A value with a marker the answer must never carry as markup. */
const marked = (s: string) => `${s}'"><x-fuzz-${++markers}>`;

/** Markers that are markup: not preceded by an escaped quote (the only way `<x-fuzz-N>` may stand in an attribute). */
const unescapedMarkers = (html: string) => [...html.matchAll(/<x-fuzz-\d+>/g)].filter((m) => !/(&quot;|&#34;|&#x22;)>$/i.test(html.slice(Math.max(0, m.index - 8), m.index))).map((m) => m[0]);

const NASTY = [
  "", " ", "\u0000", "a\u0000b", "%00", "%", "%25", "%2531", "%E4", "%E4%B8", "\u0001\u001f\u007f", "\r\n", "\uD800", "\uFEFF", "\u202E",
  "0", "-1", "1.5", "1e309", "NaN", "Infinity", "2147483647", "2147483648", "99999999999", "9".repeat(40), "0x10", "１２３",
  "150000", "150621", "150621100", "999999", "2026-02-30", "2026-13-01", "0000-00-00", "+275760-09-13", "9999-12-31T23:59:59Z",
  "true", "null", "[]", "{}", "[object Object]", "__proto__", "constructor", "../../etc/passwd", "..%2f..%2f", "' OR 1=1 --", "\"; DROP TABLE cases; --",
  "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${7*7}", "a".repeat(3000), "中".repeat(2100),
  "notice", "objection", "complaint", "lead", "suggestion", "open", "closed", "food", "GS20261101000001",
];

const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString())) },
);
/** Sometimes with a marker, so that every kind of value is also checked for escaping. */
const value = fc.tuple(text, fc.boolean()).map(([s, mark]) => (mark ? marked(s) : s));

/** Percent-encodes UTF-8 bytes (lone surrogates become U+FFFD), unlike encodeURIComponent, which throws on them. */
const enc = (s: string) => [...Buffer.from(s, "utf8")].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("");
/** Raw bits of a URL that a client may send as they are: stray percent signs and broken escapes. */
const rawBit = fc.constantFrom("%00", "%", "%%", "%E4", "%2531", "%0A", "%7F", "+", "&", "=", "#", "%C0%AE");
const segment = fc.oneof({ weight: 3, arbitrary: value.map(enc) }, { weight: 1, arbitrary: rawBit });

function query(names: string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: text }), fc.oneof({ weight: 4, arbitrary: value.map(enc) }, { weight: 1, arbitrary: rawBit }));
  return fc.array(pair, { minLength: 1, maxLength: 4 }).map((ps) => "?" + ps.map(([k, v]) => `${/^[\w[\]]+$/.test(k) ? k : enc(k)}=${v}`).join("&"));
}

function fields(names: string[]): fc.Arbitrary<[string, string][]> {
  return fc.array(fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: text }), value), { minLength: 1, maxLength: 10 });
}

interface Probe {
  method: string;
  path: string;
  body?: { kind: "multipart" | "urlencoded" | "raw"; fields: [string, string][]; type?: string };
  headers?: Record<string, string>;
  admin?: boolean;
}

const REPORT_FIELDS = ["kind", "publicityEntryId", "regionCode", "category", "leadUrl", "description", "occurredOn", "locationText", "name", "phone", "email", "consentContact", "consentPublish", "idempotencyKey", "website", "altcha"];
const OPEN311_FIELDS = ["service_code", "attribute[region_code]", "attribute[kind]", "attribute[consent_publish]", "description", "lat", "long", "address_string", "email", "first_name", "last_name", "phone", "media_url", "api_key", "jurisdiction_id"];
const CASE_FIELDS = ["action", "version", "note", "internalNote", "reason", "unitId", "finding", "summary", "publicReply", "problem", "workingDays", "intoCaseId", "question", "answer", "decision", "reply"];
const CASE_ACTIONS = ["accept", "refuse", "assign", "handle_self", "start", "return_to_office", "pause", "resume", "submit_findings", "return_findings", "conclude", "order_rectification", "report_rectification", "accept_rectification", "reject_rectification", "request_extension", "decide_extension", "merge", "reveal", "decide_reexam", "close", "rate"];

const reportBody = fields(REPORT_FIELDS).chain((fs) =>
  // Often a plausible complaint with one field broken, so the fuzzed value reaches the database and not only the validator.
  fc.boolean().map((plausible) => (plausible ? ([["kind", "complaint"], ["regionCode", "150621"], ["category", "food"], ["description", "这里的垃圾已经堆放了很久，一直没有人清理。"], ...fs] as [string, string][]) : fs)),
);

const probes: { name: string; arb: fc.Arbitrary<Probe>; runs: number }[] = [
  { name: "report form", runs: 500, arb: fc.tuple(reportBody, fc.constantFrom<"multipart" | "urlencoded">("multipart", "urlencoded")).map(([fs, kind]) => ({ method: "POST", path: "/report", body: { kind, fields: fs } })) },
  { name: "report page query", runs: 250, arb: query(["type", "entry", "region"]).map((q) => ({ method: "GET", path: `/report${q}` })) },
  { name: "/api/reports", runs: 450, arb: fc.tuple(reportBody, value).map(([fs, key]) => ({ method: "POST", path: "/api/reports", body: { kind: "multipart", fields: fs }, headers: { "idempotency-key": enc(key).slice(0, 300) } })) },
  { name: "/track", runs: 300, arb: fc.tuple(fields(["trackingNumber", "accessCode", "action", "rating", "comment", "reason"]), query(["n", "t"])).map(([fs, q]) => ({ method: "POST", path: `/track${q}`, body: { kind: "urlencoded", fields: fs } })) },
  { name: "/search", runs: 400, arb: fc.tuple(fc.constantFrom("/search", "/search.json"), query(["q", "type", "honour", "prefecture", "year", "page"])).map(([p, q]) => ({ method: "GET", path: p + q })) },
  {
    name: "/api/v1 queries",
    runs: 600,
    arb: fc.tuple(fc.constantFrom("/notices", "/publicity", "/designations", "/regions", "/cycle", "/stats", "/openapi.json"), query(["type", "issuer", "year", "limit", "cursor", "status", "honour", "prefecture", "parent"])).map(([p, q]) => ({ method: "GET", path: `/api/v1${p}${q}` })),
  },
  { name: "/api/v1 paths", runs: 400, arb: fc.tuple(fc.constantFrom("/notices/", "/publicity/", "/designations/", "/", "/regions/"), segment).map(([p, s]) => ({ method: "GET", path: `/api/v1${p}${s}` })) },
  {
    name: "Open311 GET",
    runs: 400,
    arb: fc.oneof(
      query(["start_date", "end_date", "status", "service_code", "service_request_id", "jurisdiction_id"]).map((q) => ({ method: "GET", path: `/open311/v2/requests.json${q}` })),
      fc.tuple(fc.constantFrom("/open311/v2/requests/", "/open311/v2/services/"), segment, fc.constantFrom(".json", ".xml", "")).map(([p, s, ext]) => ({ method: "GET", path: p + s + ext })),
    ),
  },
  { name: "Open311 POST", runs: 400, arb: fields(OPEN311_FIELDS).map((fs) => ({ method: "POST", path: "/open311/v2/requests.json", body: { kind: "urlencoded" as const, fields: fs } })) },
  { name: "/responsibilities", runs: 200, arb: query(["q"]).map((q) => ({ method: "GET", path: `/responsibilities${q}` })) },
  {
    name: "/api/regions",
    runs: 300,
    arb: fc.oneof(query(["q"]).map((q) => ({ method: "GET", path: `/api/regions/search.json${q}` })), segment.map((s) => ({ method: "GET", path: `/api/regions/${s}.json` }))),
  },
  {
    name: "public pages",
    runs: 300,
    arb: fc.oneof(
      fc.tuple(fc.constantFrom("/publicity/", "/towns/", "/notices/", "/feeds/regions/", "/feeds/notices/", "/stats/monthly?month="), segment).map(([p, s]) => ({ method: "GET", path: p + s })),
      fc.tuple(fc.constantFrom("/towns", "/notices", "/publicity", "/stats", "/stats.csv", "/calendar.ics", "/_image"), query(["honour", "prefecture", "status", "year", "page", "type", "issuer", "href", "w", "f"])).map(([p, q]) => ({ method: "GET", path: p + q })),
    ),
  },
  {
    name: "odd methods",
    runs: 250,
    arb: fc.tuple(fc.constantFrom("TRACE", "TRACK", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "CONNECT"), fc.constantFrom("/", "/report", "/api/v1/notices", "/api/reports", "/api/regions/150000.json", "/open311/v2/requests.json", "/track", "/admin/login", "/search"), fc.option(text)).map(([method, path, body]) => ({
      method,
      path,
      ...(body !== null ? { body: { kind: "raw" as const, fields: [["", body]] as [string, string][], type: "text/plain" } } : {}),
    })),
  },
  {
    name: "sign-in and bodies that are not forms",
    runs: 200,
    arb: fc.oneof(
      fields(["username", "password", "next"]).map((fs) => ({ method: "POST", path: "/admin/login", body: { kind: "urlencoded" as const, fields: fs } })),
      fc.tuple(fc.constantFrom("/admin/login", "/report", "/track", "/api/reports", "/open311/v2/requests.json"), text, fc.constantFrom("text/plain", "multipart/form-data", "multipart/form-data; boundary=x", "application/json", "application/x-www-form-urlencoded; charset=latin1", "")).map(([path, body, type]) => ({
        method: "POST",
        path,
        body: { kind: "raw" as const, fields: [["", body]] as [string, string][], type },
      })),
    ),
  },
  { name: "back-office queries", runs: 300, arb: fc.tuple(fc.constantFrom("/admin/cases", "/admin", "/admin/audit", "/admin/account", "/admin/publish", "/admin/cases/", "/admin/cases/1/evidence/99999999999", "/admin/cases/99999999999"), query(["q", "queue", "cursor", "unit", "state", "kind", "category", "before", "next"])).map(([p, q]) => ({ method: "GET", path: p + q, admin: true })) },
  {
    name: "back-office case forms",
    runs: 350,
    arb: fc
      .tuple(fc.nat(), fc.oneof(fc.constantFrom(...CASE_ACTIONS), fc.constantFrom("constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"), text), fields(CASE_FIELDS), fc.constantFrom<"multipart" | "urlencoded">("multipart", "urlencoded"))
      .map(([i, action, fs, kind]) => {
        const id = caseIds.length ? caseIds[i % caseIds.length]! : "1";
        return { method: "POST", path: `/admin/cases/${id}`, body: { kind, fields: [["action", action], ["version", versions.get(id) ?? "0"], ...fs] as [string, string][] }, admin: true };
      }),
  },
];

function requestOf(p: Probe): [string, RequestInit] {
  const headers: Record<string, string> = { origin, ...(p.headers ?? {}) };
  if (p.admin) headers.cookie = cookie;
  let body: BodyInit | undefined;
  if (p.body?.kind === "multipart") {
    const fd = new FormData();
    for (const [k, v] of p.body.fields) fd.append(k, v);
    body = fd;
  } else if (p.body?.kind === "urlencoded") {
    body = p.body.fields.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
    headers["content-type"] = "application/x-www-form-urlencoded";
  } else if (p.body?.kind === "raw") {
    body = p.body.fields.map(([, v]) => v).join("");
    if (p.body.type) headers["content-type"] = p.body.type;
  }
  return [origin + p.path, { method: p.method, headers, body, redirect: "manual", signal: AbortSignal.timeout(20_000) }];
}

/** Node's fetch refuses TRACE, TRACK and CONNECT itself: those go through node:http. */
async function rawRequest(p: Probe): Promise<{ status: number; type: string; text: string }> {
  const { request } = await import("node:http");
  const url = new URL(origin + p.path);
  const body = p.body ? p.body.fields.map(([, v]) => v).join("") : undefined;
  return await new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: p.method, path: url.pathname + url.search, headers: { origin, ...(body !== undefined ? { "content-length": Buffer.byteLength(body) } : {}) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), text }));
    });
    // A CONNECT answer arrives as 'connect', whatever its status.
    req.on("connect", (res, socket) => {
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (d) => (text += d));
      socket.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), text }));
      socket.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function send(p: Probe): Promise<{ status: number; type: string; text: string }> {
  if (["TRACE", "TRACK", "CONNECT"].includes(p.method)) return rawRequest(p);
  const [url, init] = requestOf(p);
  const res = await fetch(url, init);
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

test("no malformed input gets an answer of 500 or more, and none is rendered as markup", async () => {
  test.setTimeout(300_000);
  const all: { name: string; probe: Probe }[] = [];
  probes.forEach(({ name, arb, runs }, i) => {
    for (const probe of fc.sample(arb, { seed: SEED + i, numRuns: runs })) all.push({ name, probe });
  });
  expect(all.length).toBeGreaterThanOrEqual(5000);

  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < all.length) {
        const { name, probe } = all[next++]!;
        const where = `${name}: ${probe.method} ${probe.path.slice(0, 200)}${probe.body ? ` ${JSON.stringify(probe.body.fields).slice(0, 300)}` : ""}`;
        try {
          const res = await send(probe);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.unshift(`${res.status} ← ${where} → ${res.text.slice(0, 200)}`);
          if (/text\/html/.test(res.type)) {
            for (const m of unescapedMarkers(res.text)) failures.push(`unescaped ${m} ← ${where}`);
          }
        } catch (err) {
          failures.push(`no answer (${(err as Error).message}) ← ${where}`);
        }
      }
    }),
  );
  console.log(`${all.length} requests in ${Math.round((Date.now() - started) / 1000)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  expect(failures.slice(0, 40), `${failures.length} failures`).toEqual([]);
  // The portal is still serving.
  expect((await fetch(`${origin}/`)).status).toBe(200);
});

test("each input of the first fuzz run's 500s now gets its own answer", async () => {
  const get = async (path: string) => {
    const res = await fetch(origin + path, { headers: { cookie }, redirect: "manual" });
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text(), allow: res.headers.get("allow") };
  };
  expect((await get("/responsibilities?q=a%00b")).status).toBe(400);
  expect(await get("/api/regions/search.json?q=%00")).toMatchObject({ status: 400, type: expect.stringMatching(/json/) });
  expect((await get("/admin/cases?q=%00")).status).toBe(400);
  expect((await get("/report?entry=2147483648")).status).toBe(200);
  expect(await get("/open311/v2/requests.json?end_date=150000")).toMatchObject({ status: 400, type: expect.stringMatching(/json/) });
  expect((await get("/open311/v2/requests/%2500.json")).status).toBe(404);
  expect((await get("/open311/v2/services.xml")).status).toBe(406);
  expect((await get("/api/v1/notices/%25")).status).toBe(404);
  expect((await get("/api/v1/publicity/%25E4")).status).toBe(404);
  expect((await get("/api/v1/publicity/%2531")).status).toBe(404);
  expect(JSON.parse((await get("/api/v1/stats?year=abc")).text).message).not.toMatch(/Invalid input/);
  expect(await get("/api/v1/%01")).toMatchObject({ status: 400, type: expect.stringMatching(/json/) });
  expect((await get("/_image?href=/favicon.svg")).status).toBe(404);
  expect((await get("/search.json?q=constructor")).status).toBe(200);
  expect((await get(`/admin/cases/${caseIds[0] ?? 1}/evidence/99999999999`)).status).toBe(404);
  for (const action of ["constructor", "toString", "__proto__"]) {
    const id = caseIds[0] ?? "1";
    const res = await fetch(`${origin}/admin/cases/${id}`, { method: "POST", headers: { origin, cookie }, body: new URLSearchParams({ action, version: versions.get(id) ?? "0" }), redirect: "manual" });
    expect(res.status, action).toBeLessThan(500);
  }
  expect((await get("/feeds/notices.xml")).text).toContain('xml:lang="zh-CN"');
  const del = await fetch(`${origin}/api/v1/notices`, { method: "DELETE", headers: { origin } });
  expect(del.status).toBe(405);
  expect(del.headers.get("allow")).toBe("GET, HEAD");
  const trace = await rawRequest({ method: "TRACE", path: "/", body: { kind: "raw", fields: [["", "x"]] } });
  expect(trace.status).toBe(405);
  const connect = await rawRequest({ method: "CONNECT", path: "/" });
  expect(connect.status).toBe(405);
  for (const type of ["text/plain", "multipart/form-data; boundary=zz"]) {
    const login = await fetch(`${origin}/admin/login`, { method: "POST", headers: { origin, "content-type": type }, body: "garbage" });
    expect(login.status, type).toBeLessThan(500);
  }
  const report = new FormData();
  const fieldsWithNul: [string, string][] = [["kind", "complaint"], ["regionCode", "150621\u0000"], ["category", "food"], ["description", "这里的垃圾\u0000已经堆放了很久，一直没有人清理。"]];
  for (const [k, v] of fieldsWithNul) report.append(k, v);
  expect((await fetch(`${origin}/api/reports`, { method: "POST", headers: { origin }, body: report })).status).toBeLessThan(500);
});
