// 办理查询 limits on PGlite and PostgreSQL: wrong access codes are limited per (client address, tracking number) and
// per client address, each checked and counted in one statement, so parallel guesses get no more than the limit
// checked — and guesses from one address never lock the case's owner out at theirs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { submitReport } from "../../../src/server/intake/submit.ts";
import { trackCase } from "../../../src/server/intake/track.ts";
import { parseConfig } from "../../../src/server/config.ts";
import { limitsFrom } from "../../../src/server/throttle.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const NOW = new Date("2026-11-23T04:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const CALL = "；如需帮助，请致电自治区爱卫办 0471-6944127";
let counter = 0;

describe.each(DRIVERS)("tracking limits on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  const newCase = async () => {
    const o = await submitReport(
      { fields: { kind: "suggestion", category: "other", description: `第 ${++counter} 条建议：希望在镇区主街增设分类垃圾桶并定时清运，方便居民投放。` }, files: [] },
      { db: database.db, evidenceDir, now: NOW },
    );
    if (o.status !== "created") throw new Error(`expected a case, got ${JSON.stringify(o)}`);
    return o.receipt;
  };
  const wrongFor = (code: string) => (code.startsWith("A") ? "BBBBBBBBBB" : "AAAAAAAAAA");

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-evidence-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it("checks 5 of 50 parallel wrong codes from one address, blocks that address for the number, and lets the owner in from theirs", async () => {
    const receipt = await newCase();
    const guess = { trackingNumber: receipt.trackingNumber, accessCode: wrongFor(receipt.accessCode), ip: "10.1.0.66" };
    const answers = await Promise.all(Array.from({ length: 50 }, () => trackCase(database.db, guess, NOW)));
    expect(answers.filter((a) => a.status === "not_found")).toHaveLength(5);
    const refused = answers.filter((a) => a.status === "throttled");
    expect(refused).toHaveLength(45);
    expect(refused[0]).toEqual({ status: "throttled", message: `查询码错误次数过多，请在15分钟后再试${CALL}`, retryAfterMs: 15 * 60_000 });
    // The guessing address is refused even with the right code until its 15 minutes are over …
    expect((await trackCase(database.db, { ...guess, accessCode: receipt.accessCode }, later(10))).status).toBe("throttled");
    // … while the owner, at their own address, reads the status at once, number typed in lower case or not.
    const owner = await trackCase(database.db, { trackingNumber: receipt.trackingNumber.toLowerCase(), accessCode: receipt.accessCode, ip: "10.1.1.1" }, NOW);
    expect(owner.status).toBe("found");
    expect((await trackCase(database.db, { ...guess, accessCode: receipt.accessCode }, later(16))).status).toBe("found");
  });

  it("limits one address across tracking numbers (20 an hour), counting only wrong codes", async () => {
    const a = await newCase();
    const b = await newCase();
    // Right codes do not use up the address's limit.
    for (let i = 0; i < 25; i++) expect((await trackCase(database.db, { trackingNumber: a.trackingNumber, accessCode: a.accessCode, ip: "10.2.0.1" }, NOW)).status).toBe("found");
    const numbers = Array.from({ length: 30 }, (_, i) => `GS20261123${String(900000 + i)}`);
    const answers = await Promise.all(numbers.map((n) => trackCase(database.db, { trackingNumber: n, accessCode: "AAAAAAAAAA", ip: "10.2.0.1" }, NOW)));
    expect(answers.filter((x) => x.status === "not_found")).toHaveLength(20);
    const refused = answers.find((x) => x.status === "throttled");
    expect(refused).toMatchObject({ message: `查询码错误次数过多，请在1小时后再试${CALL}`, retryAfterMs: 60 * 60_000 });
    // That address is blocked for every number; any other address is not.
    expect((await trackCase(database.db, { trackingNumber: b.trackingNumber, accessCode: b.accessCode, ip: "10.2.0.1" }, NOW)).status).toBe("throttled");
    expect((await trackCase(database.db, { trackingNumber: b.trackingNumber, accessCode: b.accessCode, ip: "10.2.0.2" }, NOW)).status).toBe("found");
    expect((await trackCase(database.db, { trackingNumber: b.trackingNumber, accessCode: b.accessCode, ip: "10.2.0.1" }, later(61))).status).toBe("found");
  });

  it("takes its limits from the configuration and refuses malformed input without counting it", async () => {
    const receipt = await newCase();
    const limits = limitsFrom(parseConfig({ TRACK_NUMBER_LIMIT: "2" }));
    for (let i = 0; i < 10; i++) expect((await trackCase(database.db, { trackingNumber: "GS123", accessCode: "x", ip: "10.3.0.1" }, NOW, limits)).status).toBe("invalid");
    const guess = { trackingNumber: receipt.trackingNumber, accessCode: wrongFor(receipt.accessCode), ip: "10.3.0.1" };
    expect((await trackCase(database.db, guess, NOW, limits)).status).toBe("not_found");
    expect((await trackCase(database.db, guess, NOW, limits)).status).toBe("not_found");
    expect((await trackCase(database.db, guess, NOW, limits)).status).toBe("throttled");
  });
});
