// The read-only API against its own OpenAPI document: the document is valid OpenAPI 3.1 (a real validator), and the
// response of every documented endpoint validates against the schema the document gives for it (Ajv, 2020-12).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { Validator } from "@seriousme/openapi-schema-validator";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { ENDPOINTS, route, ApiProblem } from "../../../src/server/api/endpoints.ts";
import { openApiDocument } from "../../../src/server/api/openapi.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { orderRectification } from "../../support/rectification.ts";

const NOW = new Date("2026-11-23T04:00:00Z");

async function call(database: TestDatabase, pathAndQuery: string) {
  const url = new URL(`http://x${pathAndQuery}`);
  const found = route(url.pathname);
  if (!found) throw new Error(`no route for ${url.pathname}`);
  const q = found.endpoint.query.safeParse(Object.fromEntries(url.searchParams));
  if (!q.success) return { status: 400 };
  try {
    return { status: 200, ...(await found.endpoint.handler(database.db, q.data, found.params, NOW)), path: found.endpoint.path };
  } catch (e) {
    if (e instanceof ApiProblem) return { status: e.status, code: e.code };
    throw e;
  }
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 and documents every endpoint", async () => {
    const doc = openApiDocument();
    expect(await new Validator().validate(doc)).toEqual({ valid: true });
    expect(Object.keys(doc.paths as object).sort()).toEqual(ENDPOINTS.map((e) => e.path).sort());
  });
});

describe.each(DRIVERS)("/api/v1 on %s", (driver) => {
  let database: TestDatabase;
  const doc = openApiDocument() as { paths: Record<string, { get: { responses: { "200": { content: { "application/json": { schema: object } } } } } }>; components: object };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: "api", components: doc.components });

  beforeAll(async () => {
    vi.setSystemTime(NOW);
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
  }, 120_000);
  afterAll(async () => {
    vi.useRealTimers();
    await database?.dispose();
  });

  for (const e of ENDPOINTS) {
    it(`GET ${e.example} matches its documented schema`, async () => {
      const res = await call(database, e.example);
      expect(res.status).toBe(200);
      const schema = JSON.parse(JSON.stringify(doc.paths[e.path]!.get.responses["200"].content["application/json"].schema).replaceAll('"#/components/', '"api#/components/'));
      const validate = ajv.compile(schema);
      const ok = validate((res as { body: unknown }).body);
      expect(validate.errors ?? [], JSON.stringify((res as { body: unknown }).body).slice(0, 300)).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it("pages with a cursor without repeating or skipping items", async () => {
    const first = (await call(database, "/notices?limit=3")) as { body: { items: { slug: string }[]; next_cursor: string | null } };
    expect(first.body.items).toHaveLength(3);
    const second = (await call(database, `/notices?limit=3&cursor=${first.body.next_cursor}`)) as typeof first;
    const all = (await call(database, "/notices?limit=100")) as typeof first;
    expect([...first.body.items, ...second.body.items].map((n) => n.slug)).toEqual(all.body.items.slice(0, 6).map((n) => n.slug));
  });

  describe("/rectifications", () => {
    type Item = Record<string, unknown> & { problem: string; due_on: string | null; due_on_provisional: boolean; status: string };
    type Page = { status: number; body: { items: Item[]; next_cursor: string | null } };
    let evidenceDir: string;
    beforeAll(async () => {
      evidenceDir = mkdtempSync(join(tmpdir(), "htp-evidence-"));
      await orderRectification(database, evidenceDir, "树林召镇农贸市场周边垃圾堆放。", 5);
      // 40 working days from 2026-11-20 run past New Year into 2027, a year computed before its schedule is published.
      await orderRectification(database, evidenceDir, "树林召镇某小区旱厕无人清掏。", 40);
    }, 120_000);
    afterAll(() => rmSync(evidenceDir, { recursive: true, force: true }));
    const find = async (q: string, problem: string) => ((await call(database, `/rectifications${q}`)) as Page).body.items.find((r) => r.problem === problem);

    it("publishes a rectification ordered through the case services with its due date from the case clock", async () => {
      const item = await find("?prefecture=150600&status=ordered", "树林召镇农贸市场周边垃圾堆放。");
      expect(item).toMatchObject({ region_code: "150621", place: "达拉特旗", prefecture: "鄂尔多斯市", category: "sanitation", found_on: "2026-11-18", due_on: "2026-11-27", due_on_provisional: false, status: "ordered", status_label: "已责令整改", done_on: null, unit: "鄂尔多斯市爱卫办", report: null, is_demo: false });
      // The whole page, with the cases' rows in it, matches the documented schema, and says nothing about the submitter.
      const { body } = (await call(database, "/rectifications?limit=100")) as Page;
      const validate = ajv.compile(JSON.parse(JSON.stringify(doc.paths["/rectifications"]!.get.responses["200"].content["application/json"].schema).replaceAll('"#/components/', '"api#/components/')));
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
      expect(JSON.stringify(body)).not.toMatch(/欧阳|1391234/);
    });

    it("marks a due date in a year whose holiday schedule is not yet published as provisional", async () => {
      const item = await find("", "树林召镇某小区旱厕无人清掏。");
      expect(item!.due_on).toMatch(/^2027-01-/);
      expect(item).toMatchObject({ due_on_provisional: true, status: "ordered" });
    });

    it("filters by prefecture and status and pages with a cursor", async () => {
      expect(await find("?prefecture=150200", "树林召镇农贸市场周边垃圾堆放。")).toBeUndefined();
      expect(await find("?status=done", "树林召镇农贸市场周边垃圾堆放。")).toBeUndefined();
      const all = ((await call(database, "/rectifications?limit=100")) as Page).body.items;
      expect(all.length).toBeGreaterThanOrEqual(3);
      const first = (await call(database, "/rectifications?limit=2")) as Page;
      const second = (await call(database, `/rectifications?limit=2&cursor=${first.body.next_cursor}`)) as Page;
      expect([...first.body.items, ...second.body.items].map((r) => r.id)).toEqual(all.slice(0, 4).map((r) => r.id));
      expect(await call(database, "/rectifications?status=late")).toMatchObject({ status: 400 });
      expect(await call(database, "/rectifications?prefecture=1506")).toMatchObject({ status: 400 });
    });
  });

  it("answers bad input with a stable code", async () => {
    expect(await call(database, "/notices?cursor=bm9wZQ")).toMatchObject({ status: 400, code: "invalid_cursor" });
    expect(await call(database, "/notices?limit=1000")).toMatchObject({ status: 400 });
    expect(await call(database, "/designations/999999")).toMatchObject({ status: 404, code: "not_found" });
    expect(route("/designations/abc")).toBeNull();
  });
});
