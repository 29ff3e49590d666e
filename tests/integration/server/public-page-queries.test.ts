// The public pages' combined, prepared statements (issue 17) answer what the separate queries answered: a notice with
// its attachments, revisions and regions; a publicity list with its notice, entries, prefectures and objections; the
// home page's two notice lists. Each database handle and transaction gets its own prepared copy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import * as schema from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { homeNotices, latestNotices, noticeDetail } from "../../../src/server/notices.ts";
import { listPublicity, publicityDetail } from "../../../src/server/publicity.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";

const NOW = new Date("2026-11-23T04:00:00Z");

describe.each(DRIVERS)("public page statements on %s", (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("reads a notice with its attachments, revisions and regions in one statement, as they are stored", async () => {
    const db = database.db;
    const [notice] = await db.select().from(schema.notices).where(eq(schema.notices.status, "published")).orderBy(asc(schema.notices.id)).limit(1);
    const at = new Date("2026-11-20T02:03:04.005Z");
    await db.insert(schema.noticeAttachments).values([
      { noticeId: notice!.id, filename: "附件2.pdf", mimeType: "application/pdf", size: 2048, sha256: "b".repeat(64), storageKey: "k2", createdAt: at },
      { noticeId: notice!.id, filename: "附件1.xlsx", mimeType: "application/vnd.ms-excel", size: 10, sha256: "a".repeat(64), storageKey: "k1", createdAt: at },
    ]);
    await db.insert(schema.noticeRevisions).values([
      { noticeId: notice!.id, revision: 2, title: "第二版", body: "x", changeNote: "更正文号", revisedAt: at },
      { noticeId: notice!.id, revision: 3, title: "第三版", body: "y", changeNote: "补充附件", revisedAt: new Date("2026-11-21T00:00:00Z") },
    ]);
    const detail = await noticeDetail(db, notice!.slug);
    const attachments = await db.select().from(schema.noticeAttachments).where(eq(schema.noticeAttachments.noticeId, notice!.id)).orderBy(asc(schema.noticeAttachments.id));
    const regions = await db.select({ code: schema.noticeRegions.regionCode }).from(schema.noticeRegions).where(eq(schema.noticeRegions.noticeId, notice!.id));
    expect(detail!.notice).toEqual(notice);
    expect(detail!.attachments).toEqual(attachments);
    expect(detail!.attachments.map((a) => a.filename).slice(-2)).toEqual(["附件2.pdf", "附件1.xlsx"]);
    expect(detail!.revisions.slice(0, 2)).toEqual([
      { revision: 3, title: "第三版", changeNote: "补充附件", revisedAt: new Date("2026-11-21T00:00:00Z") },
      { revision: 2, title: "第二版", changeNote: "更正文号", revisedAt: at },
    ]);
    expect(detail!.revisions.map((r) => r.revision)).toEqual([3, 2, 1]);
    expect(detail!.regionCodes.sort()).toEqual(regions.map((r) => r.code).sort());
    // Drafts and unknown slugs are not public; a second call runs the same prepared statement with another value.
    expect(await noticeDetail(db, "no-such-notice")).toBeNull();
  });

  it("gives the home page the same two lists as the two queries did", async () => {
    const home = await homeNotices(database.db, 8, 5);
    expect(home.notices).toEqual(await latestNotices(database.db, 8, { reference: false }));
    expect(home.references).toEqual(await latestNotices(database.db, 5, { reference: true }));
    expect(home.references.length).toBeGreaterThan(0);
    expect(home.notices.every((n) => !n.isReference) && home.references.every((n) => n.isReference)).toBe(true);
  });

  it("reads a publicity list with its notice, entries by honour, prefecture names and objections", async () => {
    const db = database.db;
    const lists = await db.select().from(schema.publicityLists).where(isNotNull(schema.publicityLists.publishedAt)).orderBy(desc(schema.publicityLists.id));
    for (const list of lists) {
      const detail = await publicityDetail(db, list.id, NOW);
      const entries = await db.select().from(schema.publicityEntries).where(eq(schema.publicityEntries.publicityId, list.id));
      expect(detail!.list).toEqual(list);
      expect(detail!.summary.entryCount).toBe(entries.length);
      expect(detail!.groups.flatMap((g) => g.entries).length).toBe(entries.length);
      for (const entry of detail!.groups.flatMap((g) => g.entries.map((e) => ({ ...e, honour: g.honour })))) {
        const [region] = await db.select().from(schema.regions).where(eq(schema.regions.code, entry.regionCode));
        expect(entry.name).toBe(region!.name);
        if (entry.prefectureCode) {
          const [pref] = await db.select().from(schema.regions).where(eq(schema.regions.code, entry.prefectureCode));
          expect(entry.prefectureName).toBe(pref!.name);
        } else expect(entry.prefectureName).toBeNull();
      }
      if (list.noticeId) {
        const [n] = await db.select().from(schema.notices).where(eq(schema.notices.id, list.noticeId));
        expect(detail!.notice).toEqual({ slug: n!.slug, title: n!.title });
      } else expect(detail!.notice).toBeNull();
      const objections = await db
        .select({ id: schema.cases.id })
        .from(schema.cases)
        .innerJoin(schema.publicityEntries, eq(schema.publicityEntries.id, schema.cases.publicityEntryId))
        .where(eq(schema.publicityEntries.publicityId, list.id));
      expect(detail!.objectionCount).toBe(objections.length);
      expect(detail!.objectionsByChannel.reduce((s, c) => s + c.count, 0)).toBe(objections.length);
    }
    expect(lists.some((l) => l.noticeId)).toBe(true);
    expect(await publicityDetail(db, 999_999, NOW)).toBeNull();
    // The register's counts agree with the detail pages'.
    const { lists: summaries } = await listPublicity(db, {}, NOW);
    for (const s of summaries) expect(s.entryCount).toBe((await publicityDetail(db, s.id, NOW))!.summary.entryCount);
  });

  it("prepares per handle: a transaction sees its own uncommitted rows, and nothing is left behind after it rolls back", async () => {
    const db = database.db;
    const [notice] = await db.select().from(schema.notices).where(eq(schema.notices.status, "published")).limit(1);
    await db
      .transaction(async (tx) => {
        await tx.update(schema.notices).set({ title: "事务中的标题" }).where(eq(schema.notices.id, notice!.id));
        expect((await noticeDetail(tx, notice!.slug))!.notice.title).toBe("事务中的标题");
        throw new Error("rollback");
      })
      .catch((err: Error) => expect(err.message).toBe("rollback"));
    expect((await noticeDetail(db, notice!.slug))!.notice.title).toBe(notice!.title);
    const [still] = await db.select().from(schema.notices).where(and(eq(schema.notices.id, notice!.id)));
    expect(still!.title).toBe(notice!.title);
  });
});
