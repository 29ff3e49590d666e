// The read-only API against its own OpenAPI document: the document is valid OpenAPI 3.1 (a real validator), and the
// response of every documented endpoint validates against the schema the document gives for it (Ajv, 2020-12).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { Validator } from "@seriousme/openapi-schema-validator";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { ENDPOINTS, route, ApiProblem } from "../../../src/server/api/endpoints.ts";
import { openApiDocument } from "../../../src/server/api/openapi.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

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

  it("answers bad input with a stable code", async () => {
    expect(await call(database, "/notices?cursor=bm9wZQ")).toMatchObject({ status: 400, code: "invalid_cursor" });
    expect(await call(database, "/notices?limit=1000")).toMatchObject({ status: 400 });
    expect(await call(database, "/designations/999999")).toMatchObject({ status: 404, code: "not_found" });
    expect(route("/designations/abc")).toBeNull();
  });
});
