// Issue 12: the defects a fuzz run found, one test each, on the pieces that fix them (no server needed). The same
// inputs go through the real server in tests/e2e/abuser-fuzzes-every-input.spec.ts.
import { describe, expect, it } from "vitest";
import { Feed } from "feed";
import { z } from "zod";
import { INT4_MAX, isRowId } from "../../../../src/domain/ids.ts";
import { parseReport } from "../../../../src/domain/report.ts";
import { route, ENDPOINTS } from "../../../../src/server/api/endpoints.ts";
import { openApiDocument } from "../../../../src/server/api/openapi.ts";
import { StatsQuery } from "../../../../src/server/api/schemas.ts";
import { decodeCursor, encodeCursor } from "../../../../src/server/cases/queues.ts";
import { atom } from "../../../../src/server/feeds.ts";
import { readForm, FORM_LIMITS, stripControls } from "../../../../src/server/http/body.ts";
import { guardRequest } from "../../../../src/server/http/guard.ts";
import { noticeInput } from "../../../../src/server/publish/notices.ts";

const at = (path: string) => new URL(`http://portal.test${path}`);

describe("requests refused before any route", () => {
  it("answers a NUL or another control character in the query with a Chinese 400 (JSON under /api)", async () => {
    for (const path of ["/responsibilities?q=a%00b", "/admin/cases?q=%00", "/search?q=%01x", "/track?x=%7F"]) {
      const res = guardRequest("GET", at(path))!;
      expect(res.status, path).toBe(400);
      expect(await res.text()).toMatch(/控制字符/);
    }
    const api = guardRequest("GET", at("/api/regions/search.json?q=%00"))!;
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ code: "invalid_query", message: expect.stringMatching(/控制字符/) });
    const open311 = guardRequest("GET", at("/open311/v2/requests.json?status=%00"))!;
    expect(await open311.json()).toEqual([{ code: 400, description: expect.stringMatching(/控制字符/) }]);
  });

  it("answers a control character in an API path with the JSON error, not HTML", async () => {
    const res = guardRequest("GET", at("/api/v1/notices/%01"))!;
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect((await res.json()).code).toBe("invalid_path");
  });

  it("lets ordinary queries, Chinese and malformed escapes through to the routes", () => {
    for (const path of ["/search?q=%E5%8D%AB%E7%94%9F", "/search?q=%E4", "/notices?year=2026&type=notice", "/api/v1/notices/%25", "/"]) expect(guardRequest("GET", at(path)), path).toBeNull();
  });

  it("answers TRACE, TRACK and CONNECT with 405 and Allow", () => {
    for (const m of ["TRACE", "TRACK", "CONNECT"]) {
      const res = guardRequest(m, at("/"))!;
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD, POST");
    }
  });

  it("answers a method an API route does not have with 405 JSON and Allow (not 403 or the HTML 404)", async () => {
    const del = guardRequest("DELETE", at("/api/v1/notices"))!;
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET, HEAD");
    expect(await del.json()).toMatchObject({ code: "method_not_allowed" });
    expect(guardRequest("PUT", at("/api/reports"))!.headers.get("allow")).toBe("POST");
    expect(guardRequest("GET", at("/api/reports"))!.status).toBe(405);
    expect(guardRequest("PATCH", at("/open311/v2/requests.json"))!.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(guardRequest("POST", at("/open311/v2/requests.json"))).toBeNull();
    expect(guardRequest("POST", at("/api/reports"))).toBeNull();
    expect(guardRequest("HEAD", at("/api/v1/notices"))).toBeNull();
  });

  it("answers Open311 in XML with 406 saying JSON only, and /_image with 404", async () => {
    const xml = guardRequest("GET", at("/open311/v2/services.xml"))!;
    expect(xml.status).toBe(406);
    expect((await xml.json())[0].description).toMatch(/JSON/);
    expect(guardRequest("GET", at("/_image?href=/favicon.svg"))!.status).toBe(404);
  });
});

describe("form fields", () => {
  it("lose NUL and other control characters but keep tabs and line breaks", async () => {
    expect(stripControls("a\u0000b\u0007c\td\r\ne\u007f")).toBe("abc\td\r\ne");
    const request = new Request("http://portal.test/report", { method: "POST", body: new URLSearchParams({ regionCode: "150621\u0000", description: "垃圾\u0000堆放\n很久" }) });
    const { fields } = await readForm(request, FORM_LIMITS.small);
    expect(fields.get("regionCode")).toBe("150621");
    expect(fields.get("description")).toBe("垃圾堆放\n很久");
  });
});

describe("integers past int4", () => {
  it("name nothing: an objection's entry id of 99999999999 is a field error, not a query", () => {
    expect(isRowId(INT4_MAX)).toBe(true);
    expect(isRowId(INT4_MAX + 1)).toBe(false);
    const parsed = parseReport({ kind: "objection", publicityEntryId: "99999999999", description: "这个地方的卫生情况很差，与公示内容不符", name: "王五", phone: "13800000000" }, "2026-11-23");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.publicityEntryId).toMatch(/公示对象/);
  });

  it("a forged case-list cursor with a huge id or year is ignored", () => {
    expect(decodeCursor(encodeCursor({ deadlineAt: new Date("2026-11-01T00:00:00Z"), id: 5 }))).toEqual({ deadlineAt: new Date("2026-11-01T00:00:00Z"), id: 5 });
    expect(decodeCursor(Buffer.from("2026-11-01T00:00:00.000Z|99999999999").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from("+150000-01-01T00:00:00.000Z|5").toString("base64url"))).toBeNull();
  });
});

describe("/api/v1", () => {
  it("decodes a path parameter once: %25 and %25E4 name nothing, %2531 is not 1", () => {
    expect(route("/notices/%25")?.params.slug).not.toBe("%");
    expect(route("/publicity/%25E4")).toBeNull();
    expect(route("/publicity/%2531")).toBeNull();
    expect(route("/publicity/%31")?.params.id).toBe("1");
    expect(route("/notices/%E4")).toBeNull();
  });

  it("declares the 404 that /regions answers for an unknown parent", () => {
    const doc = openApiDocument() as { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
    expect(doc.paths["/regions"]!.get.responses["404"]).toBeTruthy();
    expect(ENDPOINTS.find((e) => e.path === "/regions")?.notFound).toBeTruthy();
  });

  it("says in Chinese what is wrong with year=abc", () => {
    const parsed = StatsQuery.safeParse({ year: "abc" }, { error: z.locales.zhCN().localeError });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    expect(parsed.error!.issues[0]!.message).not.toMatch(/Invalid input/);
  });
});

describe("small defects", () => {
  it("Atom feeds say they are in Chinese (xml:lang)", () => {
    const feed = new Feed({ title: "通知公告", id: "http://portal.test/feeds/notices.xml", link: "http://portal.test/", copyright: "" });
    expect(atom(feed)).toMatch(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="zh-CN">/);
  });

  it("a notice issued on 2026-02-30 is a Chinese field error", () => {
    const parsed = noticeInput.safeParse({ title: "关于开展检查的通知", type: "notice", issuer: "自治区爱卫办", issuedOn: "2026-02-30", body: "正文正文正文正文正文正文" });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path[0] === "issuedOn")!;
    expect(issue.message).toMatch(/发文日期不存在/);
    expect(noticeInput.safeParse({ title: "关于开展检查的通知", type: "notice", issuer: "自治区爱卫办", issuedOn: "2026-02-28", body: "正文正文正文正文正文正文" }).success).toBe(true);
  });
});
