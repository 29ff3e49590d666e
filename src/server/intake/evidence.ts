// Evidence 证据材料: checked by magic bytes, images re-encoded without EXIF/GPS, written durably before the reply.
import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
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
    const bytes = mime === "application/pdf" ? blankPdfMetadata(f.bytes) : await stripImage(f, mime);
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

/** Document-information entries that name people, software and times. */
const INFO_KEYS = ["Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate", "Company", "SourceModified"];

/**
 * Removes a PDF's metadata without a PDF library and without moving a byte: the values of the document-information
 * entries (/Author (…), /Producer <…>, …) become spaces inside their delimiters (an empty string to a reader), and
 * every uncompressed XMP packet (<?xpacket begin … <?xpacket end…?>) becomes spaces. Lengths and therefore the
 * cross-reference offsets stay valid. Metadata inside compressed object streams is not reached.
 */
export function blankPdfMetadata(input: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(input);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const blank = (from: number, to: number) => bytes.fill(0x20, from, to);
  const keyPattern = new RegExp(`/(?:${INFO_KEYS.join("|")})(?![A-Za-z0-9#])\\s*`, "g");
  for (const m of text.matchAll(keyPattern)) {
    let i = m.index + m[0].length;
    if (text[i] === "(") {
      // A literal string: nested parentheses balance, a backslash escapes the next byte.
      const start = ++i;
      let depth = 1;
      for (; i < text.length && depth > 0; i++) {
        const c = text[i];
        if (c === "\\") i++;
        else if (c === "(") depth++;
        else if (c === ")") depth--;
      }
      if (depth === 0) blank(start, i - 1);
    } else if (text[i] === "<" && text[i + 1] !== "<") {
      const end = text.indexOf(">", i);
      if (end > i) blank(i + 1, end);
    }
  }
  for (let at = text.indexOf("<?xpacket begin"); at >= 0; at = text.indexOf("<?xpacket begin", at + 1)) {
    const close = text.indexOf("<?xpacket end", at);
    if (close < 0) break;
    const end = text.indexOf("?>", close);
    if (end < 0) break;
    blank(at, end + 2);
  }
  return bytes;
}

/**
 * Evidence files that no committed row names: left by a process killed between writing a report's files and its
 * commit (or a rolled-back transaction whose cleanup never ran). Only files older than `graceMs` are looked at, so a
 * submission still in flight keeps its files. `known` answers which of the given storage keys have a row.
 */
export async function sweepOrphanEvidence(
  root: string,
  known: (keys: string[]) => Promise<Set<string>>,
  now: Date,
  graceMs = 3600_000,
): Promise<string[]> {
  const removed: string[] = [];
  const cutoff = now.getTime() - graceMs;
  async function walk(rel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      return; // no evidence yet
    }
    const old: string[] = [];
    for (const e of entries) {
      const key = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(key);
      else if (e.isFile()) {
        const st = await stat(join(root, key)).catch(() => null);
        if (st && st.mtimeMs < cutoff) old.push(key);
      }
    }
    // A temp file of a write that never finished is an orphan by definition.
    const temps = old.filter((k) => k.endsWith(".tmp"));
    const candidates = old.filter((k) => !k.endsWith(".tmp"));
    const kept = new Set<string>();
    // Asked in batches, so that a month's folder of thousands of files stays within a statement's parameters.
    for (let i = 0; i < candidates.length; i += 500) for (const k of await known(candidates.slice(i, i + 500))) kept.add(k);
    for (const k of [...temps, ...candidates.filter((c) => !kept.has(c))]) {
      await rm(join(root, k), { force: true });
      removed.push(k);
    }
  }
  await walk("");
  return removed;
}
