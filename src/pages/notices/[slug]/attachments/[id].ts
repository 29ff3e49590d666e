// A published notice's attachment, for anyone, at a stable address: the type its bytes were found to be, the name it
// was uploaded under (RFC 6266 filename*), an ETag of its SHA-256. A withdrawn notice's files are gone with it (404).
import { readFile } from "node:fs/promises";
import type { APIRoute } from "astro";
import { contentDisposition } from "../../../../domain/attachments.ts";
import { isRowId } from "../../../../domain/ids.ts";
import { publicAttachment } from "../../../../server/notice-attachments.ts";
import { db } from "../../../../server/runtime.ts";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

export const GET: APIRoute = async ({ params, request }) => {
  const slug = params.slug ?? "";
  const id = Number(params.id);
  if (!/^[a-z0-9-]{1,120}$/.test(slug) || !isRowId(id)) return text("附件不存在", 404);
  const file = await publicAttachment(await db(), slug, id);
  if (!file) return text("附件不存在，或所属通知已撤回", 404);
  const etag = `"${file.sha256}"`;
  const headers = {
    "content-type": file.mimeType,
    "content-disposition": contentDisposition(file.filename),
    etag,
    "cache-control": "public, max-age=300",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
  };
  if ((request.headers.get("if-none-match") ?? "").split(/\s*,\s*/).includes(etag)) return new Response(null, { status: 304, headers });
  const bytes = await readFile(file.path).catch(() => null);
  if (!bytes) return text("附件文件缺失，请联系网站管理员", 410);
  return new Response(new Uint8Array(bytes), { headers: { ...headers, "content-length": String(bytes.byteLength) } });
};
