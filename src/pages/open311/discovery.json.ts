// GET /open311/discovery.json — where the GeoReport v2 endpoint is (Open311 service discovery).
import type { APIRoute } from "astro";
import { config } from "../../server/config.ts";

export const GET: APIRoute = () =>
  Response.json({
    changeset: "2026-12-01T00:00:00+08:00",
    contact: config().OFFICE_NAME,
    key_service: "无需 API 密钥；提交受频率限制",
    endpoints: [{ specification: "http://wiki.open311.org/GeoReport_v2", url: `${config().SITE_URL}/open311/v2`, changeset: "2026-12-01T00:00:00+08:00", type: "production", formats: ["application/json"] }],
  });
