// GET /open311/v2/services/{service_code}.json — the service definition: the place is a required attribute.
import type { APIRoute } from "astro";
import { serviceDefinition } from "../../../../server/open311.ts";

export const GET: APIRoute = ({ params }) => {
  const def = serviceDefinition(params.code ?? "");
  return def ? Response.json(def) : Response.json([{ code: 404, description: "没有这个 service_code" }], { status: 404 });
};
