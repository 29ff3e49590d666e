// Case intake 受理件提交: one transaction creates the case, its evidence rows and its first event; the answer is
// given only after the commit and after the evidence files are durably on disk (DESIGN.md §4).
import { createHash, createHmac, randomBytes } from "node:crypto";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { caseEvents, caseEvidence, cases, caseSequences, publicityEntries, publicityLists, regions, submissionKeys, throttles } from "../../../db/schema.ts";
import { advanceClock, clockState, NO_CLOCK, stageOutcome } from "../../domain/clock.ts";
import type { Deadline } from "../../domain/deadlines.ts";
import { objectionAllowed, type PublicityWindow } from "../../domain/publicity.ts";
import { contentKey, parseReport, reportTitle, type FieldErrors, type Report } from "../../domain/report.ts";
import { route } from "../../domain/routing.ts";
import { CHANNEL_LABELS, letterObjectionCheck, receivedNote, type CaseSource } from "../../domain/channels.ts";
import { formatShanghai, shanghaiDate, type DateString } from "../../domain/time.ts";
import { formatTrackingNumber, generateAccessCode } from "../../domain/tracking.ts";
import { loadCalendar, workingCalendar } from "../calendar.ts";
import { clockChanges, clockPolicy, readClock } from "../cases/clock-store.ts";
import { hashAccessCode } from "../codes.ts";
import type { Db, Tx } from "../db.ts";
import { regionTree } from "../regions.ts";
import { messageContext, queueReceipt } from "../receipts/messages.ts";
import { serverSecret } from "../secrets.ts";
import { describeWait } from "../throttle.ts";
import { checkEvidence, EvidenceError, removeStored, storageKeyFor, writeDurably, type IncomingFile } from "./evidence.ts";
import { routingContextFor } from "./routing-context.ts";

/** A repeat of the same content within this period gets the earlier number instead of a new case. */
export const DUPLICATE_WINDOW_MS = 24 * 3600 * 1000;
/** How long a retry waits for the first attempt with the same key before answering 409. */
const KEY_WAIT_MS = 5000;
/**
 * A claim this old without a commit belongs to an attempt that died (kill -9, a lost connection): the next retry
 * with the key takes it over. Far longer than any real submission (50 MB of evidence written and one transaction).
 */
export const STALE_CLAIM_MS = 2 * 60_000;
/** Idempotency keys: printable ASCII, at most this long (a longer one would not fit the primary-key index). */
export const MAX_KEY_LENGTH = 255;

/** Why a key is refused (a Chinese message for a 400), or null when it can be used. */
export function keyProblem(key: string | null | undefined): string | null {
  if (key === null || key === undefined || key.trim() === "") return null;
  if (key.length > MAX_KEY_LENGTH || !/^[\x20-\x7e]+$/.test(key)) {
    return `提交编号（Idempotency-Key）无效：最多 ${MAX_KEY_LENGTH} 个可打印的英文字符，请刷新页面后重新提交`;
  }
  return null;
}

/** Per-IP limit on accepted reports, counted inside the submission's transaction. */
export interface HourlyLimit {
  ip: string;
  /** Accepted reports allowed in the window. */
  limit: number;
  windowMs?: number;
}

export interface SubmitRequest {
  fields: unknown;
  files: IncomingFile[];
  /** From the form (hidden field) or the Idempotency-Key header. */
  idempotencyKey?: string | null;
  /**
   * The language of the page the report was filed from: the case keeps it, so that its receipt, mails and texts
   * speak it (cases.locale). Chinese when absent (the back office, offline channels, the API).
   */
  locale?: "zh" | "en" | "mn";
}

export interface SubmitDeps {
  db: Db;
  evidenceDir: string;
  now: Date;
  /** When given, only an accepted report counts against it (never a refused or invalid one). */
  hourlyLimit?: HourlyLimit;
  /** A case the office records from an offline channel (src/server/intake/offline.ts); absent for the web. */
  channel?: IntakeChannel;
}

/**
 * Where and when a case arrived, when that is not "on the web, now". The received time is the case's receipt in
 * every rule (publicity window, duplicate window, the case clock); `now` stays the moment it is recorded, which
 * issues the tracking number.
 */
