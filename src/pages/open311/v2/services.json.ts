// GET /open311/v2/services.json — our categories as GeoReport services.
import type { APIRoute } from "astro";
import { services } from "../../../server/open311.ts";

export const GET: APIRoute = () => Response.json(services(), { headers: { "cache-control": "public, max-age=3600" } });
