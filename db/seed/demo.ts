// Demo seed 示例数据: the five real notices, the responsibility list of seed 004, and an invented dataset (publicity
// lists, designations, cases) relative to `now`. Precondition: regions, units, the working calendar and the staff
// accounts are loaded. Runs inside the caller's transaction.
//
// The plan (./content/demo.ts) is data only. It is replayed here, in time order, through the services the back office
// and /report use — submitReport, performAction, the clock and feedback services, the publicity and designation
// publishing services — each called with the planned instant as its clock. So every state, deadline, routing
// decision, event, audit row and 整改公示 row is what production makes; nothing here decides any of them.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq, gt, inArray, max } from "drizzle-orm";
import type { CaseAction } from "../../src/domain/cases.ts";
import type { WorkingCalendar } from "../../src/domain/calendar.ts";
import { workingDeadline } from "../../src/domain/deadlines.ts";
import { addCalendarDays, shanghaiAt, shanghaiDate, shanghaiTime } from "../../src/domain/time.ts";
import { performAction, type ActionResult, type StaffActor } from "../../src/server/cases/actions.ts";
import { decideExtension, pauseClock, requestExtension, resumeClock } from "../../src/server/cases/clock.ts";
import { decideReexamination, rateCase, requestReexamination, type FeedbackResult } from "../../src/server/cases/feedback.ts";
import { generatePassword, hashPassword } from "../../src/server/auth/passwords.ts";
import { loadCalendar } from "../../src/server/calendar.ts";
import type { Tx } from "../../src/server/db.ts";
import { recordOffline } from "../../src/server/intake/offline.ts";
import { submitReport } from "../../src/server/intake/submit.ts";
import { recordDesignationEvent } from "../../src/server/publish/designations.ts";
import { addEntry, createList, publishList, recordOutcome } from "../../src/server/publish/publicity.ts";
import { markdownParagraphs, textPdf } from "../../src/server/publish/text-pdf.ts";
import { addAttachment, attachmentsDir } from "../../src/server/notice-attachments.ts";
import type { PublishResult } from "../../src/server/publish/common.ts";
import { OFFICE_UNIT_ID } from "../../src/server/regions.ts";
import { newUserId } from "../../src/server/staff.ts";
import {
  alertQueue,
  cases,
  citizenMessages,
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
  staffUsers,
  units,
} from "../schema.ts";
import { buildDemoPlan, PLACES } from "./content/demo.ts";
import type { DemoCaseScript, DemoPlan, DemoStep, StepTime } from "./content/demo.ts";
import { demoNotices, SOURCE_NOTICES } from "./content/notices.ts";
import type { NoticeSeed } from "./content/notices.ts";
import { RESPONSIBILITIES, RESPONSIBILITY_SOURCE } from "./content/responsibilities.ts";
import { seedMonitoring } from "./monitoring.ts";

export interface SeedDemoResult {
  notices: number;
  publicity: number;
  entries: number;
  designations: number;
  cases: number;
  responsibilities: number;
  monitorItems: number;
  /**
   * In order of receipt, with plain access codes shown once by the start command (only their hashes are stored) and
   * the script's key, by which a test can find the seeded case it needs instead of building one by hand.
   */
  demoCases: { key: string; trackingNumber: string; accessCode: string; state: string }[];
}

/** Where the filer's ip would be: the services' per-address limits see the seed as one quiet client. */
const SEED_IP = "seed";

/** One thing that happened, at its instant; all of them run in time order. */
interface Op {
  at: Date;
  what: string;
  run: () => Promise<void>;
}

/** Places whose English name the office has settled (issue 18): the demo shows one beside the romanised others. */
const OFFICIAL_ENGLISH_NAMES: [code: string, nameEn: string][] = [["150621", "Dalad Banner"]];

