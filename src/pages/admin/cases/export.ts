// GET /admin/cases/export?format=csv|xlsx&<the queue's filter> — every case of the filter, masked as on screen; audited.
import type { APIRoute } from "astro";
import type { Role } from "../../../domain/cases.ts";
import { mayEnter } from "../../../server/auth/gate.ts";
import { EXPORT_FORMATS, exportQueue, type ExportFormat } from "../../../server/cases/export.ts";
import { parseQueueUrl } from "../../../server/cases/queue-filters.ts";
import { db } from "../../../server/runtime.ts";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export const GET: APIRoute = async ({ url, locals }) => {
  const staff = locals.staff!;
  if (!mayEnter(staff.user.role as Role, "cases")) return text("您无权导出受理件", 403);
  const format = url.searchParams.get("format") ?? "";
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) return text("导出格式须为 csv 或 xlsx", 400);
  const { cursor: _page, ...query } = parseQueueUrl(url.searchParams);
  const file = await exportQueue(await db(), staff.actor, query, format as ExportFormat, new Date());
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="cases.${format}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "cache-control": "no-store",
    },
  });
};
