import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../src/server/markdown.ts";
import { pageOf } from "../../../src/server/query.ts";

describe("renderMarkdown", () => {
  it("turns phone numbers in a notice into tel: links a phone can dial", () => {
    const html = renderMarkdown("联系电话：0471-6944127，手机 13800001234。");
    expect(html).toContain('<a href="tel:04716944127">0471-6944127</a>');
    expect(html).toContain('<a href="tel:13800001234">13800001234</a>');
  });

  it("leaves numbers that are not phone numbers as text", () => {
    const html = renderMarkdown("文号 内爱卫办发〔2026〕31号，邮编 010055，共 138000012345 元，2026-12-01。");
    expect(html).not.toContain("<a");
  });

  it("keeps removing scripts and handlers", () => {
    const html = renderMarkdown('电话 0471-6944127 [点我](javascript:alert(1))\n\n<script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|href="javascript|onerror|<img/);
    expect(html).toContain('<a href="tel:04716944127">');
  });
});

describe("pageOf", () => {
  const items = Array.from({ length: 45 }, (_, i) => i + 1);
  it("cuts a list into pages of the given size", () => {
    expect(pageOf(items, 1, 20)).toEqual({ rows: items.slice(0, 20), total: 45, pages: 3 });
    expect(pageOf(items, 3, 20).rows).toEqual([41, 42, 43, 44, 45]);
    expect(pageOf(items, 4, 20).rows).toEqual([]);
  });
  it("has one page when the list is empty", () => {
    expect(pageOf([], 1, 20)).toEqual({ rows: [], total: 0, pages: 1 });
  });
});