export async function seedDemo(tx: Tx, opts: { now: Date; contentDir?: string | URL; evidenceDir?: string; attachmentsDir?: string }): Promise<SeedDemoResult> {
  const { now } = opts;
  const contentDir = opts.contentDir ?? new URL("./content/notices/", import.meta.url);
  // The demo files no evidence, so submitReport never writes here.
  const evidenceDir = opts.evidenceDir ?? join(tmpdir(), "health-towns-demo-evidence");
  const plan = buildDemoPlan(now);
  const noticeSeeds = [...SOURCE_NOTICES, ...demoNotices(plan)];
  await checkRegions(tx, plan, noticeSeeds);
  // Official English names 官方英文名称 entered by staff in /admin/names; every other place is romanised from pinyin.
  for (const [code, nameEn] of OFFICIAL_ENGLISH_NAMES) await tx.update(regions).set({ nameEn }).where(eq(regions.code, code));
  const [{ lastAlert } = { lastAlert: null }] = await tx.select({ lastAlert: max(alertQueue.id) }).from(alertQueue);

  // Notices 通知公告 — historic documents with fixed addresses (slugs) that other rows and links name: inserted as
  // published, revision 1, with their regions.
  const noticeIds = new Map<string, number>();
  const actors = new Actors(tx);
  const office = await actors.office();
  const ops: Op[] = [];
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
        // A notice with an attachment is a draft until the attachment is added through the staff service, so that
        // it is published whole at revision 1, as an officer would do it.
        status: n.attachment ? "draft" : "published",
        revision: 1,
        publishedAt,
        updatedAt: publishedAt,
        isDemo: n.isDemo,
      })
      .returning({ id: notices.id });
    if (!row) throw new Error(`写入通知公告 ${n.slug} 失败`);
    noticeIds.set(n.slug, row.id);
    await tx.insert(noticeRevisions).values({ noticeId: row.id, revision: 1, title: n.title, docNumber: n.docNumber, body, changeNote: "首次发布", revisedAt: publishedAt });
    if (n.relatedRegions.length > 0) {
      await tx.insert(noticeRegions).values(n.relatedRegions.map((regionCode) => ({ noticeId: row.id, regionCode })));
    }
    await tx.insert(searchOutbox).values({ indexName: "notices", docId: String(row.id), op: "upsert", createdAt: now, nextAttemptAt: now });
    const attachment = n.attachment;
    if (attachment) {
      const at = body.indexOf(attachment.fromHeading);
      if (at < 0) throw new Error(`通知公告 ${n.slug} 中没有“${attachment.fromHeading}”`);
      const bytes = textPdf(markdownParagraphs(body.slice(at)));
      ops.push({
        at: publishedAt,
        what: `附件 ${attachment.filename}`,
        run: async () => {
          ok(await addAttachment(tx, office, row.id, { name: attachment.filename, bytes }, {}, publishedAt, opts.attachmentsDir ?? attachmentsDir()), `附件 ${attachment.filename}`);
          await tx.update(notices).set({ status: "published" }).where(eq(notices.id, row.id));
        },
      });
    }
  }
  const noticeId = (slug: string | null): number | null => {
    if (slug === null) return null;
    const id = noticeIds.get(slug);
    if (id === undefined) throw new Error(`示例数据引用了不存在的通知公告 ${slug}`);
    return id;
  };


  // Publicity 社会公示: drafted, filled and published at its opening; outcomes recorded after it closed.
  const publicityIds = new Map<string, number>();
  for (const p of plan.publicity) {
    ops.push({
      at: p.opensAt,
      what: `公示 ${p.title}`,
      run: async () => {
        const created = ok(
          await createList(
            tx,
            office,
            {
              title: p.title,
              docNumber: p.docNumber,
              honours: p.honours,
              opensOn: shanghaiDate(p.opensAt),
              opensTime: shanghaiTime(p.opensAt),
              closesOn: shanghaiDate(p.closesAt),
              closesTime: shanghaiTime(p.closesAt),
              contactPhone: p.contactPhone,
              contactEmail: p.contactEmail,
              contactAddress: p.contactAddress,
              description: p.description,
            },
            p.opensAt,
          ),
          `公示 ${p.title}`,
        );
        publicityIds.set(p.key, created.id);
        for (const e of p.entries) ok(await addEntry(tx, office, created.id, { regionCode: e.regionCode, honour: e.honour }, p.opensAt), `公示对象 ${e.regionCode}`);
        ok(await publishList(tx, office, created.id, p.opensAt), `发布公示 ${p.title}`);
        // What the back-office form does not ask: how letters are dated, the notice it belongs to, the demo mark.
        await tx.update(publicityLists).set({ letterDating: p.letterDating, noticeId: noticeId(p.noticeSlug), isDemo: true }).where(eq(publicityLists.id, created.id));
      },
    });
    if (p.outcomesOn) {
      const at = shanghaiAt(p.outcomesOn, "09:00");
      ops.push({
        at,
        what: `公示结果 ${p.title}`,
        run: async () => {
          const listId = publicityIds.get(p.key)!;
          for (const e of p.entries) {
            if (!e.outcome) continue;
            const entryId = await entryIdOf(tx, listId, e.regionCode, e.honour);
            ok(await recordOutcome(tx, office, listId, { entryId, outcome: e.outcome, outcomeNote: e.outcomeNote ?? "" }, at), `公示结果 ${e.regionCode}`);
          }
        },
      });
    }
  }

  // Designations 命名与创建进程: each history event recorded on its day, so the status is the domain's.
  for (const d of plan.designations) {
    for (const e of d.events) {
      const at = shanghaiAt(e.on, "09:00");
      ops.push({
        at,
        what: `命名记录 ${d.regionCode}/${d.honour} ${e.kind}`,
        run: async () => {
          ok(await recordDesignationEvent(tx, office, { regionCode: d.regionCode, honour: d.honour, kind: e.kind, occurredOn: e.on, title: e.title, description: e.description }, at), `命名记录 ${d.regionCode}/${d.honour} ${e.kind} ${e.on}`);
          if (e.noticeSlug || e.publicityKey) {
            // The back-office form records no links; the history names the notice or list the event came with.
            const [row] = await tx
              .select({ id: designationEvents.id })
              .from(designationEvents)
              .innerJoin(designations, eq(designations.id, designationEvents.designationId))
              .where(and(eq(designations.regionCode, d.regionCode), eq(designations.honour, d.honour), eq(designationEvents.kind, e.kind), eq(designationEvents.occurredOn, e.on)))
              .orderBy(asc(designationEvents.id))
              .limit(1);
            await tx
              .update(designationEvents)
              .set({ noticeId: noticeId(e.noticeSlug), publicityId: e.publicityKey ? (publicityIds.get(e.publicityKey) ?? null) : null })
              .where(eq(designationEvents.id, row!.id));
          }
        },
      });
    }
  }

  // Cases 受理件: filed through /report's service and handled through the back office's.
  const cal = await loadCalendar(tx);
  const filed = new Map<string, { key: string; id: number; trackingNumber: string; accessCode: string; receivedAt: Date }>();
  for (const script of plan.cases) {
    const list = plan.publicity.find((p) => p.key === (script.list ?? "open"))!;
    const times = schedule(script, now, list.opensAt, cal);
    const [receivedAt, ...stepTimes] = times;
    ops.push({ at: receivedAt!, what: `受理件 ${script.key} 提交`, run: () => fileCase(script, receivedAt!) });
    script.steps.forEach((step, i) => {
      ops.push({ at: stepTimes[i]!, what: `受理件 ${script.key} ${step.do}`, run: () => takeStep(script.key, step, stepTimes[i]!) });
    });
  }

  async function fileCase(script: DemoCaseScript, at: Date) {
    const r = script.report;
    const publicityEntryId = r.entry ? await entryIdOf(tx, publicityIds.get(script.list ?? "open")!, r.entry.regionCode, r.entry.honour) : undefined;
    const fields = {
      kind: r.kind,
      category: r.category,
      regionCode: r.regionCode,
      publicityEntryId,
      leadUrl: r.leadUrl,
      description: r.description,
      name: r.name,
      phone: r.phone,
      email: r.email,
      consentContact: r.consentContact,
      consentPublish: r.consentPublish,
    };
    let receipt: { caseId: number; trackingNumber: string; accessCode: string };
    if (script.source === "hotline" || script.source === "letter") {
      // A call or letter: the office types it in on /admin/cases/new as it arrives, through the same service.
      const form = Object.fromEntries(Object.entries(fields).flatMap(([k, v]) => (v === undefined || v === false ? [] : [[k, v === true ? "on" : String(v)]])));
      const outcome = await recordOffline(tx, {
        actor: office,
        fields: { ...form, channel: script.source, receivedDate: shanghaiDate(at), receivedTime: shanghaiTime(at) },
        files: [],
        now: at,
        evidenceDir,
      });
      if (outcome.status !== "created") throw new Error(`示例受理件 ${script.key} 登记失败：${JSON.stringify(outcome)}`);
      receipt = outcome.receipt;
    } else {
      const outcome = await submitReport({ fields, files: [] }, { db: tx, evidenceDir, now: at });
      if (outcome.status !== "created") throw new Error(`示例受理件 ${script.key} 提交失败：${JSON.stringify(outcome)}`);
      receipt = outcome.receipt;
    }
    const { caseId, trackingNumber, accessCode } = receipt;
    filed.set(script.key, { key: script.key, id: caseId, trackingNumber, accessCode, receivedAt: at });
    // A transfer or a monitoring find has no intake channel of its own: staff file it as the web's, and the case says
    // where it came from.
    const marked = script.source === "national_transfer" || script.source === "media_monitoring";
    await tx.update(cases).set({ isDemo: true, ...(marked ? { source: script.source } : {}) }).where(eq(cases.id, caseId));
  }

  async function takeStep(key: string, step: DemoStep, at: Date) {
    const c = filed.get(key)!;
    const [row] = await tx.select({ version: cases.version, assignedUnitId: cases.assignedUnitId, routing: cases.routing }).from(cases).where(eq(cases.id, c.id));
    const base = { caseId: c.id, version: row!.version, now: at };
    // Handler steps are the holding unit's (the office's when it handles the case itself); the rest the office's.
    const holder = () => (row!.assignedUnitId && row!.assignedUnitId !== OFFICE_UNIT_ID ? actors.handler(row!.assignedUnitId) : Promise.resolve(office));
    const notes = "publicNote" in step || "internalNote" in step ? { publicNote: step.publicNote, internalNote: step.internalNote } : {};
    const act = async (action: CaseAction, actor: StaffActor = office) => performAction(tx, { ...base, actor, action: { ...notes, ...action } as CaseAction });
    const proof = { trackingNumber: c.trackingNumber, accessCode: c.accessCode, ip: SEED_IP };
    let result: ActionResult | FeedbackResult;
    switch (step.do) {
      case "accept":
      case "handle_self":
      case "close":
      case "accept_rectification":
        result = await act({ type: step.do });
        break;
      case "refuse":
      case "return_findings":
      case "reject_rectification":
        result = await act({ type: step.do, reason: step.reason });
        break;
      case "return_to_office":
        result = await act({ type: step.do, reason: step.reason }, await holder());
        break;
      case "assign": {
        // The unit the back office proposes is the routing decision's.
        const unitId = step.unitId ?? row!.routing?.unitId;
        if (!unitId) throw new Error(`示例受理件 ${key} 没有分办建议，交办须写明单位`);
        result = await act({ type: "assign", unitId });
        break;
      }
      case "start":
        result = await act({ type: "start" }, await holder());
        break;
      case "submit_findings":
        result = await act({ type: "submit_findings", finding: step.finding, summary: step.summary }, await holder());
        break;
      case "report_rectification":
        result = await act({ type: "report_rectification", summary: step.summary }, await holder());
        break;
      case "conclude":
        result = await act({ type: "conclude", finding: step.finding, publicReply: step.publicReply });
        break;
      case "order_rectification":
        result = await act({ type: "order_rectification", problem: step.problem, ...(step.workingDays ? { workingDays: step.workingDays } : {}) });
        break;
      case "merge": {
        const into = filed.get(step.intoKey);
        if (!into) throw new Error(`示例受理件 ${key} 的合并目标 ${step.intoKey} 尚未提交`);
        result = await act({ type: "merge", intoCaseId: into.trackingNumber });
        break;
      }
      case "pause":
        result = await pauseClock(tx, { ...base, actor: office, question: step.question });
        break;
      case "resume":
        result = await resumeClock(tx, { ...base, actor: office, answer: step.answer });
        break;
      case "request_extension":
        result = await requestExtension(tx, { ...base, actor: await holder(), workingDays: step.workingDays, reason: step.reason });
        break;
      case "decide_extension":
        result = await decideExtension(tx, { ...base, actor: office, approve: step.approve, note: step.note });
        break;
      case "rate":
        result = await rateCase(tx, { ...proof, rating: step.rating }, at);
        break;
      case "request_reexamination":
        result = await requestReexamination(tx, { ...proof, reason: step.reason }, at);
        break;
      case "decide_reexamination":
        result = await decideReexamination(tx, { ...base, actor: office, reopen: step.reopen, reply: step.reply });
        break;
    }
    if (!result.ok) throw new Error(`示例受理件 ${key}：“${step.do}”（${at.toISOString()}）被拒绝：${result.reason}`);
  }

  // Everything in the order it happened; a step planned after `now` has not happened yet.
  ops.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const op of ops) {
    if (op.at.getTime() > now.getTime()) continue;
    await op.run();
  }

  // The marks the services do not set, on what they made for the demo.
  const caseIds = [...filed.values()].map((c) => c.id);
  if (caseIds.length > 0) {
    await tx.update(rectifications).set({ isDemo: true }).where(inArray(rectifications.caseId, caseIds));
    // The demo's filers are invented: nobody is to be mailed or texted about them.
    await tx.delete(citizenMessages).where(inArray(citizenMessages.caseId, caseIds));
  }
  await tx.update(designations).set({ isDemo: true });
  // Past events are not news: no subscriber gets a mail about the demo's history.
  await tx.update(alertQueue).set({ doneAt: now }).where(lastAlert === null ? undefined : gt(alertQueue.id, lastAlert));

  // Rectifications ordered by a circular, outside any case: a historic record with no service behind it.
  if (plan.rectifications.length > 0) {
    await tx.insert(rectifications).values(plan.rectifications.map((r) => ({ ...r, caseId: null, isDemo: true })));
  }

  // Responsibility list 任务分解 (real data of seed 004, not demo).
  const responsibilityNotice = noticeId("ordos-patriotic-health-task-breakdown");
  await tx.insert(responsibilities).values(RESPONSIBILITIES.map((r) => ({ ...r, source: RESPONSIBILITY_SOURCE, noticeId: responsibilityNotice })));

  // Articles in the monitoring queue 舆情监测, as staff would have pasted them.
  const monitorItemCount = await seedMonitoring(tx, now);

  const states = caseIds.length ? await tx.select({ id: cases.id, state: cases.state }).from(cases).where(inArray(cases.id, caseIds)) : [];
  const stateOf = new Map(states.map((s) => [s.id, s.state]));
  const demoCases = [...filed.values()]
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
    .map((c) => ({ key: c.key, trackingNumber: c.trackingNumber, accessCode: c.accessCode, state: stateOf.get(c.id) ?? "submitted" }));
  const entries = publicityIds.size
    ? (await tx.select({ id: publicityEntries.id }).from(publicityEntries).where(inArray(publicityEntries.publicityId, [...publicityIds.values()]))).length
    : 0;

  return {
    notices: noticeSeeds.length,
    publicity: publicityIds.size,
    entries,
    designations: plan.designations.length,
    cases: filed.size,
    responsibilities: RESPONSIBILITIES.length,
    monitorItems: monitorItemCount,
    demoCases,
  };
}

