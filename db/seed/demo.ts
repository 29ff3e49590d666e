// Demo seed 示例数据: the five real notices, the responsibility list of seed 004, and an invented but consistent
// dataset (publicity lists, designations, cases) relative to `now`. Precondition: regions, units and the working
// calendar are loaded. Runs inside the caller's transaction; every searchable row gets its search_outbox row here too.
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq, inArray } from "drizzle-orm";
import { checkEligibility } from "../../src/domain/honours.ts";
import type { AdminLabel } from "../../src/domain/honours.ts";
import { WorkingCalendar } from "../../src/domain/calendar.ts";
import type { CalendarYear } from "../../src/domain/calendar.ts";
import { shanghaiAt, shanghaiDate } from "../../src/domain/time.ts";
import { ACCESS_CODE_ALPHABET, ACCESS_CODE_LENGTH, formatTrackingNumber } from "../../src/domain/tracking.ts";
import { hashAccessCode } from "../../src/server/codes.ts";
import type { Tx } from "../../src/server/db.ts";
import {
  calendarDays,
  calendarYears,
  caseEvents,
  caseSequences,
  cases,
  designationEvents,
  designations,
  noticeRegions,
  noticeRevisions,
  notices,
  publicityEntries,
  publicityLists,
  rectifications,
  regions,
  responsibilities,
  searchOutbox,
} from "../schema.ts";
import { buildDemoPlan, PLACES } from "./content/demo.ts";
import type { DemoPlan } from "./content/demo.ts";
import { demoNotices, SOURCE_NOTICES } from "./content/notices.ts";
import type { NoticeSeed } from "./content/notices.ts";
import { RESPONSIBILITIES, RESPONSIBILITY_SOURCE } from "./content/responsibilities.ts";

export interface SeedDemoResult {
  notices: number;
  publicity: number;
  entries: number;
  designations: number;
  cases: number;
  responsibilities: number;
  /** Plain access codes, shown once by the start command; only their hashes are stored. */
  demoCases: { trackingNumber: string; accessCode: string; state: string }[];
}

