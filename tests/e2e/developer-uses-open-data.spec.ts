// Civic developers and journalists use the files and the Open311 endpoint over plain HTTP.
import ICAL from "ical.js";
import { parse } from "csv-parse/sync";
import { expect, test } from "../support/fixtures.ts";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "HTTP only");
});

test("a developer subscribes to the calendar and downloads the register", async ({ request }) => {
  const ics = await request.get("/calendar.ics");
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  const cal = new ICAL.Component(ICAL.parse(await ics.text()));
  expect(cal.getAllSubcomponents("vevent").length).toBeGreaterThan(5);
  const csv = await request.get("/open-data/towns.csv");
  const bytes = await csv.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes.toString("utf8"), { bom: true, columns: true }) as Record<string, string>[];
  expect(rows.some((r) => r.名称 === "准格尔旗")).toBe(true);
  expect(await (await request.get("/robots.txt")).text()).toContain("Sitemap:");
  expect(await (await request.get("/sitemap.xml")).text()).toContain("/towns/150622</loc>");
});

test("a developer files a complaint through Open311 from a server, and gets Open311 errors for bad posts", async ({ playwright, baseURL }) => {
  // A server-side client: no Origin header, no cookies.
  const api = await playwright.request.newContext({ baseURL });
  const services = await (await api.get("/open311/v2/services.json")).json();
  expect(services.map((s: { service_code: string }) => s.service_code)).toContain("sanitation");
  const ok = await api.post("/open311/v2/requests.json", { form: { service_code: "sanitation", "attribute[region_code]": "150621", description: `Open311 端到端：达拉特旗树林召镇主街垃圾堆放。${Date.now()}` } });
  expect(ok.status()).toBe(201);
  const [created] = await ok.json();
  expect(created.service_request_id).toMatch(/^GS\d{14}$/);
  const bad = await api.post("/open311/v2/requests.json", { form: { service_code: "sanitation", description: "短" } });
  expect(bad.status()).toBe(400);
  const errors = await bad.json();
  expect(errors[0]).toMatchObject({ code: 400, description: expect.any(String) });
  expect(errors.map((e: { description: string }) => e.description).join()).toContain("attribute[region_code]");
  // The web form is not exempt from the cross-site check.
  const forged = await api.post("/report", { form: { kind: "complaint", description: "伪造的跨站提交内容足够长" } });
  expect(forged.status()).toBe(403);
  await api.dispose();
});

test("a developer reads the JSON API with validators and gets JSON errors", async ({ request }) => {
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  const first = await request.get("/api/v1/notices?limit=2");
  expect(first.status()).toBe(200);
  expect(first.headers()["access-control-allow-origin"]).toBe("*");
  const body = await first.json();
  expect(body.items).toHaveLength(2);
  expect(body.next_cursor).toEqual(expect.any(String));
  const again = await request.get("/api/v1/notices?limit=2", { headers: { "if-none-match": first.headers().etag! } });
  expect(again.status()).toBe(304);
  const missing = await request.get("/api/v1/nope");
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toMatchObject({ code: "not_found", message: expect.stringContaining("没有这个接口") });
  const bad = await request.get("/api/v1/designations?honour=gold");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ code: "invalid_parameter", message: expect.stringContaining("honour") });
});

test("alert links ask for a button press, refuse forged tokens in Chinese, and take one-click unsubscribes from mail servers", async ({ page, playwright, baseURL }) => {
  await page.goto("/alerts/confirm?e=reader%40test.invalid&t=forged");
  await expect(page.getByRole("button", { name: "确认订阅" })).toBeVisible();
  await page.getByRole("button", { name: "确认订阅" }).click();
  await expect(page.getByRole("alert")).toContainText("确认链接无效");
  // A mail provider's one-click POST carries no Origin header: it is let through and judged by its token.
  const mailServer = await playwright.request.newContext({ baseURL });
  const oneClick = await mailServer.post("/alerts/unsubscribe?e=reader%40test.invalid&t=forged", { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(400);
  expect(await oneClick.text()).toContain("退订链接无效");
  expect((await mailServer.get("/alerts/elsewhere")).status()).toBe(404);
  await mailServer.dispose();
});
