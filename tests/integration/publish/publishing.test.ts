// Back-office publishing on PGlite and PostgreSQL: notice revisions are public and need a reason, publicity entries
// are checked for honour eligibility, windows only lengthen, outcomes come after closing, designation events move
// the status by the domain rule — and every publish writes the search outbox and the audit log in its transaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, sql } from "drizzle-orm";
import { auditLog, designationEvents, designations, noticeRevisions, notices, publicityEntries, publicityLists, searchOutbox } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import type { StaffActor } from "../../../src/server/cases/actions.ts";
import { recordDesignationEvent } from "../../../src/server/publish/designations.ts";
import { createNotice, editNotice, publishDraft, withdrawPublished } from "../../../src/server/publish/notices.ts";
import { addEntry, createList, extendList, publishList, recordOutcome } from "../../../src/server/publish/publicity.ts";
import { verifyAuditChain } from "../../../src/server/audit.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

const NOW = new Date("2026-12-01T02:00:00Z"); // Tuesday 10:00 Shanghai
const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

describe.each(DRIVERS)("publishing on %s", (driver) => {
  let database: TestDatabase;
  let officer: StaffActor;
  let handler: StaffActor;
  const outbox = async (index: "notices" | "publicity" | "towns", id: number) =>
    (await database.db.select({ n: sql<number>`count(*)::int` }).from(searchOutbox).where(and(eq(searchOutbox.indexName, index), eq(searchOutbox.docId, String(id)))))[0]!.n;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    const as = await staffActors(database.db);
    officer = as("officer");
    handler = as("handler");
  }, 120_000);
  afterAll(() => database?.dispose());

  it("publishes a notice, keeps every later edit as a public revision with its reason, and withdraws it", async () => {
    const form = { title: "关于开展健康乡镇评估的通知", type: "notice", issuer: "自治区爱卫办", issuedOn: "2026-12-01", body: "各盟市爱卫会：现就健康乡镇评估有关事项通知如下。" };
    expect(await createNotice(database.db, handler, form, NOW)).toMatchObject({ ok: false, status: 403 });
    expect(await createNotice(database.db, officer, { ...form, title: "短", issuedOn: "昨天" }, NOW)).toMatchObject({ ok: false, status: 400, errors: { title: "标题至少 4 个字", issuedOn: "请填写发文日期（年-月-日）" } });
    const created = await createNotice(database.db, officer, form, NOW);
    if (!created.ok) throw new Error(created.reason);
    const id = created.id;
    expect(await outbox("notices", id)).toBe(0); // a draft is not public
    expect(await publishDraft(database.db, officer, id, NOW)).toMatchObject({ ok: true });
    expect(await outbox("notices", id)).toBe(1);
    expect(await editNotice(database.db, officer, id, { ...form, body: `${form.body}（更正）`, revision: "1" }, later(1))).toMatchObject({ ok: false, status: 422, errors: { changeNote: expect.stringContaining("修改说明") } });
    expect(await editNotice(database.db, officer, id, { ...form, body: `${form.body}（更正）`, revision: "1", changeNote: "更正评估时间" }, later(1))).toMatchObject({ ok: true });
    // A form rendered from revision 1 cannot overwrite revision 2.
    expect(await editNotice(database.db, officer, id, { ...form, revision: "1", changeNote: "另一人的修改" }, later(1))).toMatchObject({ ok: false, status: 409 });
    const revisions = await database.db.select().from(noticeRevisions).where(eq(noticeRevisions.noticeId, id)).orderBy(noticeRevisions.revision);
    expect(revisions.map((r) => [r.revision, r.changeNote])).toEqual([[1, "首次发布"], [2, "更正评估时间"]]);
    expect(revisions[1]!.body).toContain("（更正）");
    expect(await withdrawPublished(database.db, officer, id, "", later(2))).toMatchObject({ ok: false, errors: { reason: "请填写撤回理由" } });
    expect(await withdrawPublished(database.db, officer, id, "内容有误", later(2))).toMatchObject({ ok: true });
    const [n] = await database.db.select().from(notices).where(eq(notices.id, id));
    expect([n!.status, n!.revision]).toEqual(["withdrawn", 2]);
    const [lastOp] = await database.db.select({ op: searchOutbox.op }).from(searchOutbox).where(eq(searchOutbox.docId, String(id))).orderBy(desc(searchOutbox.id)).limit(1);
    expect(lastOp!.op).toBe("delete");
  });

  it("builds a publicity list with eligible entries only, publishes, extends and records outcomes after closing", async () => {
    const created = await createList(
      database.db,
      officer,
      { title: "关于2026年全国健康县拟推荐名单（第三批）的公示", honours: ["health_county"], opensOn: "2026-12-02", opensTime: "09:00", closesOn: "2026-12-08", closesTime: "23:59", contactPhone: "0471-0000000" },
      NOW,
    );
    if (!created.ok) throw new Error(created.reason);
    const id = created.id;
    const [list] = await database.db.select().from(publicityLists).where(eq(publicityLists.id, id));
    expect(list!.closesAt.toISOString()).toBe("2026-12-08T15:59:59.000Z");
    expect(await publishList(database.db, officer, id, NOW)).toMatchObject({ ok: false, reason: "请先添加公示对象" });
    // 达拉特旗 is a 旗: eligible for 全国健康县. 东胜区 is a city district: not.
    expect(await addEntry(database.db, officer, id, { regionCode: "150621", honour: "health_county" }, NOW)).toMatchObject({ ok: true });
    expect(await addEntry(database.db, officer, id, { regionCode: "150602", honour: "health_county" }, NOW)).toMatchObject({ ok: false, status: 422, reason: expect.stringContaining("不能申报全国健康县") });
    expect(await addEntry(database.db, officer, id, { regionCode: "150621", honour: "health_county" }, NOW)).toMatchObject({ ok: false, status: 409 });
    expect(await publishList(database.db, officer, id, NOW)).toMatchObject({ ok: true });
    expect(await outbox("publicity", id)).toBe(1);
    expect(await addEntry(database.db, officer, id, { regionCode: "150622", honour: "health_county" }, NOW)).toMatchObject({ ok: false, reason: "公示已发布，不能再增加对象" });
    expect(await extendList(database.db, officer, id, { closesOn: "2026-12-07", closesTime: "23:59", note: "缩短" }, later(2))).toMatchObject({ ok: false, errors: { closesOn: expect.any(String) } });
    expect(await extendList(database.db, officer, id, { closesOn: "2026-12-10", closesTime: "17:00", note: "应群众要求延长公示期" }, later(2))).toMatchObject({ ok: true });
    const [extended] = await database.db.select().from(publicityLists).where(eq(publicityLists.id, id));
    expect(extended!.originalClosesAt!.toISOString()).toBe("2026-12-08T15:59:59.000Z");
    expect(extended!.closesAt.toISOString()).toBe("2026-12-10T09:00:00.000Z");
    const [entry] = await database.db.select().from(publicityEntries).where(eq(publicityEntries.publicityId, id));
    expect(await recordOutcome(database.db, officer, id, { entryId: String(entry!.id), outcome: "recommended" }, later(3))).toMatchObject({ ok: false, reason: "公示结束后才能记录各对象的结果" });
    expect(await recordOutcome(database.db, officer, id, { entryId: String(entry!.id), outcome: "recommended", outcomeNote: "公示期内未收到异议" }, later(10))).toMatchObject({ ok: true });
    const [done] = await database.db.select().from(publicityEntries).where(eq(publicityEntries.id, entry!.id));
    expect([done!.outcome, done!.outcomeNote]).toEqual(["recommended", "公示期内未收到异议"]);
  });

  it("moves a designation through naming, re-review, warning and revocation, refusing events out of order", async () => {
    const ev = (kind: string, occurredOn: string) => recordDesignationEvent(database.db, officer, { regionCode: "150622", honour: "health_county", kind, occurredOn, title: `准格尔旗${kind}` }, NOW);
    expect(await ev("re_review", "2026-01-01")).toMatchObject({ ok: false, errors: { kind: expect.stringContaining("只有已命名的城镇才能复审") } });
    expect(await ev("named", "2026-03-01")).toMatchObject({ ok: true });
    const [named] = await database.db.select().from(designations).where(and(eq(designations.regionCode, "150622"), eq(designations.honour, "health_county")));
    expect([named!.status, named!.namedOn, named!.nextReviewDue]).toEqual(["named", "2026-03-01", "2029-03-01"]);
    expect(await ev("warned", "2027-05-01")).toMatchObject({ ok: true });
    expect(await ev("confirmed", "2027-09-01")).toMatchObject({ ok: true });
    expect(await ev("revoked", "2028-01-01")).toMatchObject({ ok: true });
    const [revoked] = await database.db.select().from(designations).where(eq(designations.id, named!.id));
    expect([revoked!.status, revoked!.lastReviewedOn, revoked!.nextReviewDue]).toEqual(["revoked", "2027-09-01", null]);
    const events = await database.db.select({ kind: designationEvents.kind }).from(designationEvents).where(eq(designationEvents.designationId, named!.id));
    expect(events.map((e) => e.kind)).toEqual(["named", "warned", "confirmed", "revoked"]);
    expect(await outbox("towns", named!.id)).toBe(4);
    // A city district cannot hold 全国健康县.
    expect(await recordDesignationEvent(database.db, officer, { regionCode: "150602", honour: "health_county", kind: "named", occurredOn: "2026-03-01", title: "东胜区命名" }, NOW)).toMatchObject({ ok: false, status: 422 });
  });

  it("audited every publish in an intact chain", async () => {
    const actions = (await database.db.select({ a: auditLog.action }).from(auditLog)).map((r) => r.a);
    expect(actions).toEqual(expect.arrayContaining(["notice.create", "notice.publish", "notice.revise", "notice.withdraw", "publicity.create", "publicity.add_entry", "publicity.publish", "publicity.extend", "publicity.outcome", "designation.named", "designation.revoked"]));
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });
});
