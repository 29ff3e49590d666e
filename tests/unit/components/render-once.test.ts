import { describe, expect, it } from "vitest";
import { renderOnce } from "../../../src/components/notices/render-once.ts";
import { renderMarkdown } from "../../../src/server/markdown.ts";

describe("a notice body rendered once", () => {
  it("is the sanitised rendering of that very text, and a changed text is rendered afresh", () => {
    const body = "## 一、总则\n\n正文<script>alert(1)</script>";
    expect(renderOnce(body)).toBe(renderMarkdown(body));
    expect(renderOnce(body)).not.toContain("<script");
    expect(renderOnce(body + "\n\n修订后的段落")).toContain("修订后的段落");
    expect(renderOnce(body)).not.toContain("修订后的段落");
  });

  it("still renders correctly after many other bodies pushed it out", () => {
    const first = "第一篇";
    renderOnce(first);
    for (let i = 0; i < 500; i++) expect(renderOnce(`第 ${i} 篇`)).toBe(renderMarkdown(`第 ${i} 篇`));
    expect(renderOnce(first)).toBe(renderMarkdown(first));
  });
});
