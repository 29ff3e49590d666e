// GET /admin/audit.csv — the audit log under the page's filter as CSV (auditor, admin); every export is audited.
import type { APIRoute } from "astro";
import type { Role } from "../../domain/cases.ts";
import { staffLabel } from "../../domain/cases.ts";
import { audit } from "../../server/audit.ts";
import { auditCsv, auditFilterSchema, filterDetails } from "../../server/audit-query.ts";
import { mayEnter } from "../../server/auth/gate.ts";
import { db } from "../../server/runtime.ts";

export const GET: APIRoute = async ({ url, locals }) => {
  const staff = locals.staff!;
  if (!mayEnter(staff.user.role as Role, "audit")) return new Response("您无权导出审计日志", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  const filter = auditFilterSchema.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  const tx = await db();
  const { body, rows, truncated } = await auditCsv(tx, filter);
  await audit(tx, { at: new Date(), actorUserId: staff.user.id, actorLabel: staffLabel(staff.actor), action: "audit.export", objectType: "audit_log", objectId: "export", details: { format: "csv", count: rows, filter: filterDetails(filter), ...(truncated ? { truncated: true } : {}) } });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log.csv"; filename*=UTF-8''${encodeURIComponent("审计日志.csv")}`,
    },
  });
};
