// A plain-text document as a small, real PDF (ISO 32000-1) without a PDF library: Chinese set in STSong-Light, one of
// the Adobe-GB1 fonts every conforming reader provides without embedding (§9.7.5.2, UniGB-UCS2-H encoding), so the
// file stays a few tens of kilobytes. Used to give the demo's rules notice its 实施办法 as an attachment.

const PAGE = { width: 595, height: 842, margin: 56 }; // A4 in points
const SIZE = 11;
const LEADING = 17;

/** Full-width characters take a whole em, ASCII half: the line breaks fall where the printed line ends. */
function wrap(line: string, em: number): string[] {
  const out: string[] = [];
  let current = "";
  let width = 0;
  for (const ch of line) {
    const w = ch.charCodeAt(0) < 0x80 ? 0.5 : 1;
    if (width + w > em) {
      out.push(current);
      current = "";
      width = 0;
    }
    current += ch;
    width += w;
  }
  out.push(current);
  return out;
}

/** UCS-2 big-endian hex, as UniGB-UCS2-H reads it; characters beyond the BMP become 〓 (the printers' missing-glyph mark). */
function hex(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += (code > 0xffff ? 0x3013 : code).toString(16).padStart(4, "0");
  }
  return out;
}

export function textPdf(paragraphs: string[]): Uint8Array {
  const em = Math.floor((PAGE.width - 2 * PAGE.margin) / SIZE);
  const perPage = Math.floor((PAGE.height - 2 * PAGE.margin) / LEADING);
  const lines = paragraphs.flatMap((p) => (p === "" ? [""] : wrap(p, em)));
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  if (pages.length === 0) pages.push([""]);

  // Objects 1–4: catalog, page tree, font and its descendant and descriptor; then a page and its content per page.
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 6 + i * 2);
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`;
  objects[3] = "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>";
  objects[4] = "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>";
  objects[5] = "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>";
  pages.forEach((pageLines, i) => {
    const id = pageIds[i]!;
    const top = PAGE.height - PAGE.margin - SIZE;
    const body = pageLines.map((l) => `<${hex(l)}> Tj T*`).join("\n");
    const footer = `BT /F1 9 Tf ${PAGE.width / 2 - 12} ${PAGE.margin / 2} Td <${hex(`${i + 1} / ${pages.length}`)}> Tj ET`;
    const stream = `BT /F1 ${SIZE} Tf ${LEADING} TL ${PAGE.margin} ${top} Td\n${body}\nET\n${footer}`;
    objects[id] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });

  // Everything above is ASCII (text is hex), so string lengths are byte offsets.
  let pdf = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n";
  const offsets: number[] = [];
  for (let n = 1; n < objects.length; n++) {
    offsets[n] = Buffer.byteLength(pdf, "latin1");
    pdf += `${n} 0 obj\n${objects[n]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, "latin1"));
}

/** Markdown of the seed documents as paragraphs of plain text: headings, emphasis and line-break marks go. */
export function markdownParagraphs(markdown: string): string[] {
  return markdown
    .split(/\r?\n/)
    .map((l) => l.replace(/^#+\s*/, "").replace(/\*\*|__|`/g, "").replace(/\\$/, "").replace(/^---+$/, "").trimEnd());
}
