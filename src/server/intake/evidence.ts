// Evidence 证据材料: checked by magic bytes, images re-encoded without EXIF/GPS, written durably before the reply.
import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from "../../domain/report.ts";

export const EVIDENCE_TYPES = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "application/pdf": "pdf",
} as const;
export type EvidenceMime = keyof typeof EVIDENCE_TYPES;

export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
}

export interface CheckedFile {
  name: string;
  mime: EvidenceMime;
  bytes: Uint8Array;
  sha256: string;
}

export class EvidenceError extends Error {}

/** A file name safe to show back: no path, no control characters, at most 100 characters. */
export function cleanFileName(name: string, ext: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\p{Cc}<>:"|?*]/gu, "").trim();
  const stem = [...(base.replace(/\.[^.]*$/, "") || "证据")].slice(0, 90).join("");
  return `${stem}.${ext}`;
}

/**
 * Decides from the bytes, never from the name or the browser's type, and strips image metadata by re-encoding
 * (rotation from EXIF is applied first so the picture still stands upright).
 */
export async function checkEvidence(files: IncomingFile[]): Promise<CheckedFile[]> {
  const present = files.filter((f) => f.bytes.byteLength > 0);
  if (present.length > MAX_EVIDENCE_FILES) {
    throw new EvidenceError(`最多上传 ${MAX_EVIDENCE_FILES} 个文件（收到 ${present.length} 个）`);
  }
  const checked: CheckedFile[] = [];
  for (const f of present) {
    if (f.bytes.byteLength > MAX_EVIDENCE_BYTES) {
      throw new EvidenceError(`文件“${f.name}”超过 10 MB，请压缩后再上传`);
    }
    const type = await fileTypeFromBuffer(f.bytes);
    const mime = type?.mime as EvidenceMime | undefined;
    if (!mime || !(mime in EVIDENCE_TYPES)) {
      throw new EvidenceError(`文件“${f.name}”不是 JPEG、PNG、WebP 图片或 PDF 文件，无法接收`);
    }
    const bytes = mime === "application/pdf" ? f.bytes : await stripImage(f, mime);
    checked.push({
      name: cleanFileName(f.name, EVIDENCE_TYPES[mime]),
      mime,
      bytes,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
  }
  return checked;
}

async function stripImage(f: IncomingFile, mime: EvidenceMime): Promise<Uint8Array> {
  try {
    // sharp drops all metadata unless asked to keep it; limitInputPixels guards against decompression bombs.
    const img = sharp(f.bytes, { limitInputPixels: 100_000_000 }).rotate();
    const out =
      mime === "image/png" ? img.png() : mime === "image/webp" ? img.webp({ quality: 90 }) : img.jpeg({ quality: 90, mozjpeg: true });
    return new Uint8Array(await out.toBuffer());
  } catch {
    throw new EvidenceError(`图片“${f.name}”已损坏或无法读取，请换一张图片`);
  }
}

/** Storage key under DATA_DIR/evidence: yyyy/mm/<uuid>.<ext>, never derived from user input. */
export function storageKeyFor(now: Date, mime: EvidenceMime): string {
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, "0");
  return `${y}/${m}/${randomUUID()}.${EVIDENCE_TYPES[mime]}`;
}

/** Written to a temp name, fsynced, renamed into place, and the folder fsynced: the file survives a power cut. */
export async function writeDurably(root: string, key: string, bytes: Uint8Array): Promise<void> {
  const target = join(root, key);
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  const fh = await open(tmp, "wx");
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, target);
  const dh = await open(dir, "r");
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

export async function removeStored(root: string, keys: string[]): Promise<void> {
  await Promise.all(keys.map((k) => rm(join(root, k), { force: true })));
}
