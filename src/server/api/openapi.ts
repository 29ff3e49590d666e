// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas that validate the requests
// (z.toJSONSchema, JSON Schema 2020-12 — the dialect of OpenAPI 3.1).
import { z } from "zod";
import { config } from "../config.ts";
import { ENDPOINTS } from "./endpoints.ts";
import { ApiError } from "./schemas.ts";

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  return z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any", override: () => undefined }) as Json;
}

/** Moves named schemas ($defs from .meta({ id })) into components and rewrites their references. */
function hoist(schema: Json, components: Record<string, Json>): Json {
  const rewrite = (s: Json) => JSON.parse(JSON.stringify(s).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  const defs = (schema.$defs ?? {}) as Record<string, Json>;
  delete schema.$defs;
  delete schema.$schema;
  for (const [k, v] of Object.entries(defs)) components[k] ??= rewrite(v);
  return rewrite(schema);
}

export function openApiDocument(): Json {
  const components: Record<string, Json> = {};
  const errorRef = { $ref: "#/components/schemas/Error" };
  components.Error = hoist(schemaOf(ApiError, "output"), components);
  delete components.Error.id;
  const paths: Record<string, Json> = {};
  for (const e of ENDPOINTS) {
    const query = schemaOf(e.query, "input") as { properties?: Record<string, Json>; required?: string[] };
    const parameters = [
      ...Object.entries(e.params ?? {}).map(([name, p]) => ({ name, in: "path", required: true, description: p.description, schema: { type: "string", pattern: p.pattern } })),
      ...Object.entries(query.properties ?? {}).map(([name, s]) => ({ name, in: "query", required: false, description: (s.description as string | undefined) ?? undefined, schema: hoist({ ...s }, components) })),
    ];
    const response = hoist(schemaOf(e.response, "output"), components);
    paths[e.path] = {
      get: {
        summary: e.summary,
        ...(e.description ? { description: e.description } : {}),
        operationId: e.path.replace(/[{}]/g, "").split("/").filter(Boolean).join("_") || "root",
        parameters,
        responses: {
          "200": { description: "成功", headers: { ETag: { schema: { type: "string" } } }, content: { "application/json": { schema: response } } },
          "304": { description: "未修改（If-None-Match 与 ETag 相同）" },
          "400": { description: "参数有误", content: { "application/json": { schema: errorRef } } },
          ...(e.params || e.notFound ? { "404": { description: e.notFound ?? "不存在", content: { "application/json": { schema: errorRef } } } } : {}),
        },
      },
    };
  }
  for (const v of Object.values(components)) delete v.id;
  return {
    openapi: "3.1.0",
    info: { title: "全国健康城镇公示与监督平台 只读接口", version: "1.0.0", description: `${config().OFFICE_NAME}发布的通知公告、社会公示、已命名城镇、整改公示、行政区划、评审周期和办理情况统计。不含任何个人信息。` },
    servers: [{ url: `${config().SITE_URL}/api/v1` }],
    paths,
    components: { schemas: components },
  };
}