export interface IntakeChannel {
  source: Exclude<CaseSource, "web">;
  receivedAt: Date;
  /**
   * A letter's postmark date: an objection by letter is then in time when the postmark falls on a day of the window
   * (letterInTime), as the publicity lists promise; without one, the received time decides.
   */
  postmarkedOn?: DateString | null;
  /** The staff member recording it, named in the first event's internal note. */
  recordedBy: string;
  /** Runs in the case's transaction once the case exists: the audit row of the recording commits with it. */
  inTransaction?: (tx: Tx, created: { caseId: number; trackingNumber: string }) => Promise<void>;
}

/** Thrown inside the transaction to roll it back with an outcome instead of a case. */
class Rollback extends Error {
  readonly outcome: SubmitOutcome;
  constructor(outcome: SubmitOutcome) {
    super(outcome.status);
    this.outcome = outcome;
  }
}

export interface Receipt {
  caseId: number;
  trackingNumber: string;
  /** Plain text, shown once; only its hash is stored. */
  accessCode: string;
  kind: Report["kind"];
  title: string;
  receivedAt: Date;
  deadline: Deadline;
  evidenceCount: number;
}

export type SubmitOutcome =
  | { status: "created" | "replayed"; receipt: Receipt }
  | { status: "duplicate"; trackingNumber: string; receivedAt: Date }
  | { status: "invalid"; errors: FieldErrors }
  | { status: "objection_refused"; reason: string; window: PublicityWindow; report: Report; regionCode: string }
  | { status: "key_reused"; message: string }
  | { status: "in_progress"; message: string }
  | { status: "throttled"; message: string; retryAfterMs: number };

export function bodyHash(fields: unknown, files: IncomingFile[]): string {
  const h = createHash("sha256").update(JSON.stringify(fields ?? null));
  for (const f of files) h.update("\0").update(f.name).update("\0").update(f.bytes);
  return h.digest("hex");
}

/**
 * The access code for a case created under an idempotency key is derived from the key with a server secret, so a
 * retry whose first answer was lost gets the same code again without the code ever being stored in clear.
 */
async function accessCodeFor(tx: Tx, key: string | null | undefined): Promise<string> {
  if (!key) return generateAccessCode((n) => new Uint8Array(randomBytes(n)));
  const secret = await serverSecret(tx, "access-code");
  let counter = 0;
  return generateAccessCode((n) => {
    const bytes = createHmac("sha512", secret).update(`${key}#${counter++}`).digest();
    return new Uint8Array(bytes).slice(0, n);
  });
}