/** A service's refusal stops the seed with its reason: the plan asked for something production would not do. */
function ok<T extends PublishResult<object>>(result: T, what: string): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`示例数据“${what}”被拒绝：${result.reason}${result.errors ? ` ${JSON.stringify(result.errors)}` : ""}`);
  return result as Extract<T, { ok: true }>;
}

async function entryIdOf(tx: Tx, listId: number, regionCode: string, honour: string): Promise<number> {
  const [row] = await tx
    .select({ id: publicityEntries.id })
    .from(publicityEntries)
    .where(and(eq(publicityEntries.publicityId, listId), eq(publicityEntries.regionCode, regionCode), eq(publicityEntries.honour, honour)))
    .limit(1);
  if (!row) throw new Error(`示例数据引用的公示对象 ${regionCode}/${honour} 不在公示 ${listId} 中`);
  return row.id;
}

/**
 * The staff who act in the demo: the seeded office account, and for each unit that handles a demo case a handler of
 * that unit — the seeded handler account for its own unit, otherwise a demo account created disabled (it exists so
 * that the timeline and audit log name a person of the right unit, and nobody can sign in with it).
 */
class Actors {
  private readonly handlers = new Map<string, StaffActor>();
  private readonly tx: Tx;
  constructor(tx: Tx) {
    this.tx = tx;
  }

