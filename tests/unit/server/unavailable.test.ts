// While the database is away, a page is answered from its last cached copy in the reader's display mode.
import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError } from "../../../src/server/availability.ts";
import { pageCache, pageCacheKey } from "../../../src/server/cache.ts";
import { answerWhenDatabaseDown } from "../../../src/server/unavailable.ts";

describe("answerWhenDatabaseDown", () => {
  it("serves the stale copy of the reader's own mode, 大字版 or standard", async () => {
    const url = new URL("http://portal.test/notices?page=2");
    const cache = pageCache();
    cache.set(pageCacheKey("/notices?page=2", null), new TextEncoder().encode("standard page"), { "content-type": "text/html; charset=utf-8" });
    cache.set(pageCacheKey("/notices?page=2", "display_mode=elder"), new TextEncoder().encode("elder page"), { "content-type": "text/html; charset=utf-8" });
    const down = new DatabaseUnavailableError("数据库暂时不可用");
    const elder = answerWhenDatabaseDown(down, new Request(url, { headers: { cookie: "a=1; display_mode=elder" } }), url);
    const standard = answerWhenDatabaseDown(down, new Request(url), url);
    expect(await elder.text()).toBe("elder page");
    expect(await standard.text()).toBe("standard page");
  });
});
