// The OOXML property stripper on its own: any prefix and self-closing elements, a file without custom properties
// keeps its relationships, and a property part that inflates past what an office suite writes is refused unread.
import { describe, expect, it } from "vitest";
import JSZip from "jszip";
import { OoxmlError, stripOoxmlMetadata } from "../../../src/server/publish/ooxml-metadata.ts";

const RELS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="word/document.xml"/></Relationships>';

async function zipOf(parts: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [path, text] of Object.entries(parts)) zip.file(path, text);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

describe("stripOoxmlMetadata", () => {
  it("removes the personal elements whatever their prefix or form, and keeps the rest of the part", async () => {
    const core = '<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:ns1="d"><dc:creator/><ns1:creator>张三</ns1:creator><cp:lastModifiedBy >李四</cp:lastModifiedBy><dc:creatorTool>keep</dc:creatorTool><dc:subject>卫生乡镇</dc:subject></cp:coreProperties>';
    const out = await JSZip.loadAsync(await stripOoxmlMetadata(await zipOf({ "docProps/core.xml": core, "docProps/app.xml": "<Properties><Company/><Manager>王五</Manager></Properties>", "_rels/.rels": RELS })));
    expect(await out.file("docProps/core.xml")!.async("string")).toBe('<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:ns1="d"><dc:creatorTool>keep</dc:creatorTool><dc:subject>卫生乡镇</dc:subject></cp:coreProperties>');
    expect(await out.file("docProps/app.xml")!.async("string")).toBe("<Properties><Company></Company><Manager></Manager></Properties>");
    expect(await out.file("_rels/.rels")!.async("string")).toBe(RELS);
  });

  it("refuses a property part that inflates past a megabyte, and bytes that are not a ZIP", async () => {
    const bomb = await zipOf({ "docProps/core.xml": `<cp:coreProperties>${" ".repeat(2 * 1024 * 1024)}</cp:coreProperties>` });
    await expect(stripOoxmlMetadata(bomb)).rejects.toThrow(new OoxmlError("docProps/core.xml is too large"));
    await expect(stripOoxmlMetadata(new TextEncoder().encode("PK not really"))).rejects.toThrow(new OoxmlError("not a readable ZIP container"));
  });
});