export async function seedDemo(tx: Tx, opts: { now: Date; contentDir?: string | URL }): Promise<SeedDemoResult> {
  const { now } = opts;
  const contentDir = opts.contentDir ?? new URL("./content/notices/", import.meta.url);
  const cal = await loadWorkingCalendar(tx);
  const plan = buildDemoPlan(now, cal);
  const noticeSeeds = [...SOURCE_NOTICES, ...demoNotices(plan)];
  await checkRegions(tx, plan, noticeSeeds);

  // Notices 通知公告 — published, revision 1, with their regions.
  const noticeIds = new Map<string, number>();
  for (const n of noticeSeeds) {
    const body = n.body ?? readNoticeFile(contentDir, n.file);
    const publishedAt = n.publishedAt ?? shanghaiAt(n.issuedOn, "09:00");
    const [row] = await tx
      .insert(notices)
      .values({
        slug: n.slug,
        docNumber: n.docNumber,
        title: n.title,
        type: n.type,
        issuer: n.issuer,
        issuedOn: n.issuedOn,
        summary: n.summary,
        body,
        status: "published",
        revision: 1,
        publishedAt,
        updatedAt: publishedAt,
        isDemo: n.isDemo,
      })
      .returning({ id: notices.id });
    if (!row) throw new Error(`写入通知公告 ${n.slug} 失败`);
    noticeIds.set(n.slug, row.id);
    await tx.insert(noticeRevisions).values({
      noticeId: row.id,
      revision: 1,
      title: n.title,
      docNumber: n.docNumber,
      body,
      changeNote: "首次发布",
      revisedAt: publishedAt,
    });
    if (n.relatedRegions.length > 0) {
      await tx.insert(noticeRegions).values(n.relatedRegions.map((regionCode) => ({ noticeId: row.id, regionCode })));
    }
    await tx.insert(searchOutbox).values({ indexName: "notices", docId: String(row.id), op: "upsert", createdAt: now, nextAttemptAt: now });
  }
  const noticeId = (slug: string | null): number | null => {
    if (slug === null) return null;
    const id = noticeIds.get(slug);
    if (id === undefined) throw new Error(`示例数据引用了不存在的通知公告 ${slug}`);
    return id;
  };

  // Publicity 社会公示 and its entries.
  const publicityIds = new Map<string, number>();
  const entryIds = new Map<string, number>();
  let entryCount = 0;
  for (const p of plan.publicity) {
    const [row] = await tx
      .insert(publicityLists)
      .values({
        title: p.title,
        docNumber: p.docNumber,
        noticeId: noticeId(p.noticeSlug),
        honours: p.honours,
        opensAt: p.opensAt,
        closesAt: p.closesAt,
        cutoffTime: p.cutoffTime,
        letterDating: p.letterDating,
        contactPhone: p.contactPhone,
        contactEmail: p.contactEmail,
        contactAddress: p.contactAddress,
        description: p.description,
        publishedAt: p.publishedAt,
        isDemo: true,
      })
      .returning({ id: publicityLists.id });
    if (!row) throw new Error(`写入公示 ${p.title} 失败`);
    publicityIds.set(p.key, row.id);
    const inserted = await tx
      .insert(publicityEntries)
      .values(p.entries.map((e) => ({ publicityId: row.id, ...e })))
      .returning({ id: publicityEntries.id, regionCode: publicityEntries.regionCode, honour: publicityEntries.honour });
    for (const e of inserted) entryIds.set(`${p.key}/${e.regionCode}/${e.honour}`, e.id);
    entryCount += inserted.length;
    await tx.insert(searchOutbox).values({ indexName: "publicity", docId: String(row.id), op: "upsert", createdAt: now, nextAttemptAt: now });
  }

  // Designations 命名与创建进程 with their history.
  for (const d of plan.designations) {
    const [row] = await tx
      .insert(designations)
      .values({
        regionCode: d.regionCode,
        honour: d.honour,
        status: d.status,
        namedOn: d.namedOn,
        lastReviewedOn: d.lastReviewedOn,
        nextReviewDue: d.nextReviewDue,
        updatedAt: d.updatedAt,
        isDemo: true,
      })
      .returning({ id: designations.id });
    if (!row) throw new Error(`写入命名记录 ${d.regionCode}/${d.honour} 失败`);
    await tx.insert(designationEvents).values(
      d.events.map((e) => ({
        designationId: row.id,
        kind: e.kind,
        occurredOn: e.on,
        title: e.title,
        description: e.description,
        noticeId: noticeId(e.noticeSlug),
        publicityId: e.publicityKey ? (publicityIds.get(e.publicityKey) ?? null) : null,
      })),
    );
    await tx.insert(searchOutbox).values({ indexName: "towns", docId: String(row.id), op: "upsert", createdAt: now, nextAttemptAt: now });
  }

  // Cases 受理件, in order of receipt so that the daily sequence follows time.
  const ordered = [...plan.cases].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const days = [...new Set(ordered.map((c) => shanghaiDate(c.receivedAt)))];
  const sequences = new Map<string, number>();
  if (days.length > 0) {
    for (const s of await tx.select().from(caseSequences).where(inArray(caseSequences.day, days))) sequences.set(s.day, s.lastSeq);
  }
  const caseIds = new Map<string, number>();
  const demoCases: SeedDemoResult["demoCases"] = [];
  for (const c of ordered) {
    const day = shanghaiDate(c.receivedAt);
    const seq = (sequences.get(day) ?? 0) + 1;
    sequences.set(day, seq);
    const trackingNumber = formatTrackingNumber(c.receivedAt, seq);
    const accessCode = randomAccessCode();
    let publicityEntryId: number | null = null;
    if (c.entry) {
      const id = entryIds.get(`${c.entry.publicityKey}/${c.entry.regionCode}/${c.entry.honour}`);
      if (id === undefined) throw new Error(`示例异议 ${c.key} 对应的公示对象不存在`);
      publicityEntryId = id;
    }
    const [row] = await tx
      .insert(cases)
      .values({
        trackingNumber,
        accessCodeHash: hashAccessCode(accessCode),
        kind: c.kind,
        source: c.source,
        category: c.category,
        state: c.state,
        title: c.title,
        description: c.description,
        regionCode: c.regionCode,
        publicityEntryId,
        leadUrl: c.leadUrl,
        submitterName: c.submitterName,
        submitterPhone: c.submitterPhone,
        submitterEmail: c.submitterEmail,
        consentContact: c.consentContact,
        consentPublish: c.consentPublish,
        assignedUnitId: c.assignedUnitId,
        routing: c.routing,
        finding: c.finding,
        publicReply: c.publicReply,
        stage: c.stage,
        deadlineAt: c.deadlineAt,
        deadlineProvisional: c.deadlineProvisional,
        extended: c.extended,
        rating: c.rating,
        receivedAt: c.receivedAt,
        closedAt: c.closedAt,
        updatedAt: c.updatedAt,
        isDemo: true,
      })
      .returning({ id: cases.id });
    if (!row) throw new Error(`写入示例受理件 ${c.key} 失败`);
    caseIds.set(c.key, row.id);
    await tx.insert(caseEvents).values(c.events.map((e) => ({ caseId: row.id, ...e })));
    demoCases.push({ trackingNumber, accessCode, state: c.state });
  }
  for (const c of ordered) {
    if (!c.mergedIntoKey) continue;
    const id = caseIds.get(c.key);
    const into = caseIds.get(c.mergedIntoKey);
    if (id === undefined || into === undefined) throw new Error(`示例受理件 ${c.key} 的合并目标不存在`);
    await tx.update(cases).set({ mergedIntoId: into }).where(eq(cases.id, id));
  }
  for (const [day, lastSeq] of sequences) {
    await tx
      .insert(caseSequences)
      .values({ day, lastSeq })
      .onConflictDoUpdate({ target: caseSequences.day, set: { lastSeq } });
  }

  // Rectification publicity 整改公示.
  if (plan.rectifications.length > 0) {
    await tx.insert(rectifications).values(
      plan.rectifications.map((r) => ({
        regionCode: r.regionCode,
        caseId: r.caseKey ? (caseIds.get(r.caseKey) ?? null) : null,
        problem: r.problem,
        status: r.status,
        dueOn: r.dueOn,
        doneOn: r.doneOn,
        publishedAt: r.publishedAt,
        isDemo: true,
      })),
    );
  }

  // Responsibility list 任务分解 (real data of seed 004, not demo).
  const responsibilityNotice = noticeId("ordos-patriotic-health-task-breakdown");
  await tx
    .insert(responsibilities)
    .values(RESPONSIBILITIES.map((r) => ({ ...r, source: RESPONSIBILITY_SOURCE, noticeId: responsibilityNotice })));

  return {
    notices: noticeSeeds.length,
    publicity: plan.publicity.length,
    entries: entryCount,
    designations: plan.designations.length,
    cases: plan.cases.length,
    responsibilities: RESPONSIBILITIES.length,
    demoCases,
  };
}

