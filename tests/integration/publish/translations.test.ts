// Staff-entered English and Mongolian versions of notices and publicity lists on PGlite and PostgreSQL (issue 18):
// each save is a numbered revision with its note, the public read gives the latest, removing restores the Chinese
// original, every change is audited and drops the page cache through the outbox, and bad input stores nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, searchOutbox, translationRevisions, translations } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import type { StaffActor } from "../../../src/server/cases/actions.ts";
import { createNotice, publishDraft } from "../../../src/server/publish/notices.ts";
import { createList } from "../../../src/server/publish/publicity.ts";
import { removeTranslation, saveTranslation, translationRevisionsOf, translationsByIds } from "../../../src/server/publish/translations.ts";
import { translationOf } from "../../../src/server/translations.ts";
import { route } from "../../../src/server/api/endpoints.ts";
import { setEnglishName } from "../../../src/server/publish/names.ts";
import { regions } from "../../../db/schema.ts";
import { verifyAuditChain } from "../../../src/server/audit.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

const NOW = new Date("2026-12-01T02:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describe.each(DRIVERS)("translations on %s", (driver) => {
  let database: TestDatabase;
  let officer: StaffActor;
  let handler: StaffActor;
  let noticeId: number;
  const count = async (table: typeof translations | typeof translationRevisions) => (await database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  const audits = async (action: string) => database.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(auditLog.id);

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    const as = await staffActors(database.db);
    officer = as("officer");
    handler = as("handler");
    const created = await createNotice(database.db, officer, { title: "关于开展健康乡镇评估的通知", type: "notice", issuer: "自治区爱卫办", issuedOn: "2026-12-01", body: "各盟市爱卫会：现就健康乡镇评估有关事项通知如下。" }, NOW);
    if (!created.ok) throw new Error(created.reason);
    noticeId = created.id;
    expect(await publishDraft(database.db, officer, noticeId, NOW)).toMatchObject({ ok: true });
  }, 120_000);
  afterAll(() => database?.dispose());

  it("refuses bad input with a Chinese message and stores nothing", async () => {
    const subject = { noticeId };
    expect(await saveTranslation(database.db, handler, subject, { locale: "mn", title: "ᠮᠡᠳᠡᠭᠳᠡᠯ", changeNote: "ᠣᠷᠴᠢᠭᠤᠯᠭ᠎ᠠ" }, NOW)).toMatchObject({ ok: false, status: 403 });
    expect(await saveTranslation(database.db, officer, subject, { locale: "fr", title: "", body: "x", changeNote: "" }, NOW)).toMatchObject({
      ok: false,
      status: 400,
      errors: { locale: "请选择语言", title: expect.stringContaining("请填写题目"), changeNote: expect.stringContaining("请填写修改说明") },
    });
    expect(await saveTranslation(database.db, officer, { noticeId: 999_999 }, { locale: "en", title: "Notice", changeNote: "初次翻译" }, NOW)).toMatchObject({ ok: false, status: 404, reason: "内容不存在" });
    expect(await count(translations)).toBe(0);
    expect(await count(translationRevisions)).toBe(0);
    expect(await audits("translation.save")).toHaveLength(0);
  });

  it("numbers each save as a revision with its note, and the public read gives the latest", async () => {
    const subject = { noticeId };
    const outboxBefore = (await database.db.select({ n: sql<number>`count(*)::int` }).from(searchOutbox).where(and(eq(searchOutbox.indexName, "notices"), eq(searchOutbox.docId, String(noticeId)))))[0]!.n;
    const first = await saveTranslation(database.db, officer, subject, { locale: "mn", title: "ᠡᠷᠡᠭᠦᠯ ᠰᠢᠮ᠎ᠡ ᠲᠠᠢ ᠰᠣᠮᠣᠨ", body: "ᠠᠶᠢᠮᠠᠭ ᠬᠣᠲᠠ ᠶᠢᠨ ᠡᠷᠡᠭᠦᠯ ᠠᠬᠤᠢ ᠶᠢᠨ ᠬᠣᠷᠢᠶ᠎ᠠ", changeNote: "初次翻译" }, NOW);
    expect(first).toMatchObject({ ok: true, revision: 1 });
    const second = await saveTranslation(database.db, officer, subject, { locale: "mn", title: "ᠡᠷᠡᠭᠦᠯ ᠰᠢᠮ᠎ᠡ ᠲᠠᠢ ᠰᠣᠮᠣᠨ ᠤ ᠮᠡᠳᠡᠭᠳᠡᠯ", body: "ᠰᠢᠨ᠎ᠡ ᠪᠢᠴᠢᠭ", changeNote: "更正标题" }, later(5));
    expect(second).toMatchObject({ ok: true, revision: 2 });
    expect(await saveTranslation(database.db, officer, subject, { locale: "en", title: "Notice on assessing healthy townships", body: "To the patriotic health committees of each league and city.", changeNote: "English version" }, later(6))).toMatchObject({ ok: true, revision: 1 });

    const history = await translationRevisionsOf(database.db, subject);
    expect(history.map((r) => [r.locale, r.revision, r.changeNote])).toEqual([["en", 1, "English version"], ["mn", 1, "初次翻译"], ["mn", 2, "更正标题"]]);
    expect(history[1]!.revisedBy).toBe(officer.displayName);

    const shown = await translationOf(database.db, subject, "mn");
    expect(shown).toMatchObject({ title: "ᠡᠷᠡᠭᠦᠯ ᠰᠢᠮ᠎ᠡ ᠲᠠᠢ ᠰᠣᠮᠣᠨ ᠤ ᠮᠡᠳᠡᠭᠳᠡᠯ", body: "ᠰᠢᠨ᠎ᠡ ᠪᠢᠴᠢᠭ", revision: 2 });
    expect(await translationOf(database.db, subject, "zh")).toBeNull();
    expect((await translationsByIds(database.db, "notice", [noticeId])).get(noticeId)?.versions).toEqual({
      en: { title: "Notice on assessing healthy townships", body: "To the patriotic health committees of each league and city." },
      mn: { title: "ᠡᠷᠡᠭᠦᠯ ᠰᠢᠮ᠎ᠡ ᠲᠠᠢ ᠰᠣᠮᠣᠨ ᠤ ᠮᠡᠳᠡᠭᠳᠡᠯ", body: "ᠰᠢᠨ᠎ᠡ ᠪᠢᠴᠢᠭ" },
    });

    // The JSON API stays Chinese and adds the versions beside the original.
    const { slug } = (await database.db.select({ slug: sql<string>`slug` }).from(sql`notices`).where(sql`id = ${noticeId}`))[0]!;
    const found = route(`/notices/${slug}`)!;
    const api = await found.endpoint.handler(database.db, {}, found.params, later(7));
    expect(api.body).toMatchObject({ title: "关于开展健康乡镇评估的通知", translations: { en: { title: "Notice on assessing healthy townships" }, mn: { body: "ᠰᠢᠨ᠎ᠡ ᠪᠢᠴᠢᠭ" } } });
    expect(api.lastModified).toEqual(later(6));

    const saves = await audits("translation.save");
    expect(saves.map((a) => [a.objectType, a.objectId, a.reason, (a.details as { locale: string; revision: number }).revision])).toEqual([
      ["notice", String(noticeId), "初次翻译", 1],
      ["notice", String(noticeId), "更正标题", 2],
      ["notice", String(noticeId), "English version", 1],
    ]);
    expect(saves.every((a) => a.actorUserId === officer.userId)).toBe(true);
    // Each change goes through the outbox, which is what drops the public page cache.
    const outboxAfter = (await database.db.select({ n: sql<number>`count(*)::int` }).from(searchOutbox).where(and(eq(searchOutbox.indexName, "notices"), eq(searchOutbox.docId, String(noticeId)))))[0]!.n;
    expect(outboxAfter - outboxBefore).toBe(3);
  });

  it("removes a version: the public read falls back to the original, the removal is audited", async () => {
    const subject = { noticeId };
    expect(await removeTranslation(database.db, officer, subject, "mn", later(10))).toMatchObject({ ok: true });
    expect(await translationOf(database.db, subject, "mn")).toBeNull();
    expect(await translationOf(database.db, subject, "en")).toMatchObject({ title: "Notice on assessing healthy townships" });
    expect(await removeTranslation(database.db, officer, subject, "mn", later(11))).toMatchObject({ ok: false, status: 404 });
    const removed = await audits("translation.remove");
    expect(removed.map((a) => [a.objectId, (a.details as { locale: string }).locale])).toEqual([[String(noticeId), "mn"]]);
    expect((await translationRevisionsOf(database.db, subject)).map((r) => r.locale)).toEqual(["en"]);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it("keeps a publicity list's versions apart from a notice's", async () => {
    const list = await createList(database.db, officer, { title: "关于2026年全国健康县拟推荐名单的公示", honours: ["health_county"], opensOn: "2026-12-02", opensTime: "09:00", closesOn: "2026-12-08", closesTime: "23:59" }, NOW);
    if (!list.ok) throw new Error(list.reason);
    const subject = { publicityId: list.id };
    expect(await saveTranslation(database.db, officer, subject, { locale: "en", title: "Proposed healthy townships, 2026", changeNote: "First English version" }, NOW)).toMatchObject({ ok: true, revision: 1 });
    expect(await translationOf(database.db, subject, "en")).toMatchObject({ title: "Proposed healthy townships, 2026", body: "" });
    expect(await translationOf(database.db, { noticeId }, "en")).toMatchObject({ title: "Notice on assessing healthy townships" });
    const [a] = (await audits("translation.save")).slice(-1);
    expect([a!.objectType, a!.objectId]).toEqual(["publicity_list", String(list.id)]);
  });

  it("sets and clears a region's official English name (the demo seeds Dalad Banner), audited; refuses names not in Latin letters", async () => {
    const nameEn = async () => (await database.db.select({ n: regions.nameEn }).from(regions).where(eq(regions.code, "150621")))[0]!.n;
    expect(await setEnglishName(database.db, officer, { kind: "region", id: "150621", nameEn: "达拉特" }, NOW)).toMatchObject({ ok: false, status: 400, errors: { nameEn: expect.stringContaining("英文字母") } });
    expect(await setEnglishName(database.db, handler, { kind: "region", id: "150621", nameEn: "Dalad Banner" }, NOW)).toMatchObject({ ok: false, status: 403 });
    expect(await nameEn()).toBe("Dalad Banner"); // the demo seed's official name, untouched by the refusals
    expect(await setEnglishName(database.db, officer, { kind: "region", id: "150621", nameEn: "Dalad Qi" }, NOW)).toMatchObject({ ok: true });
    expect(await nameEn()).toBe("Dalad Qi");
    expect(await setEnglishName(database.db, officer, { kind: "region", id: "150621", nameEn: "" }, later(1))).toMatchObject({ ok: true });
    expect(await nameEn()).toBeNull();
    const rows = await audits("name_en.set");
    expect(rows.map((a) => [a.objectType, a.objectId, (a.details as { from: string | null }).from, (a.details as { to: string | null }).to])).toEqual([
      ["region", "150621", "Dalad Banner", "Dalad Qi"],
      ["region", "150621", "Dalad Qi", null],
    ]);
  });
});
