// What an English or Mongolian reader is given of a notice or a publicity list: the version staff stored for that
// language (never the other language's), nothing for Chinese readers or where none was stored — the page then shows
// the Chinese original marked as such — and, for lists of notices and publicity lists, the stored titles by id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import * as schema from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { shownVersion, translatedTitles, translationOf } from "../../../src/server/translations.ts";
import { publicityDetail } from "../../../src/server/publicity.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const NOW = new Date("2026-11-23T04:00:00Z");

describe.each(DRIVERS)("translations read for public pages on %s", (driver) => {
  let database: TestDatabase;
  let noticeIds: number[];
  let listIds: number[];

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    const db = database.db;
    noticeIds = (await db.select({ id: schema.notices.id }).from(schema.notices).where(eq(schema.notices.status, "published")).orderBy(asc(schema.notices.id)).limit(2)).map((r) => r.id);
    listIds = (await db.select({ id: schema.publicityLists.id }).from(schema.publicityLists).where(isNotNull(schema.publicityLists.publishedAt)).orderBy(asc(schema.publicityLists.id)).limit(2)).map((r) => r.id);
    expect(noticeIds).toHaveLength(2);
    expect(listIds).toHaveLength(2);
    await db.insert(schema.translations).values([
      { noticeId: noticeIds[0]!, locale: "en", title: "Notice on healthy towns", body: "To every league and city.", revision: 2, updatedAt: NOW },
      { noticeId: noticeIds[0]!, locale: "mn", title: "ᠡᠷᠡᠭᠦᠯ ᠬᠣᠲᠠ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠳᠡᠯ", body: "", updatedAt: NOW },
      { publicityId: listIds[0]!, locale: "en", title: "Proposed healthy towns, 2026", body: "Objections by 29 November.", updatedAt: NOW },
    ]);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("gives each language its own stored version of a notice, and none to Chinese readers or where none is stored", async () => {
    const db = database.db;
    const subject = { noticeId: noticeIds[0]! };
    expect(await translationOf(db, subject, "en")).toEqual({ title: "Notice on healthy towns", body: "To every league and city.", revision: 2, updatedAt: NOW });
    expect(await translationOf(db, subject, "mn")).toMatchObject({ title: "ᠡᠷᠡᠭᠦᠯ ᠬᠣᠲᠠ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠳᠡᠯ", body: "", revision: 1 });
    expect(await translationOf(db, subject, "zh")).toBeNull();
    // Another notice has no version.
    expect(await translationOf(db, { noticeId: noticeIds[1]! }, "en")).toBeNull();
  });

  it("gives a publicity list's stored version per language, and none for a language not stored", async () => {
    const db = database.db;
    expect(await translationOf(db, { publicityId: listIds[0]! }, "en")).toMatchObject({ title: "Proposed healthy towns, 2026", body: "Objections by 29 November." });
    expect(await translationOf(db, { publicityId: listIds[0]! }, "mn")).toBeNull();
    expect(await translationOf(db, { publicityId: listIds[1]! }, "en")).toBeNull();
  });

  it("shows the version, the version's title over the Chinese body, or the Chinese original marked as Chinese", async () => {
    const db = database.db;
    const [notice] = await db.select().from(schema.notices).where(eq(schema.notices.id, noticeIds[0]!));
    const original = { title: notice!.title, body: notice!.body };
    expect(shownVersion(original, await translationOf(db, { noticeId: notice!.id }, "en"))).toEqual({ title: "Notice on healthy towns", body: "To every league and city.", translated: true });
    expect(shownVersion(original, await translationOf(db, { noticeId: notice!.id }, "mn"))).toEqual({ title: "ᠡᠷᠡᠭᠦᠯ ᠬᠣᠲᠠ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠳᠡᠯ", body: notice!.body, translated: true, bodyLang: "zh-CN" });
    expect(shownVersion(original, await translationOf(db, { noticeId: notice!.id }, "zh"))).toEqual({ ...original, translated: false, titleLang: "zh-CN", bodyLang: "zh-CN" });
  });

  it("finds the stored titles of a whole list of notices or publicity lists in the reader's language, none for Chinese", async () => {
    const db = database.db;
    expect([...(await translatedTitles(db, "notice", noticeIds, "en"))]).toEqual([[noticeIds[0]!, "Notice on healthy towns"]]);
    expect([...(await translatedTitles(db, "notice", noticeIds, "mn"))]).toEqual([[noticeIds[0]!, "ᠡᠷᠡᠭᠦᠯ ᠬᠣᠲᠠ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠳᠡᠯ"]]);
    expect((await translatedTitles(db, "notice", noticeIds, "zh")).size).toBe(0);
    expect((await translatedTitles(db, "notice", [], "en")).size).toBe(0);
    expect([...(await translatedTitles(db, "publicity", listIds, "en"))]).toEqual([[listIds[0]!, "Proposed healthy towns, 2026"]]);
    expect((await translatedTitles(db, "publicity", listIds, "mn")).size).toBe(0);
  });

  it("gives a publicity list's entries the official English names staff entered, for English pages", async () => {
    const db = database.db;
    const [entry] = await db.select({ listId: schema.publicityEntries.publicityId, code: schema.publicityEntries.regionCode }).from(schema.publicityEntries).orderBy(asc(schema.publicityEntries.id)).limit(1);
    await db.update(schema.regions).set({ nameEn: "Test Official Name" }).where(eq(schema.regions.code, entry!.code));
    const detail = await publicityDetail(db, entry!.listId, NOW);
    const shown = detail!.groups.flatMap((g) => g.entries).find((e) => e.regionCode === entry!.code)!;
    expect(shown.nameEn).toBe("Test Official Name");
    const [region] = await db.select().from(schema.regions).where(and(eq(schema.regions.code, entry!.code)));
    expect(shown.name).toBe(region!.name);
  });
});
