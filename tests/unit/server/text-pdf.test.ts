import { describe, expect, it } from "vitest";
import { fileTypeFromBuffer } from "file-type";
import { markdownParagraphs, textPdf } from "../../../src/server/publish/text-pdf.ts";

const ucs2 = (s: string) => Buffer.from(s, "utf16le").swap16().toString("hex");

describe("a text document as a PDF", () => {
  const paragraphs = markdownParagraphs(`# 实施办法\n\n**第一条**　${"为进一步提升全国健康城镇建设质效。".repeat(400)}\\\n附件 A1`);
  const pdf = Buffer.from(textPdf(paragraphs));
  const text = pdf.toString("latin1");

  it("is a PDF by its bytes, with the text as Unicode in the content streams and no document information", async () => {
    expect((await fileTypeFromBuffer(pdf))?.mime).toBe("application/pdf");
    expect(paragraphs.slice(0, 2)).toEqual(["实施办法", ""]);
    expect(text).toContain(`<${ucs2("实施办法")}> Tj`);
    expect(text).toContain("/BaseFont /STSong-Light /Encoding /UniGB-UCS2-H");
    expect(text).not.toContain("/Info");
    expect(text).not.toContain("**");
  });

  it("breaks long paragraphs into lines and pages, numbered", () => {
    const pages = Number(/\/Type \/Pages \/Kids \[[^\]]*\] \/Count (\d+)/.exec(text)![1]);
    expect(pages).toBeGreaterThan(3);
    expect(text).toContain(`<${ucs2(`${pages} / ${pages}`)}> Tj`);
    const longest = Math.max(...[...text.matchAll(/<([0-9a-f]+)> Tj T\*/g)].map((m) => m[1]!.length / 4));
    expect(longest).toBeLessThanOrEqual(43);
  });

  it("has a cross-reference table whose every offset points at its object", () => {
    const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(start, start + 4)).toBe("xref");
    const rows = text.slice(start).split("\n").slice(3).filter((l) => / n $/.test(l));
    rows.forEach((row, i) => expect(text.slice(Number(row.slice(0, 10)), Number(row.slice(0, 10)) + 10)).toMatch(new RegExp(`^${i + 1} 0 obj`)));
    expect(rows.length).toBe(Number(/\/Size (\d+)/.exec(text)![1]) - 1);
  });
});