  async office(): Promise<StaffActor> {
    const [u] = await this.tx.select().from(staffUsers).where(and(eq(staffUsers.role, "officer"), eq(staffUsers.disabled, false))).orderBy(asc(staffUsers.createdAt)).limit(1);
    if (!u) throw new Error("示例数据需要一个自治区爱卫办工作人员账号（请先创建工作人员账号）");
    return { userId: u.id, role: "officer", unitId: u.unitId, displayName: u.displayName };
  }

  async handler(unitId: string): Promise<StaffActor> {
    const known = this.handlers.get(unitId);
    if (known) return known;
    const [u] = await this.tx.select().from(staffUsers).where(and(eq(staffUsers.role, "handler"), eq(staffUsers.unitId, unitId))).orderBy(asc(staffUsers.createdAt)).limit(1);
    let actor: StaffActor;
    if (u) {
      actor = { userId: u.id, role: "handler", unitId, displayName: u.displayName };
    } else {
      const [unit] = await this.tx.select({ name: units.name }).from(units).where(eq(units.id, unitId));
      if (!unit) throw new Error(`示例数据引用了不存在的办理单位 ${unitId}`);
      const id = newUserId();
      const displayName = `${unit.name}经办人（示例）`;
      await this.tx.insert(staffUsers).values({
        id,
        username: `demo-${unitId}-${randomBytes(2).toString("hex")}`,
        displayName,
        role: "handler",
        unitId,
        passwordHash: await hashPassword(generatePassword()),
        disabled: true,
      });
      actor = { userId: id, role: "handler", unitId, displayName };
    }
    this.handlers.set(unitId, actor);
    return actor;
  }
}

