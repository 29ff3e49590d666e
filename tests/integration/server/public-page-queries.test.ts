// The public pages' combined, prepared statements (issue 17) answer what the separate queries answered: a notice with
// its attachments, revisions and regions; a publicity list with its notice, entries, prefectures and objections; the
// home page's two notice lists; a region page's honours, history, related notices and rectifications; the register's
// filtered pages with their totals. Each database handle and transaction gets its own prepared copy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import * as schema from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { homeNotices, latestNotices, noticeDetail } from "../../../src/server/notices.ts";
import { listPublicity, publicityDetail } from "../../../src/server/publicity.ts";
import { listRegister, PAGE_SIZE, townPage, type RegisterFilters } from "../../../src/server/towns.ts";
import type { Honour } from "../../../src/domain/honours.ts";
import { publicRectifications } from "../../../src/server/rectifications.ts";
import { HOLDING_STATUSES } from "../../../src/domain/designations.ts";
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
        expect(detail!.notice).toEqual({ id: n!.id, slug: n!.slug, title: n!.title });
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

  it("reads a region page's honours, their history and related notices as the separate queries did", async () => {
    const db = database.db;
    const d = schema.designations;
    const withHistory = await db.selectDistinct({ code: d.regionCode }).from(d).innerJoin(schema.designationEvents, eq(schema.designationEvents.designationId, d.id));
    const [noticeRegion] = await db.select({ code: schema.noticeRegions.regionCode }).from(schema.noticeRegions).innerJoin(schema.regions, eq(schema.regions.code, schema.noticeRegions.regionCode)).where(sql`${schema.regions.level} <> 'province'`).limit(1);
    const [bare] = await db.select({ code: schema.regions.code }).from(schema.regions).where(eq(schema.regions.level, "township")).limit(1);
    const codes = [...withHistory.map((r) => r.code), noticeRegion!.code, bare!.code];
    expect(withHistory.length).toBeGreaterThan(3);
    let sawRelated = false;
    for (const code of codes) {
      const page = await townPage(db, code);
      const honours = await db.select().from(d).where(eq(d.regionCode, code)).orderBy(asc(d.honour));
      expect(page!.honours.map(({ events: _e, label: _l, reReviewDue: _r, ...h }) => h)).toEqual(honours);
      for (const h of page!.honours) {
        const events = await db
          .select({ kind: schema.designationEvents.kind, occurredOn: schema.designationEvents.occurredOn, title: schema.designationEvents.title, description: schema.designationEvents.description, noticeSlug: schema.notices.slug, noticeTitle: schema.notices.title })
          .from(schema.designationEvents)
          .leftJoin(schema.notices, eq(schema.notices.id, schema.designationEvents.noticeId))
          .where(eq(schema.designationEvents.designationId, h.id))
          .orderBy(asc(schema.designationEvents.occurredOn), asc(schema.designationEvents.id));
        expect(h.events).toEqual(events);
      }
      const region = page!.region;
      const near = [code, region.prefectureCode, region.parentCode].filter((c): c is string => !!c);
      const cited = page!.honours.flatMap((h) => h.events.map((e) => e.noticeSlug)).filter((s): s is string => !!s);
      const related = await db
        .selectDistinct({ slug: schema.notices.slug, title: schema.notices.title, docNumber: schema.notices.docNumber, issuedOn: schema.notices.issuedOn })
        .from(schema.notices)
        .leftJoin(schema.noticeRegions, eq(schema.noticeRegions.noticeId, schema.notices.id))
        .where(and(eq(schema.notices.status, "published"), or(inArray(schema.noticeRegions.regionCode, near), cited.length ? inArray(schema.notices.slug, cited) : sql`false`)))
        .orderBy(desc(schema.notices.issuedOn))
        .limit(10);
      expect(page!.related.map((n) => n.slug).sort()).toEqual(related.map((n) => n.slug).sort());
      expect(page!.related.map((n) => n.issuedOn)).toEqual(related.map((n) => n.issuedOn));
      expect(new Set(page!.related.map((n) => n.slug)).size).toBe(page!.related.length);
      sawRelated ||= page!.related.length > 0;
    }
    expect(sawRelated).toBe(true);
    expect(await townPage(db, "150000")).toBeNull();
    expect(await townPage(db, "999999")).toBeNull();
  });

  it("pages the register under every filter with the total a count gives, past the last page too", async () => {
    const db = database.db;
    const d = schema.designations;
    const [some] = await db.select({ honour: d.honour, prefecture: schema.regions.prefectureCode, year: sql<number>`extract(year from ${d.namedOn})::int` }).from(d).innerJoin(schema.regions, eq(schema.regions.code, d.regionCode)).where(isNotNull(d.namedOn)).limit(1);
    const cases: RegisterFilters[] = [
      { page: 1 },
      { page: 2 },
      { page: 1, honour: some!.honour as Honour },
      { page: 1, prefecture: some!.prefecture! },
      { page: 1, year: some!.year },
      { page: 1, status: "all" as const },
      { page: 1, status: "revoked" as const },
      { page: 1, honour: some!.honour as Honour, prefecture: some!.prefecture!, year: some!.year, status: "all" as const },
      { page: 99 },
    ];
    for (const f of cases) {
      const statuses = !f.status ? [...HOLDING_STATUSES] : f.status === "all" ? [...schema.designations.status.enumValues] : [f.status];
      const where = and(
        inArray(d.status, statuses),
        f.honour ? eq(d.honour, f.honour) : undefined,
        f.prefecture ? eq(schema.regions.prefectureCode, f.prefecture) : undefined,
        f.year ? sql`extract(year from ${d.namedOn}) = ${f.year}` : undefined,
      );
      const all = await db.select({ id: d.id }).from(d).innerJoin(schema.regions, eq(schema.regions.code, d.regionCode)).where(where).orderBy(asc(schema.regions.prefectureCode), asc(schema.regions.code), asc(d.honour));
      const got = await listRegister(db, f);
      expect(got.total, JSON.stringify(f)).toBe(all.length);
      expect(got.pages).toBe(Math.max(1, Math.ceil(all.length / PAGE_SIZE)));
      expect(got.rows.map((r) => r.id)).toEqual(all.slice((f.page - 1) * PAGE_SIZE, f.page * PAGE_SIZE).map((r) => r.id));
      expect(Object.keys(got.rows[0] ?? { name: 1 })).not.toContain("total");
    }
    expect((await listRegister(db, { page: 1 })).total).toBeGreaterThan(PAGE_SIZE);
  });

  it("gives a region page the rectifications the filtered list gives for that region", async () => {
    const db = database.db;
    const published = await db.selectDistinct({ code: schema.rectifications.regionCode }).from(schema.rectifications).where(isNotNull(schema.rectifications.publishedAt));
    expect(published.length).toBeGreaterThan(0);
    const all = await publicRectifications(db, {}, NOW);
    for (const { code } of published) {
      const mine = await publicRectifications(db, { regionCode: code }, NOW);
      expect(mine).toEqual(all.filter((r) => r.regionCode === code));
      expect(mine.length).toBeGreaterThan(0);
    }
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
