// A case keeps the language of the page it was filed from (PGlite and PostgreSQL): /en/report and /mn/report store
// en and mn, so that its receipt, mails and texts can speak it; anything else — the Chinese pages, the back office,
// the API — stores zh. The answer to an invalid English or Mongolian report is in that language.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { cases } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { presentOutcome } from "../../../src/server/intake/present.ts";
import { parseReport } from "../../../src/domain/report.ts";
import { reportMessages } from "../../../src/components/report/messages.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const NOW = new Date("2026-11-23T04:00:00Z"); // Monday 12:00 in Shanghai
let counter = 0;
const complaint = () => ({
  kind: "complaint",
  regionCode: "150621",
  category: "sanitation",
  description: `第 ${++counter} 次反映：镇区主街两侧垃圾堆放多日无人清运，气味很大，影响居民生活。`,
});

describe("the report's messages", () => {
  it("say in Chinese, from the catalog, exactly what the domain has always said", () => {
    const inputs: unknown[] = [
      {},
      "not an object",
      { kind: "objection", description: "短", occurredOn: "2099-01-01", phone: "123", email: "x@", consentContact: "on", leadUrl: "ftp://x" },
      { kind: "objection", publicityEntryId: "abc", description: "x".repeat(2001), name: "名".repeat(41), locationText: "地".repeat(201) },
      { kind: "lead", description: "镇区主街两侧垃圾堆放多日无人清运", category: "nope", regionCode: "12", occurredOn: "2026-13-45" },
      { kind: "complaint", description: "镇区主街两侧垃圾堆放多日无人清运", regionCode: "1".repeat(13), email: `${"a".repeat(120)}@x.cn`, phone: "1".repeat(31), leadUrl: `https://${"a".repeat(2000)}` },
      { kind: 3, description: [] },
    ];
    for (const input of inputs) expect(parseReport(input, "2026-11-23", reportMessages("zh"))).toEqual(parseReport(input, "2026-11-23"));
  });
});

describe.each(DRIVERS)("the language a case keeps on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  const deps = () => ({ db: database.db, evidenceDir, now: NOW });
  const storedLocale = async (trackingNumber: string) =>
    (await database.db.select({ locale: cases.locale }).from(cases).where(eq(cases.trackingNumber, trackingNumber)))[0]?.locale;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-locale-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
  }, 180_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  for (const locale of ["en", "mn", "zh"] as const) {
    it(`stores ${locale} for a report filed in ${locale}`, async () => {
      const out = await submitReport({ fields: complaint(), files: [], locale }, deps());
      if (out.status !== "created") throw new Error(JSON.stringify(out));
      expect(await storedLocale(out.receipt.trackingNumber)).toBe(locale);
    });
  }

  it("stores zh when no language is given (back office, API, offline channels)", async () => {
    const out = await submitReport({ fields: complaint(), files: [] }, deps());
    if (out.status !== "created") throw new Error(JSON.stringify(out));
    expect(await storedLocale(out.receipt.trackingNumber)).toBe("zh");
  });

  it("answers in the report's language: Mongolian receipt label and errors, Chinese unchanged", async () => {
    const filed = await submitReport({ fields: complaint(), files: [], locale: "mn" }, deps());
    const view = presentOutcome({ http: 201, outcome: filed as never, fields: {}, locale: "mn", now: NOW });
    if (view.status !== "created") throw new Error(JSON.stringify(view));
    expect(view.receipt.kindLabel).toBe("ᠭᠣᠮᠳᠠᠯ");
    expect(view.receipt.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const fields = { kind: "complaint", description: "太短" };
    const invalid = await submitReport({ fields, files: [] }, deps());
    const zh = presentOutcome({ http: 400, outcome: invalid as never, fields, locale: "zh", now: NOW });
    const en = presentOutcome({ http: 400, outcome: invalid as never, fields, locale: "en", now: NOW });
    if (zh.status !== "invalid" || en.status !== "invalid") throw new Error("expected invalid");
    expect(zh.errors.regionCode).toBe("请选择所涉地区（盟市、旗县或苏木乡镇）");
    expect(zh.message).toBe("提交的内容有需要修改的地方，请按提示修改后重新提交");
    expect(en.errors.regionCode).toBe("Choose the place (league or city, banner or county, or sumu or township)");
    expect(en.errors.description).toBe("Write at least 10 characters (you have 2): say when, where and what happened");
    expect(en.message).toMatch(/^Some answers need changing/);
  });

  it("says the refusals of the body and the abuse gate in the reader's language, and Chinese as before", () => {
    const tooOften = "提交过于频繁，请在1 小时后再试；紧急情况请拨打公示所列电话";
    const refused = (locale: "zh" | "en" | "mn", message: string, code?: string) =>
      presentOutcome({ http: 429, outcome: { status: "rejected", message, ...(code ? { code } : {}) }, fields: {}, locale, now: NOW, retryAfterMs: 3_600_000 });
    expect(refused("zh", tooOften)).toMatchObject({ message: tooOften });
    expect(refused("en", tooOften)).toMatchObject({ message: expect.stringMatching(/^Too many reports .* Try again in 60 minutes;/) });
    expect(refused("mn", "提交的内容过大：最多 5 个文件，每个不超过 10 MB", "payload_too_large")).toMatchObject({ message: expect.stringMatching(/^ᠬᠡᠲᠦᠷᠬᠡᠢ ᠶᠡᠬᠡ/) });
    expect(refused("en", "人机验证已失效，请刷新页面后重新提交")).toMatchObject({ message: expect.stringMatching(/not a robot has expired/) });
  });
});
