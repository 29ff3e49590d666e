// GET /open-data/towns.csv — the register of designations as CSV (UTF-8 with BOM).
import type { APIRoute } from "astro";
import { conditionalResponse } from "../../server/conditional.ts";
import { registerCsv } from "../../server/open-data.ts";
import { db } from "../../server/runtime.ts";

export const GET: APIRoute = async ({ request }) => {
  const { body, lastModified } = await registerCsv(await db());
  const res = conditionalResponse(request, body, { contentType: "text/csv; charset=utf-8", lastModified, maxAge: 300 });
  res.headers.set("Content-Disposition", `attachment; filename="towns.csv"; filename*=UTF-8''${encodeURIComponent("已命名城镇名录.csv")}`);
  return res;
};
