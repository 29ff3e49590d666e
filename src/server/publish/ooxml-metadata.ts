// Word (DOCX) and Excel (XLSX) attachments are ZIP containers (OOXML) whose document properties name who wrote and last
// saved the file, their company and manager, and whatever custom properties an office template adds: none of that is
// for the public. This rewrites only those parts; every other part keeps its compressed bytes untouched.
import type { Readable } from "node:stream";
import JSZip from "jszip";

export class OoxmlError extends Error {}

/** The people-and-notes elements of docProps/core.xml, by local name whatever their prefix. */
const CORE_PERSONAL = ["creator", "lastModifiedBy", "keywords", "description", "lastPrinted"];
/** Emptied, not removed, in docProps/app.xml: the elements are optional, but an empty one reads as "none". */
const APP_EMPTIED = ["Company", "Manager"];
const CUSTOM_PART = "docProps/custom.xml";

/** The property parts are a few kilobytes; anything larger is not a document an office suite wrote. */
const MAX_PROPERTY_PART_BYTES = 1024 * 1024;

/**
 * Strips the document properties of an OOXML file and returns the new container. dcterms:created and
 * dcterms:modified are kept: they are dates, not people, and a published notice states its date anyway.
 * Throws OoxmlError when the bytes are not a readable ZIP or a property part is not what it should be.
 */
export async function stripOoxmlMetadata(bytes: Uint8Array): Promise<Uint8Array> {
  let zip: JSZip;
  try {
    // No CRC check: it would inflate every part up front, which is how a ZIP bomb gets in. Parts stay compressed.
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch {
    throw new OoxmlError("not a readable ZIP container");
  }
  await rewrite(zip, "docProps/core.xml", (xml) => CORE_PERSONAL.reduce(removeElement, xml));
  await rewrite(zip, "docProps/app.xml", (xml) => APP_EMPTIED.reduce(emptyElement, xml));
  if (zip.file(CUSTOM_PART)) {
    zip.remove(CUSTOM_PART);
    await rewrite(zip, "_rels/.rels", (xml) => xml.replace(/<Relationship\b[^>]*\bTarget="\/?docProps\/custom\.xml"[^>]*?(?:\/>|>\s*<\/Relationship>)/g, ""));
    await rewrite(zip, "[Content_Types].xml", (xml) => xml.replace(/<Override\b[^>]*\bPartName="\/docProps\/custom\.xml"[^>]*?(?:\/>|>\s*<\/Override>)/g, ""));
  }
  // DEFLATE like every office suite: JSZip then reuses the compressed bytes of the parts it did not touch.
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } });
}

async function rewrite(zip: JSZip, path: string, change: (xml: string) => string): Promise<void> {
  const file = zip.file(path);
  if (!file) return;
  const before = new TextDecoder("utf-8", { fatal: true }).decode(await readBounded(file, path));
  const after = change(before);
  if (after !== before) zip.file(path, after);
}

/** Reads a part, giving up as soon as it inflates past the bound: a declared size can lie, a counted one cannot. */
function readBounded(file: JSZip.JSZipObject, path: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stream = file.nodeStream("nodebuffer") as Readable;
    stream
      .on("data", (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total > MAX_PROPERTY_PART_BYTES) {
          stream.destroy();
          reject(new OoxmlError(`${path} is too large`));
        } else chunks.push(chunk);
      })
      .on("error", () => reject(new OoxmlError(`${path} cannot be read`)))
      .on("end", () => resolve(Buffer.concat(chunks)));
  });
}

const elementPattern = (local: string) => new RegExp(`<((?:[\\w.-]+:)?${local})(?:\\s[^>]*?)?(?:/>|>[\\s\\S]*?</\\1\\s*>)`, "g");

function removeElement(xml: string, local: string): string {
  return xml.replace(elementPattern(local), "");
}

function emptyElement(xml: string, local: string): string {
  return xml.replace(elementPattern(local), (_whole, name: string) => `<${name}></${name}>`);
}
