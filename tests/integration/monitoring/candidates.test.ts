// The office's side of public-opinion monitoring (issue 16) on PGlite and PostgreSQL: sources added, paused,
// resumed and removed (audited, office only), problem words edited (counting from the next article), the candidate
// queue with its places and register status, and a candidate turned into a lead routed like any other — once.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, caseEvidence, cases, monitorItems, monitorSources } from "../../../db/schema.ts";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import type { StaffActor } from "../../../src/server/cases/actions.ts";
import { itemView, listQueue } from "../../../src/server/monitoring/candidates.ts";
import { caseFormFor, dismiss, routingPreview, toCase } from "../../../src/server/monitoring/decisions.ts";
import { ingestItems } from "../../../src/server/monitoring/ingest.ts";
import { addFeedSource, addManualItem, listSources, pauseSource, removeSource, resumeSource } from "../../../src/server/monitoring/sources.ts";
import { addWord, listWords, removeWord, setWordWeight } from "../../../src/server/monitoring/words.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

const sh = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
const NOW = sh("2026-11-23", "10:00");

describe.each(DRIVERS)("monitoring back office on %s", (driver) => {
  let database: TestDatabase;
  let evidenceDir: string;
  let officer: StaffActor;
  let admin: StaffActor;
  let handler: StaffActor;
  let auditor: StaffActor;
  let feedId: number;

  const audits = (action: string, objectId?: string) =>
    database.db.select().from(auditLog).where(objectId ? and(eq(auditLog.action, action), eq(auditLog.objectId, objectId)) : eq(auditLog.action, action));
  const ingest = (items: { link: string; title: string; summary?: string; publishedAt?: Date | null }[], now = NOW) =>
    database.db.transaction((tx) => ingestItems(tx, { id: feedId, defaultPrefectureCode: null }, items.map((i) => ({ summary: "", publishedAt: null, ...i })), now));

  beforeAll(async () => {
    database = await freshDatabase(driver);
    evidenceDir = mkdtempSync(join(tmpdir(), "htp-monitor-"));
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: sh("2026-11-01", "10:00") });
    const as = await staffActors(database.db);
    officer = as("officer");
    admin = as("admin");
    handler = as("handler");
    auditor = as("auditor");
  }, 180_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  it("adds a feed source (audited), refuses a duplicate address, a bad address and a place outside the leagues", async () => {
    const sourcesBefore = (await database.db.select().from(monitorSources)).length;
    const added = await addFeedSource(database.db, officer, { name: "鄂尔多斯日报", url: "https://news.example.cn/rss.xml", defaultPrefectureCode: "150600" }, NOW);
    expect(added).toMatchObject({ ok: true });
    feedId = added.ok ? added.id : 0;
    const [row] = await database.db.select().from(monitorSources).where(eq(monitorSources.id, feedId));
    expect(row).toMatchObject({ kind: "feed", state: "active", url: "https://news.example.cn/rss.xml", defaultPrefectureCode: "150600", createdBy: officer.userId });
    expect(row!.nextFetchAt).toEqual(NOW);
    expect(await audits("monitor_source.create", String(feedId))).toHaveLength(1);

    const again = await addFeedSource(database.db, admin, { name: "另一个名字", url: "https://news.example.cn/rss.xml" }, NOW);
    expect(again).toMatchObject({ ok: false, status: 409 });
    expect(!again.ok && again.reason).toContain("已作为来源“鄂尔多斯日报”登记");
    const bad = await addFeedSource(database.db, officer, { name: "", url: "javascript:alert(1)", defaultPrefectureCode: "150621" }, NOW);
    expect(bad).toMatchObject({ ok: false, status: 400, errors: { name: "请填写来源名称", url: "地址应以 http:// 或 https:// 开头" } });
    const county = await addFeedSource(database.db, officer, { name: "旗县", url: "https://other.example.cn/feed", defaultPrefectureCode: "150621" }, NOW);
    expect(county).toMatchObject({ ok: false, status: 400, errors: { defaultPrefectureCode: "请从列表中选择本区的盟市" } });
    const long = await addFeedSource(database.db, officer, { name: "长".repeat(61), url: `https://x.example.cn/${"a".repeat(2000)}` }, NOW);
    expect(long).toMatchObject({ ok: false, errors: { name: "来源名称最多 60 个字", url: "地址最长 2000 个字符" } });
    expect(await database.db.select().from(monitorSources)).toHaveLength(sourcesBefore + 1);
  });

  it("lets only the office manage sources, words and candidates", async () => {
    for (const actor of [handler, auditor]) {
      expect(await addFeedSource(database.db, actor, { name: "x", url: "https://y.example.cn/feed" }, NOW)).toMatchObject({ ok: false, status: 403 });
      expect(await pauseSource(database.db, actor, feedId, NOW)).toMatchObject({ ok: false, status: 403 });
      expect(await addWord(database.db, actor, { word: "脏", weight: "1" }, NOW)).toMatchObject({ ok: false, status: 403 });
      expect(await addManualItem(database.db, actor, { link: "https://a.example.cn/1", title: "达拉特旗垃圾" }, NOW)).toMatchObject({ ok: false, status: 403 });
      expect(await dismiss(database.db, { actor, itemId: 1, fields: { reason: "无关内容" }, now: NOW })).toMatchObject({ ok: false, status: 403 });
      expect(await toCase(database.db, { actor, itemId: 1, fields: {}, now: NOW, evidenceDir })).toMatchObject({ ok: false, status: 403 });
    }
  });

  it("pauses, resumes (fetching at once) and removes a source, each audited, keeping its items", async () => {
    await database.db.update(monitorSources).set({ failures: 3, nextFetchAt: sh("2026-11-24", "10:00"), lastError: "HTTP 503" }).where(eq(monitorSources.id, feedId));
    expect(await pauseSource(database.db, officer, feedId, NOW)).toMatchObject({ ok: true });
    expect(await pauseSource(database.db, officer, feedId, NOW)).toMatchObject({ ok: false, status: 409 });
    const later = new Date(NOW.getTime() + 60_000);
    expect(await resumeSource(database.db, officer, feedId, later)).toMatchObject({ ok: true });
    const [row] = await database.db.select().from(monitorSources).where(eq(monitorSources.id, feedId));
    expect(row).toMatchObject({ state: "active", failures: 0 });
    expect(row!.nextFetchAt).toEqual(later);
    expect((await listSources(database.db)).find((s) => s.id === feedId)).toMatchObject({ lastError: "HTTP 503", items: 0 });
    expect(await audits("monitor_source.pause", String(feedId))).toHaveLength(1);
    expect(await audits("monitor_source.resume", String(feedId))).toHaveLength(1);

    // A second source to remove, with an item that stays.
    const other = await addFeedSource(database.db, officer, { name: "待移除", url: "https://gone.example.cn/atom" }, NOW);
    const otherId = other.ok ? other.id : 0;
    await database.db.transaction((tx) => ingestItems(tx, { id: otherId, defaultPrefectureCode: null }, [{ link: "https://gone.example.cn/a", title: "包头市东河区某小区垃圾无人清运", summary: "", publishedAt: null }], NOW));
    expect(await removeSource(database.db, officer, otherId, NOW)).toMatchObject({ ok: true });
    expect(await removeSource(database.db, officer, otherId, NOW)).toMatchObject({ ok: false, status: 409 });
    expect((await listSources(database.db)).map((s) => s.id)).not.toContain(otherId);
    expect(await database.db.select().from(monitorItems).where(eq(monitorItems.sourceId, otherId))).toHaveLength(1);
    expect(await audits("monitor_source.remove", String(otherId))).toHaveLength(1);
    // The address of a removed source may be added again.
    expect(await addFeedSource(database.db, officer, { name: "重新添加", url: "https://gone.example.cn/atom" }, NOW)).toMatchObject({ ok: true });
  });

  it("edits problem words, audited, and the next article is matched with the change", async () => {
    const word = "围挡破损";
    expect(await addWord(database.db, officer, { word, weight: "4" }, NOW)).toMatchObject({ ok: true });
    expect(await addWord(database.db, officer, { word, weight: "2" }, NOW)).toMatchObject({ ok: false, status: 409 });
    expect(await addWord(database.db, officer, { word: "", weight: "9" }, NOW)).toMatchObject({ ok: false, status: 400, errors: { word: "请填写问题词", weight: "权重应为 1–5 的整数" } });
    expect(await addWord(database.db, officer, { word: "一".repeat(21), weight: "1" }, NOW)).toMatchObject({ ok: false, errors: { word: "问题词最多 20 个字" } });
    expect((await listWords(database.db)).find((w) => w.word === word)).toMatchObject({ weight: 4 });
    const [first] = (await ingest([{ link: "https://news.example.cn/w1", title: "东胜区建设工地围挡破损多日" }])).ids;
    expect((await itemView(database.db, first!, NOW))!).toMatchObject({ status: "candidate", score: 5 });
    expect(await setWordWeight(database.db, officer, { word, weight: "1" }, NOW)).toMatchObject({ ok: true });
    const [second] = (await ingest([{ link: "https://news.example.cn/w2", title: "康巴什区工地围挡破损" }])).ids;
    expect((await itemView(database.db, second!, NOW))!.score).toBe(2);
    expect(await removeWord(database.db, officer, { word }, NOW)).toMatchObject({ ok: true });
    const [third] = (await ingest([{ link: "https://news.example.cn/w3", title: "伊金霍洛旗工地围挡破损" }])).ids;
    expect((await itemView(database.db, third!, NOW))!.status).toBe("unmatched");
    expect(await audits("monitor_word.create", word)).toHaveLength(1);
    expect((await audits("monitor_word.update", word))[0]!.details).toEqual({ from: 4, to: 1 });
    expect(await audits("monitor_word.remove", word)).toHaveLength(1);
  });

  it("lists candidates newest day first then by score, with places in context, ambiguity unguessed, and highlights", async () => {
    await ingest(
      [
        { link: "https://news.example.cn/old-strong", title: "达拉特旗卫生死角 黑臭水体 脏乱差 垃圾", publishedAt: sh("2026-11-20", "08:00") },
        { link: "https://news.example.cn/today-weak", title: "东胜区一小区门口有垃圾", publishedAt: sh("2026-11-23", "07:00") },
        { link: "https://news.example.cn/today-strong", title: "杭锦旗卫生死角与黑臭水体", publishedAt: sh("2026-11-23", "06:00") },
      ],
      NOW,
    );
    const q = await listQueue(database.db, { tab: "candidate" }, NOW);
    const links = q.items.map((i) => i.link);
    expect(links.indexOf("https://news.example.cn/today-strong")).toBeLessThan(links.indexOf("https://news.example.cn/today-weak"));
    expect(links.indexOf("https://news.example.cn/today-weak")).toBeLessThan(links.indexOf("https://news.example.cn/old-strong"));
    const dalate = q.items.find((i) => i.link.endsWith("old-strong"))!;
    expect(dalate.places[0]!.text).toBe("达拉特旗（鄂尔多斯市）");
    expect(dalate.titleSegments.filter((s) => s.hit).map((s) => s.text)).toEqual(["达拉特旗", "卫生死角", "黑臭水体", "脏乱差", "垃圾"]);
    expect(dalate.sourceName).toBe("鄂尔多斯日报");
    expect(q.counts.candidate).toBeGreaterThanOrEqual(3);

    // A township name two counties share is shown as ambiguous, both places named, none chosen.
    const [amb] = (await ingest([{ link: "https://news.example.cn/amb", title: "网友反映城关镇农贸市场垃圾成堆" }])).ids;
    const view = (await itemView(database.db, amb!, NOW))!;
    expect(view.status).toBe("candidate");
    expect(view.places).toHaveLength(1);
    expect(view.places[0]!.place).toBeNull();
    expect(view.places[0]!.options.length).toBeGreaterThan(1);
    expect(view.places[0]!.text).toMatch(/^有歧义：城关镇（[^）]+ [^）]+）( \/ 城关镇（[^）]+ [^）]+）)+$/);
    // Nothing is prefilled for an ambiguous place: staff choose.
    expect(caseFormFor(view).regionCode).toBe("");
  });

  it("shows the register's status of a place: named, in open publicity, under re-review", async () => {
    const { registerStatus } = await import("../../../src/server/monitoring/candidates.ts");
    const { designations, publicityEntries, publicityLists } = await import("../../../db/schema.ts");
    await database.db.insert(designations).values({ regionCode: "150622", honour: "health_county", status: "re_review", namedOn: "2020-01-01" })
      .onConflictDoUpdate({ target: [designations.regionCode, designations.honour], set: { status: "re_review" } });
    const [list] = await database.db
      .insert(publicityLists)
      .values({ title: "舆情测试公示", honours: ["health_county"], opensAt: sh("2026-11-20", "09:00"), closesAt: sh("2026-11-27", "18:00"), publishedAt: sh("2026-11-20", "09:00") })
      .returning({ id: publicityLists.id });
    await database.db.insert(publicityEntries).values({ publicityId: list!.id, regionCode: "150627", honour: "health_county", prefectureCode: "150600" });
    const s = await registerStatus(database.db, ["150622", "150627", "150621"], NOW);
    expect(s.get("150622")).toMatchObject({ reReview: true });
    expect(s.get("150622")!.named[0]).toContain("复审");
    expect(s.get("150627")!.inPublicity).toEqual([expect.stringContaining("舆情测试公示")]);
    expect(s.get("150621")).toMatchObject({ reReview: false, inPublicity: [] });
  });

  it("turns a 达拉特旗 candidate into a lead by media monitoring, routed to 鄂尔多斯市, with the article kept, once", async () => {
    const [id] = (await ingest([{ link: "https://news.example.cn/dalate-1", title: "达拉特旗树林召镇背街小巷垃圾堆积<script>alert(1)</script>", summary: "<p>记者走访发现，达拉特旗树林召镇多条背街小巷垃圾堆积，居民反映已有半月无人清运。</p>" }])).ids;
    const item = (await itemView(database.db, id!, NOW))!;
    // A title is text as written, markup-looking characters included: the page escapes it, it never runs.
    expect(item.title).toBe("达拉特旗树林召镇背街小巷垃圾堆积<script>alert(1)</script>");
    expect(item.titleSegments.map((x) => x.text).join("")).toBe(item.title);
    expect(item.summary).not.toContain("<p>");
    expect(item.status).toBe("candidate");
    const form = caseFormFor(item);
    expect(form.regionCode).toMatch(/^150621/);
    expect(await routingPreview(database.db, form.regionCode!, form.category!)).toContain("鄂尔多斯市");
    expect(await routingPreview(database.db, "", "sanitation")).toBeNull();

    // Staff must pick a place when none fits; the intake's own rules apply (too short a text).
    expect(await toCase(database.db, { actor: officer, itemId: id!, fields: { ...form, regionCode: "" }, now: NOW, evidenceDir })).toMatchObject({ ok: false, status: 400, errors: { regionCode: expect.stringContaining("所涉地区") } });
    expect(await toCase(database.db, { actor: officer, itemId: id!, fields: { ...form, description: "太短" }, now: NOW, evidenceDir })).toMatchObject({ ok: false, status: 400, errors: { description: expect.stringContaining("至少") } });
    expect((await itemView(database.db, id!, NOW))!.status).toBe("candidate");

    const made = await toCase(database.db, { actor: officer, itemId: id!, fields: { ...form, regionCode: "150621" }, now: NOW, evidenceDir });
    expect(made).toMatchObject({ ok: true });
    const caseId = made.ok ? made.caseId! : 0;
    const [c] = await database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c).toMatchObject({ kind: "lead", source: "media_monitoring", regionCode: "150621", leadUrl: "https://news.example.cn/dalate-1", state: "submitted" });
    expect(c!.routing).toMatchObject({ unitId: "unit-150600" });
    const [ev] = await database.db.select().from(caseEvidence).where(eq(caseEvidence.caseId, caseId));
    expect(ev).toMatchObject({ mimeType: "text/plain", filename: `article-${id}.txt`, uploadedBy: officer.userId });
    const stored = readFileSync(join(evidenceDir, ev!.storageKey), "utf8");
    expect(stored).toContain("链接：https://news.example.cn/dalate-1");
    expect(stored).toContain("半月无人清运");
    expect(stored).toContain("抓取时间：2026年11月23日 10:00");
    expect(ev!.size).toBe(Buffer.byteLength(stored));
    const after = (await itemView(database.db, id!, NOW))!;
    expect(after).toMatchObject({ status: "case", caseId, trackingNumber: c!.trackingNumber });
    const [a] = await audits("monitor_item.to_case", String(id));
    expect(a).toMatchObject({ actorUserId: officer.userId, objectType: "monitor_item", details: { trackingNumber: c!.trackingNumber, caseId } });

    // A second attempt (another officer, another text) makes no second case and leaves no file behind.
    const before = (await database.db.select({ id: cases.id }).from(cases)).length;
    const again = await toCase(database.db, { actor: admin, itemId: id!, fields: { ...form, regionCode: "150621", description: `${form.description}（补充）` }, now: NOW, evidenceDir });
    expect(again).toMatchObject({ ok: false, status: 409 });
    expect(!again.ok && again.reason).toContain(c!.trackingNumber);
    expect((await database.db.select({ id: cases.id }).from(cases)).length).toBe(before);
    expect(await dismiss(database.db, { actor: admin, itemId: id!, fields: { reason: "与创建无关" }, now: NOW })).toMatchObject({ ok: false, status: 409 });
  });

  it("makes one case when two staff turn the same candidate at once", async () => {
    const [id] = (await ingest([{ link: "https://news.example.cn/race", title: "准格尔旗薛家湾镇农贸市场垃圾遍地", summary: "群众反映农贸市场周边垃圾遍地，污水横流，影响周边居民生活。" }])).ids;
    const item = (await itemView(database.db, id!, NOW))!;
    const form = caseFormFor(item);
    const results = await Promise.all([
      toCase(database.db, { actor: officer, itemId: id!, fields: { ...form, regionCode: "150622" }, now: NOW, evidenceDir }),
      toCase(database.db, { actor: admin, itemId: id!, fields: { ...form, regionCode: "150622", description: `${form.description}。` }, now: NOW, evidenceDir }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await database.db.select().from(cases).where(eq(cases.leadUrl, "https://news.example.cn/race"))).toHaveLength(1);
    const files = await database.db.select().from(caseEvidence).where(eq(caseEvidence.filename, `article-${id}.txt`));
    expect(files).toHaveLength(1);
  });

  it("dismisses with a reason only, audited, and keeps a pasted article as text", async () => {
    const pasted = await addManualItem(database.db, officer, { link: "https://mp.example.cn/s/abc#frag", title: "<b>鄂托克旗</b>某小区垃圾<script>alert('x')</script>", text: "小区内垃圾桶满溢，臭气熏天。" }, NOW);
    expect(pasted).toMatchObject({ ok: true, candidate: true });
    const id = pasted.ok ? pasted.id : 0;
    const item = (await itemView(database.db, id, NOW))!;
    expect(item.sourceName).toBe("人工录入");
    expect(item.link).toBe("https://mp.example.cn/s/abc");
    expect(item.title).toBe("<b>鄂托克旗</b>某小区垃圾<script>alert('x')</script>");
    expect(item.titleSegments.filter((x) => x.hit).map((x) => x.text)).toEqual(["鄂托克旗", "垃圾"]);
    expect(await addManualItem(database.db, officer, { link: "https://mp.example.cn/s/abc", title: "重复" }, NOW)).toMatchObject({ ok: false, status: 409 });
    expect(await addManualItem(database.db, officer, { link: "ftp://x", title: "" }, NOW)).toMatchObject({ ok: false, status: 400, errors: { link: "地址应以 http:// 或 https:// 开头", title: "请填写标题" } });
    expect(await audits("monitor_item.paste", String(id))).toHaveLength(1);
    // Only one manual source, however many pastes.
    await addManualItem(database.db, admin, { link: "https://mp.example.cn/s/def", title: "乌审旗旱厕无人管理" }, NOW);
    expect(await database.db.select().from(monitorSources).where(and(eq(monitorSources.kind, "manual"), eq(monitorSources.isDemo, false)))).toHaveLength(1);

    expect(await dismiss(database.db, { actor: officer, itemId: id, fields: { reason: " " }, now: NOW })).toMatchObject({ ok: false, status: 400, errors: { reason: expect.stringContaining("请填写排除理由") } });
    expect((await itemView(database.db, id, NOW))!.status).toBe("candidate");
    expect(await dismiss(database.db, { actor: officer, itemId: id, fields: { reason: "旧闻，已于上月整改完毕" }, now: NOW })).toMatchObject({ ok: true });
    expect((await itemView(database.db, id, NOW))!).toMatchObject({ status: "dismissed", dismissReason: "旧闻，已于上月整改完毕" });
    expect((await audits("monitor_item.dismiss", String(id)))[0]).toMatchObject({ reason: "旧闻，已于上月整改完毕" });
    expect(await dismiss(database.db, { actor: admin, itemId: id, fields: { reason: "再次排除" }, now: NOW })).toMatchObject({ ok: false, status: 409 });
    const dismissedTab = await listQueue(database.db, { tab: "dismissed" }, NOW);
    expect(dismissedTab.items.map((i) => i.id)).toContain(id);
    expect(existsSync(evidenceDir)).toBe(true);
  });
});