export async function submitReport(req: SubmitRequest, deps: SubmitDeps): Promise<SubmitOutcome> {
  const { db, now } = deps;
  const received = deps.channel?.receivedAt ?? now;
  const parsed = parseReport(req.fields, shanghaiDate(now));
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors };
  const report = parsed.report;

  const key = req.idempotencyKey?.trim() || null;
  const problem = keyProblem(key);
  if (problem) throw new Error(problem); // callers check keyProblem first and answer 400
  const hash = bodyHash(req.fields, req.files);
  let claimedAt: Date | null = null;
  if (key) {
    const claimed = await claimKey(db, key, hash, now);
    if (!(claimed instanceof Date)) return claimed;
    claimedAt = claimed;
  }
  let stored: string[] = [];
  try {
    const subject = await checkSubject(db, report, received, deps.channel?.postmarkedOn ?? null);
    if ("status" in subject) {
      await releaseKey(db, key, claimedAt);
      return subject;
    }
    const fingerprint = createHash("sha256").update(contentKey(report)).digest("hex");
    // A cheap look before the files are written; the deciding check is repeated under a lock in the transaction.
    const earlier = await earlierCase(db, fingerprint, received);
    if (earlier) {
      await releaseKey(db, key, claimedAt);
      return { status: "duplicate", ...earlier };
    }

    let files;
    try {
      files = await checkEvidence(req.files);
    } catch (err) {
      if (!(err instanceof EvidenceError)) throw err;
      await releaseKey(db, key, claimedAt);
      return { status: "invalid", errors: { evidence: err.message } };
    }
    const keys = files.map((f) => storageKeyFor(now, f.mime));
    stored = keys;
    for (const [i, f] of files.entries()) await writeDurably(deps.evidenceDir, keys[i]!, f.bytes);

    let receipt: Receipt;
    try {
      receipt = await db.transaction(async (tx) => {
        // Identical text sent at the same moment under different keys: the lock on the fingerprint lets one of
        // them in at a time, and each looks for the other's committed case only once it holds the lock.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${fingerprint}, 0))`);
        const again = await earlierCase(tx, fingerprint, received);
        if (again) throw new Rollback({ status: "duplicate", ...again });
        const cal = await loadCalendar(tx);
        const ctx = await routingContextFor(tx, report.regionCode);
        const decision = route({ kind: report.kind, category: report.category, regionCode: report.regionCode }, ctx);
        const clock = advanceClock(NO_CLOCK, { action: "submit", at: received }, { objection: report.kind === "objection", policy: clockPolicy() });
        const deadline = clockState(clock, now, cal).deadline!;
        // Only an accepted report counts against the per-IP limit: the counter row is locked and raised in this
        // transaction, so a refusal later in it (or a crash) leaves it as it was. It comes after the reads above,
        // as late as it can, because its row lock is held until the commit: one address's submissions queue on it.
        if (deps.hourlyLimit) {
          const refused = await countAccepted(tx, deps.hourlyLimit, now);
          if (refused) throw new Rollback(refused);
        }
        const day = shanghaiDate(now);
        // The upsert takes a row lock on the day's counter, so concurrent submissions get consecutive numbers.
        const [seqRow] = await tx
          .insert(caseSequences)
          .values({ day, lastSeq: 1 })
          .onConflictDoUpdate({ target: caseSequences.day, set: { lastSeq: sql`${caseSequences.lastSeq} + 1` } })
          .returning({ lastSeq: caseSequences.lastSeq });
        const trackingNumber = formatTrackingNumber(now, seqRow!.lastSeq);
        const accessCode = await accessCodeFor(tx, key);
        const title = reportTitle(report, subject.name);
        const [row] = await tx
          .insert(cases)
          .values({
            trackingNumber,
            accessCodeHash: hashAccessCode(accessCode),
            kind: report.kind,
            source: deps.channel?.source ?? "web",
            locale: req.locale ?? "zh",
            category: report.category,
            state: "submitted",
            title,
            description: report.description,
            regionCode: subject.regionCode,
            publicityEntryId: report.publicityEntryId,
            leadUrl: report.leadUrl,
            occurredOn: report.occurredOn,
            locationText: report.locationText,
            contentHash: fingerprint,
            submitterName: report.name,
            submitterPhone: report.phone,
            submitterEmail: report.email,
            consentContact: report.consentContact,
            consentPublish: report.consentPublish,
            // The routing decision is a proposal: the office accepts the case and then assigns it (DESIGN.md §4).
            assignedUnitId: null,
            routing: decision,
            ...clockChanges(null, clock, cal),
            receivedAt: received,
            updatedAt: now,
          })
          .returning({ id: cases.id });
        const caseId = row!.id;
        if (files.length > 0) {
          await tx.insert(caseEvidence).values(
            files.map((f, i) => ({ caseId, filename: f.name, mimeType: f.mime, size: f.bytes.byteLength, sha256: f.sha256, storageKey: keys[i]!, createdAt: now })),
          );
        }
        const via = deps.channel ? CHANNEL_LABELS[deps.channel.source] : null;
        await tx.insert(caseEvents).values({
          caseId,
          action: "submit",
          fromState: null,
          toState: "submitted",
          at: received,
          actorLabel: deps.channel?.source === "media_monitoring" ? via! : via ? `提交人（${via}）` : "提交人",
          // Nobody filed a lead the office found in the news itself: its note says where it came from instead.
          publicNote: receivedNote(deps.channel?.source ?? null),
          internalNote: via ? `${via}来件，${deps.channel!.recordedBy}于${formatShanghai(now)}登记。${decision.explanation}` : decision.explanation,
          deadlineAt: deadline.dueAt,
          deadlineProvisional: deadline.provisional,
        });
        await queueReceipt(tx, { caseId, trackingNumber, accessCode, email: report.email, phone: report.phone, kind: report.kind, receivedAt: received, deadlineAt: deadline.dueAt, provisional: deadline.provisional }, messageContext(now));
        await deps.channel?.inTransaction?.(tx, { caseId, trackingNumber });
        if (key) {
          // Still our claim? A retry may have taken it over after STALE_CLAIM_MS; then its case is the one.
          const mine = await tx
            .update(submissionKeys)
            .set({ status: "done", caseId })
            .where(and(eq(submissionKeys.key, key), eq(submissionKeys.status, "running"), eq(submissionKeys.createdAt, claimedAt!)))
            .returning({ key: submissionKeys.key });
          if (mine.length === 0) throw new Rollback({ status: "in_progress", message: IN_PROGRESS });
        }
        return { caseId, trackingNumber, accessCode, kind: report.kind, title, receivedAt: received, deadline, evidenceCount: files.length };
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
      await removeStored(deps.evidenceDir, stored);
      stored = [];
      if (err.outcome.status === "in_progress" && key) return (await knownKey(db, key, hash)) ?? err.outcome;
      await releaseKey(db, key, claimedAt);
      return err.outcome;
    }
    return { status: "created", receipt };
  } catch (err) {
    await removeStored(deps.evidenceDir, stored);
    await releaseKey(db, key, claimedAt).catch(() => undefined);
    throw err;
  }
}

const IN_PROGRESS = "您的提交正在处理中，请稍候片刻再点“提交”（不会重复受理）";

async function earlierCase(db: Tx, fingerprint: string, now: Date): Promise<{ trackingNumber: string; receivedAt: Date } | undefined> {
  const [earlier] = await db
    .select({ trackingNumber: cases.trackingNumber, receivedAt: cases.receivedAt })
    .from(cases)
    .where(and(eq(cases.contentHash, fingerprint), gte(cases.receivedAt, new Date(now.getTime() - DUPLICATE_WINDOW_MS))))
    .limit(1);
  return earlier;
}

/**
 * Raises the address's counter of accepted reports (a fixed window in the `throttles` table, key
 * `report:accepted:<ip>`), or says how long to wait when this report would pass the limit. Single upsert, so
 * concurrent submissions from one address queue on the row lock and all count.
 */
async function countAccepted(tx: Tx, lim: HourlyLimit, now: Date): Promise<SubmitOutcome | null> {
  const windowMs = lim.windowMs ?? 3600_000;
  const startedBefore = new Date(now.getTime() - windowMs).toISOString();
  const nowIso = now.toISOString();
  const [row] = await tx
    .insert(throttles)
    .values({ key: `report:accepted:${lim.ip}`, count: 1, windowStart: now })
    .onConflictDoUpdate({
      target: throttles.key,
      set: {
        count: sql`case when ${throttles.windowStart} <= ${startedBefore}::timestamptz then 1 else ${throttles.count} + 1 end`,
        windowStart: sql`case when ${throttles.windowStart} <= ${startedBefore}::timestamptz then ${nowIso}::timestamptz else ${throttles.windowStart} end`,
      },
    })
    .returning({ count: throttles.count, windowStart: throttles.windowStart });
  if (row && row.count > lim.limit) {
    const retryAfterMs = Math.max(1000, row.windowStart.getTime() + windowMs - now.getTime());
    return { status: "throttled", message: `提交过于频繁，请在${describeWait(retryAfterMs)}后再试；紧急情况请拨打公示所列电话`, retryAfterMs };
  }
  return null;
}

type Subject = { name: string | null; regionCode: string | null };

/** The publicity entry of an objection (open when it was received, to the second) or the region of anything else. */
async function checkSubject(db: Db, report: Report, now: Date, postmarkedOn: DateString | null): Promise<Subject | SubmitOutcome> {
  if (report.kind === "objection") {
    const [entry] = await db
      .select({
        regionCode: publicityEntries.regionCode,
        name: regions.name,
        opensAt: publicityLists.opensAt,
        closesAt: publicityLists.closesAt,
        published: publicityLists.publishedAt,
        letterDating: publicityLists.letterDating,
      })
      .from(publicityEntries)
      .innerJoin(publicityLists, eq(publicityLists.id, publicityEntries.publicityId))
      .innerJoin(regions, eq(regions.code, publicityEntries.regionCode))
      .where(eq(publicityEntries.id, report.publicityEntryId!))
      .limit(1);
    if (!entry || !entry.published) return { status: "invalid", errors: { publicityEntryId: "找不到该公示对象，请从公示名单中选择" } };
    const window: PublicityWindow = { opensAt: entry.opensAt, closesAt: entry.closesAt };
    const check = postmarkedOn ? letterObjectionCheck(window, postmarkedOn, entry.letterDating) : objectionAllowed(window, now);
    if (!check.allowed) return { status: "objection_refused", reason: check.reason, window, report, regionCode: entry.regionCode };
    return { name: entry.name, regionCode: entry.regionCode };
  }
  if (!report.regionCode) return { name: null, regionCode: null };
  const region = (await regionTree(db)).get(report.regionCode);
  if (!region) return { status: "invalid", errors: { regionCode: "所涉地区不在本省区划内，请从列表中选择" } };
  return { name: region.name, regionCode: report.regionCode };
}

/**
 * What a key already says, without claiming it: the stored receipt for the same body, 422 for another body, or
 * undefined when the key is new or its first attempt has not committed. Asked before any abuse gate, so that the
 * retry of a lost answer is answered even though its proof of work was spent by the first attempt.
 */
export async function knownKey(db: Db, key: string, hash: string): Promise<SubmitOutcome | undefined> {
  const [row] = await db.select().from(submissionKeys).where(eq(submissionKeys.key, key)).limit(1);
  if (!row) return undefined;
  if (row.bodyHash !== hash) return { status: "key_reused", message: KEY_REUSED };
  if (row.status === "done" && row.caseId !== null) return replay(db, row.caseId, key);
  return undefined;
}

const KEY_REUSED = "同一提交编号已用于另一份不同的内容，请刷新页面后重新提交";

/** Claims the key (returning the claim's time), or says what the earlier attempt with it became. */
async function claimKey(db: Db, key: string, hash: string, now: Date): Promise<Date | SubmitOutcome> {
  const deadline = Date.now() + KEY_WAIT_MS;
  for (;;) {
    const inserted = await db
      .insert(submissionKeys)
      .values({ key, bodyHash: hash, status: "running", createdAt: now })
      .onConflictDoNothing()
      .returning({ key: submissionKeys.key });
    if (inserted.length > 0) return now;
    const [row] = await db.select().from(submissionKeys).where(eq(submissionKeys.key, key)).limit(1);
    if (!row) continue; // released between the two statements; claim again
    if (row.bodyHash !== hash) return { status: "key_reused", message: KEY_REUSED };
    if (row.status === "done" && row.caseId !== null) return replay(db, row.caseId, key);
    // A claim nobody finished: its attempt died. Take it over, once (the conditional update is the check).
    // The claim time is also what the commit checks, so it must differ from the dead attempt's.
    const claimTime = new Date(Math.max(now.getTime(), row.createdAt.getTime() + 1));
    const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS);
    if (row.createdAt < staleBefore) {
      // Still running and still stale: of two retries arriving together, the second finds the claim fresh again.
      const taken = await db
        .update(submissionKeys)
        .set({ createdAt: claimTime })
        .where(and(eq(submissionKeys.key, key), eq(submissionKeys.status, "running"), lt(submissionKeys.createdAt, staleBefore)))
        .returning({ key: submissionKeys.key });
      if (taken.length > 0) return claimTime;
    }
    if (Date.now() > deadline) return { status: "in_progress", message: IN_PROGRESS };
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function replay(db: Db, caseId: number, key: string): Promise<SubmitOutcome> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId)).limit(1);
  if (!c) return { status: "key_reused", message: "该提交记录已不存在，请重新提交" };
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(caseEvidence).where(eq(caseEvidence.caseId, caseId));
  const accessCode = await accessCodeFor(db, key);
  const cal = await workingCalendar(db);
  // The receipt names the acceptance deadline, as the first answer did.
  const deadline = stageOutcome(readClock(c.clock), "accept", c.receivedAt, cal)!.deadline;
  return {
    status: "replayed",
    receipt: { caseId, trackingNumber: c.trackingNumber, accessCode, kind: c.kind, title: c.title, receivedAt: c.receivedAt, deadline, evidenceCount: n },
  };
}

/** Gives up our claim (only ours: a retry may have taken it over), so that the key can be used again. */
async function releaseKey(db: Db, key: string | null, claimedAt: Date | null): Promise<void> {
  if (key && claimedAt) {
    await db.delete(submissionKeys).where(and(eq(submissionKeys.key, key), eq(submissionKeys.status, "running"), eq(submissionKeys.createdAt, claimedAt)));
  }
}
