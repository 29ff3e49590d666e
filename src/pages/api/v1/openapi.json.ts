// GET /api/v1/openapi.json — the OpenAPI 3.1 document, generated from the handlers' zod schemas.
import type { APIRoute } from "astro";
import { openApiDocument } from "../../../server/api/openapi.ts";

export const GET: APIRoute = () => Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } });
