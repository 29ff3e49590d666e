// Evidence files are never public: served only to staff who may see the case, never cached, as attachments; every
// download is audited.
import { isRowId } from "../../../../../domain/ids.ts";
import { readFile } from "node:fs/promises";
import type { APIRoute } from "astro";
import { evidenceFile } from "../../../../../server/cases/view.ts";
import { auditEvidenceDownload } from "../../../../../server/cases/evidence-download.ts";
import { db } from "../../../../../server/runtime.ts";

export const GET: APIRoute = async ({ params, locals }) => {
  const staff = locals.staff!;
  const caseId = Number(params.id);
  const evidenceId = Number(params.evidenceId);
  const notFound = new Response("材料不存在或您无权查看", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  if (!isRowId(caseId) || !isRowId(evidenceId) || staff.user.role === "auditor") return notFound;
  const tx = await db();
  const file = await evidenceFile(tx, caseId, evidenceId, staff.actor);
  if (!file) return notFound;
  const bytes = await readFile(file.path).catch(() => null);
  if (!bytes) return new Response("材料文件缺失，请联系系统管理员", { status: 410, headers: { "content-type": "text/plain; charset=utf-8" } });
  await auditEvidenceDownload(tx, staff.actor, caseId, file, new Date());
  return new Response(bytes, {
    headers: {
      "content-type": file.mimeType,
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    },
  });
};
