// A notice's attachment for staff, whatever the notice's state: a draft's files are not public yet, but the officer
// who attached them (and the preview) must be able to open them.
import { readFile } from "node:fs/promises";
import type { APIRoute } from "astro";
import type { Role } from "../../../../../../domain/cases.ts";
import { contentDisposition } from "../../../../../../domain/attachments.ts";
import { isRowId } from "../../../../../../domain/ids.ts";
import { mayEnter } from "../../../../../../server/auth/gate.ts";
import { staffAttachment } from "../../../../../../server/notice-attachments.ts";
import { db } from "../../../../../../server/runtime.ts";

export const GET: APIRoute = async ({ params, locals }) => {
  const staff = locals.staff!;
  const noticeId = Number(params.id);
  const attachmentId = Number(params.attachmentId);
  const notFound = new Response("附件不存在或您无权查看", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  if (!mayEnter(staff.user.role as Role, "publish") || !isRowId(noticeId) || !isRowId(attachmentId)) return notFound;
  const file = await staffAttachment(await db(), noticeId, attachmentId);
  if (!file) return notFound;
  const bytes = await readFile(file.path).catch(() => null);
  if (!bytes) return new Response("附件文件缺失，请联系系统管理员", { status: 410, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": file.mimeType,
      "content-disposition": contentDisposition(file.filename),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    },
  });
};
