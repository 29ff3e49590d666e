// The self-hosted Mongolian font: what reaches public/fonts/mongolian covers the Mongolian script and no Han
// character, so Chinese names in a Mongolian column come from a Chinese font and stand upright.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyMongolianFont } from "../../../src/integrations/mongolian-font.ts";

/** Every code point range the stylesheet's faces claim, as [from, to]. */
function ranges(css: string): [number, number][] {
  return [...css.matchAll(/unicode-range:([^;]+);/g)].flatMap((m) =>
    m[1]!.split(",").map((r) => {
      const [from, to = from] = r.trim().replace(/^U\+/i, "").split("-");
      return [parseInt(from!, 16), parseInt(to!, 16)] as [number, number];
    }),
  );
}
const covers = (rs: [number, number][], cp: number) => rs.some(([a, b]) => a <= cp && cp <= b);

describe("copyMongolianFont", () => {
  const dir = mkdtempSync(join(tmpdir(), "mn-font-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the Mongolian and Latin faces, drops the Han ones, and copies only the files the stylesheet names", () => {
    const copied = copyMongolianFont(dir);
    const css = readFileSync(join(dir, "fonts", "mongolian", "400.css"), "utf8");
    const rs = ranges(css);
    for (const ch of "ᠮᠣᠩᠭᠣᠯ ᠠᠨᠭ0") expect(covers(rs, ch.codePointAt(0)!), ch).toBe(true);
    for (const ch of "达拉特旗鄂尔多斯市") expect(covers(rs, ch.codePointAt(0)!), ch).toBe(false);
    const files = readdirSync(join(dir, "fonts", "mongolian", "files"));
    expect(files).toHaveLength(copied);
    for (const f of files) expect(css).toContain(`/files/${f})`);
    expect(css).not.toMatch(/format\('woff'\)/);
  });
});