/**
 * The instants of a case: when it arrived, then each step. "N working days later" is when the demo's staff are next
 * at work, read from the calendar; it is not a deadline. A script whose steps would run past `now` (a long holiday
 * in between) arrives a day earlier until it fits, so each case ends in the state its script describes.
 */
function schedule(script: DemoCaseScript, now: Date, opensAt: Date, cal: WorkingCalendar): Date[] {
  const today = shanghaiDate(now);
  const absolute = (t: StepTime): Date | null =>
    "hoursAfterOpening" in t ? new Date(opensAt.getTime() + t.hoursAfterOpening * 3_600_000) : "hoursAgo" in t ? new Date(now.getTime() - t.hoursAgo * 3_600_000) : null;
  const received = script.received;
  for (let shift = 0; shift <= 30; shift += 1) {
    const start = absolute(received as StepTime) ?? shanghaiAt(addCalendarDays(today, (received as { day: number }).day - shift), (received as { time: string }).time);
    const times = [start];
    let prev = start;
    for (const step of script.steps) {
      let at = absolute(step.at);
      if (!at) {
        const t = step.at as { after?: number; time: string };
        at = shanghaiAt(t.after ? workingDeadline(prev, t.after, cal).dueDate : shanghaiDate(prev), t.time);
        if (at.getTime() <= prev.getTime()) at = new Date(prev.getTime() + 45 * 60_000);
      }
      times.push(at);
      prev = at;
    }
    if (prev.getTime() <= now.getTime() - 15 * 60_000 || !("day" in received)) return times;
  }
  throw new Error(`示例受理件 ${script.key} 的办理时间线无法排在当前时间之前`);
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

/** Every region the demo names must exist under the same name (the services check each honour's eligibility). */
async function checkRegions(tx: Tx, plan: DemoPlan, noticeSeeds: NoticeSeed[]): Promise<void> {
  const codes = new Set<string>([...PLACES.keys()]);
  for (const n of noticeSeeds) for (const c of n.relatedRegions) codes.add(c);
  const rows = await tx.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, [...codes]));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const problems: string[] = [];
  for (const code of codes) {
    const row = byCode.get(code);
    const expected = PLACES.get(code);
    if (!row) problems.push(`地区 ${code}${expected ? `（${expected}）` : ""} 不在行政区划表中`);
    else if (expected !== undefined && row.name !== expected) problems.push(`地区 ${code} 的名称为“${row.name}”，示例数据写的是“${expected}”`);
  }
  for (const c of plan.cases) {
    const code = c.report.regionCode ?? c.report.entry?.regionCode;
    if (code && !PLACES.has(code)) problems.push(`示例受理件 ${c.key} 的地区 ${code} 未登记`);
  }
  if (problems.length > 0) {
    throw new Error(`示例数据与行政区划表不一致（请先载入行政区划）：\n${problems.join("\n")}`);
  }
}
