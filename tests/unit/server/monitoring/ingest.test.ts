import { describe, expect, it } from "vitest";
import { canonicalLink, plainText } from "../../../../src/server/monitoring/ingest.ts";

describe("plainText", () => {
  it("drops inline markup inside a sentence without splitting its words, and keeps paragraphs apart", () => {
    expect(plainText("<p>小巷<b>垃圾</b>成堆，<a href='x'>详见</a>。</p><p>第二段</p>")).toBe("小巷垃圾成堆，详见。\n第二段");
  });
  it("removes scripts and styles whole and decodes entities once", () => {
    expect(plainText("达旗<script>alert(1)</script>垃圾 &amp;lt;b&amp;gt; &#x5783;&#22334;")).toBe("达旗 垃圾 &lt;b&gt; 垃圾");
  });
});

describe("canonicalLink", () => {
  it("keeps http(s) links without fragment and tracking parameters", () => {
    expect(canonicalLink(" https://news.example.cn/a?id=3&utm_source=x#top ")).toBe("https://news.example.cn/a?id=3");
    expect(canonicalLink("javascript:alert(1)")).toBeNull();
  });
});