function readNoticeFile(dir: string | URL, file: string | null): string {
  if (file === null) throw new Error("通知公告既没有正文也没有正文文件");
  const path = dir instanceof URL ? new URL(file, dir) : join(dir, file);
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`无法读取通知公告正文 ${String(path)}：${(err as Error).message}`);
  }
}

function randomAccessCode(): string {
  let code = "";
  for (let i = 0; i < ACCESS_CODE_LENGTH; i += 1) code += ACCESS_CODE_ALPHABET[randomInt(ACCESS_CODE_ALPHABET.length)];
  return code;
}

async function loadWorkingCalendar(tx: Tx): Promise<WorkingCalendar> {
  const years = await tx.select().from(calendarYears);
  const days = await tx.select().from(calendarDays);
  const list: CalendarYear[] = years.map((y) => ({
    year: y.year,
    provisional: y.provisional,
    exceptions: days.filter((d) => d.year === y.year).map((d) => ({ date: d.date, kind: d.kind, name: d.name })),
  }));
  return new WorkingCalendar(list);
}

/** Every region the demo names must exist under the same name, and every honour must fit the region's label. */
async function checkRegions(tx: Tx, plan: DemoPlan, noticeSeeds: NoticeSeed[]): Promise<void> {
  const codes = new Set<string>([...PLACES.keys()]);
  for (const n of noticeSeeds) for (const c of n.relatedRegions) codes.add(c);
  const rows = await tx
    .select({ code: regions.code, name: regions.name, label: regions.label })
    .from(regions)
    .where(inArray(regions.code, [...codes]));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const problems: string[] = [];
  for (const code of codes) {
    const row = byCode.get(code);
    const expected = PLACES.get(code);
    if (!row) problems.push(`地区 ${code}${expected ? `（${expected}）` : ""} 不在行政区划表中`);
    else if (expected !== undefined && row.name !== expected) problems.push(`地区 ${code} 的名称为“${row.name}”，示例数据写的是“${expected}”`);
  }
  const honoured = [
    ...plan.publicity.flatMap((p) => p.entries.map((e) => ({ code: e.regionCode, honour: e.honour }))),
    ...plan.designations.map((d) => ({ code: d.regionCode, honour: d.honour })),
  ];
  for (const { code, honour } of honoured) {
    const row = byCode.get(code);
    if (!row) continue;
    const result = checkEligibility(honour, row.label as AdminLabel | null);
    if (!result.ok) problems.push(`${row.name}（${code}）：${result.reason}`);
  }
  if (problems.length > 0) {
    throw new Error(`示例数据与行政区划表不一致（请先载入行政区划）：\n${problems.join("\n")}`);
  }
}
