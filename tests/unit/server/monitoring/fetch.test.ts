// Pieces of the feed fetch that need no network: which charset a feed's bytes are read in, how long a failing
// source waits, and addresses refused before any request.
import { describe, expect, it } from "vitest";
import { decode, fetchFeed } from "../../../../src/server/monitoring/fetch.ts";
import { nextFetchAfter } from "../../../../src/server/monitoring/poll.ts";
import { gbkBytes } from "../../../support/feed-server.ts";

const T = new Date("2026-12-01T00:00:00Z");
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000);

describe("decode", () => {
  const xml = (enc: string) => `<?xml version="1.0" encoding="${enc}"?><rss><channel><title>达拉特旗垃圾</title></channel></rss>`;

  it("reads GBK, GB2312 and GB18030 by the XML declaration, whatever the server's blanket charset says", () => {
    for (const enc of ["GBK", "gb2312", "GB18030"]) expect(decode(gbkBytes(xml(enc)), "text/xml; charset=utf-8")).toBe(xml(enc));
  });

  it("takes the Content-Type charset when the declaration names none", () => {
    const text = `<?xml version="1.0"?><rss><channel><title>鄂尔多斯</title></channel></rss>`;
    expect(decode(gbkBytes(text), "application/rss+xml; charset=GBK")).toBe(text);
    expect(decode(new TextEncoder().encode(text), null)).toBe(text);
  });

  it("lets a byte-order mark win and drops it", () => {
    const text = xml("GBK");
    expect(decode(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), "text/xml; charset=gbk")).toBe(text);
  });

  it("falls back to UTF-8 on an encoding nobody knows", () => {
    const text = xml("x-no-such-charset");
    expect(decode(new TextEncoder().encode(text), "text/xml; charset=also-unknown")).toBe(text);
  });
});

describe("nextFetchAfter", () => {
  it("waits the interval after an answer, doubles it with each failure in a row, and never more than a day", () => {
    expect([0, 1, 2, 3, 6, 7, 20].map((f) => nextFetchAfter(T, 15, f))).toEqual([at(15), at(30), at(60), at(120), at(960), at(1440), at(1440)]);
  });
});

describe("fetchFeed", () => {
  it("refuses what is not an http(s) address, with a line staff understand", async () => {
    expect(await fetchFeed("file:///etc/passwd")).toEqual({ status: "error", message: "订阅源地址须以 http:// 或 https:// 开头" });
    expect(await fetchFeed("不是网址")).toEqual({ status: "error", message: "订阅源地址无效" });
  });
});
