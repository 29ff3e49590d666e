// The deadline scheduler 期限提醒 (DESIGN.md §4): marks overdue cases, reminds the responsible unit one working day
// before a deadline, and mails notifications when SMTP is configured. One run per tick across instances: the
// instance whose insert of the tick's row wins does the work (claimTick), the others skip it; within a run the
// marking also holds a PostgreSQL advisory lock (an in-process flag on PGlite, which lives in one process).
import { and, eq, inArray, isNotNull, isNull, lt, lte, sql } from "drizzle-orm";
import { cases, notifications, schedulerTicks, staffUsers } from "../../db/schema.ts";
import { clockWindows, STAGE_LABELS } from "../domain/clock.ts";
import { describeDeadline } from "../domain/deadlines.ts";
import { sendAlerts } from "./alerts.ts";
import { ensureCalendarCoverage, loadCalendar } from "./calendar.ts";
import { clockStateOf } from "./cases/clock-store.ts";
import { notify, type NotificationKind } from "./cases/notify.ts";
import { firstRow, type Database, type Tx } from "./db.ts";
import type { Mailer } from "./mail.ts";
import { sendCitizenMessages } from "./receipts/messages.ts";
import { configuredSms, type SmsProvider } from "./sms.ts";
import { OFFICE_UNIT_ID } from "./regions.ts";
import { AREA_ROLES } from "./auth/gate.ts";

const SCHEDULER_LOCK = 7_240_602;
/** Notifications worth an e-mail (issue 5); the rest stay in the inbox. */
export const MAILED_KINDS: NotificationKind[] = ["assigned", "reminder", "overdue", "returned", "extension_decided"];

export interface SchedulerRun {
  ran: boolean;
  overdue: number;
  reminded: number;
  mailed: number;
}

let localRunning = false;

/** Tick rows are kept this long: enough to see which instance ran what last week. */
const TICK_HISTORY_MS = 7 * 24 * 3600_000;

/**
 * Claims tick `floor(now / interval)` for this instance. Exactly one instance gets true per tick, whatever the
 * phase of each instance's timer, because the tick is the row's primary key.
 */
export async function claimTick(tx: Tx, now: Date, intervalMs: number, instance: string): Promise<boolean> {
  const tick = Math.floor(now.getTime() / intervalMs);
  const won = await tx.insert(schedulerTicks).values({ tick, instance, ranAt: now }).onConflictDoNothing().returning({ tick: schedulerTicks.tick });
  if (won.length === 1 && tick % 60 === 0) await tx.delete(schedulerTicks).where(lt(schedulerTicks.ranAt, new Date(now.getTime() - TICK_HISTORY_MS)));
  return won.length === 1;
}

export async function runScheduler(database: Database, now: Date, opts: { mailer?: Mailer | undefined; siteUrl?: string; sms?: SmsProvider | null } = {}): Promise<SchedulerRun> {
  const idle = { ran: false, overdue: 0, reminded: 0, mailed: 0 };
  let marked: { overdue: number; reminded: number } | null;
  if (database.kind === "pglite") {
    if (localRunning) return idle;
    localRunning = true;
    try {
      marked = await database.db.transaction((tx) => mark(tx, now));
    } finally {
      localRunning = false;
    }
  } else {
    marked = await database.db.transaction(async (tx) => {
      const res = await tx.execute(sql`select pg_try_advisory_xact_lock(${SCHEDULER_LOCK}) as ok`);
      const row = firstRow<{ ok: boolean }>(res);
      return row?.ok ? mark(tx, now) : null;
    });
  }
  if (!marked) return idle;
  // Mail goes out after the commit, each notification claimed on its own: a slow or failing mail server never
  // undoes the marking, and two instances never send the same mail.
  const mailed = opts.mailer ? (await sendMail(database, opts.mailer, now, opts.siteUrl ?? "")) + (await sendAlerts(database, opts.mailer, now, opts.siteUrl ?? "")) : 0;
  // Receipts and status updates to filers (mail and SMS), each claimed before it is sent.
  const sms = opts.sms === undefined ? (configuredSms()?.provider ?? null) : opts.sms;
  const toFilers = opts.mailer || sms ? await sendCitizenMessages(database, { mailer: opts.mailer, sms }, now) : 0;
  return { ran: true, ...marked, mailed: mailed + toFilers };
}

async function mark(tx: Tx, now: Date): Promise<{ overdue: number; reminded: number }> {
  // Years roll over by the Shanghai date: the calendar always covers the next three.
  await ensureCalendarCoverage(tx, now);
  const cal = await loadCalendar(tx);
  const target = (c: { assignedUnitId: string | null }) => c.assignedUnitId ?? OFFICE_UNIT_ID;
  // Candidates by the stored running deadline (null while paused); the domain clock decides which are overdue.
  const candidates = await tx
    .select({ id: cases.id, trackingNumber: cases.trackingNumber, title: cases.title, assignedUnitId: cases.assignedUnitId, clock: cases.clock, deadlineAt: cases.deadlineAt, remindedDeadlineAt: cases.remindedDeadlineAt, overdueAt: cases.overdueAt })
    .from(cases)
    .where(and(isNotNull(cases.deadlineAt), lte(cases.deadlineAt, clockWindows(now, cal).dueSoonUntil)));
  let overdue = 0;
  let reminded = 0;
  for (const c of candidates) {
    const clock = clockStateOf(c, now, cal);
    if (!clock.deadline) continue;
    const due = describeDeadline(clock.deadline);
    if (clock.status === "overdue" && !c.overdueAt) {
      const [won] = await tx.update(cases).set({ overdueAt: now }).where(and(eq(cases.id, c.id), isNull(cases.overdueAt))).returning({ id: cases.id });
      if (!won) continue;
      overdue += 1;
      const title = `已超期 ${c.trackingNumber}：${c.title}`;
      const body = `${STAGE_LABELS[clock.stage!]}期限 ${due} 已过。`;
      await notify(tx, { kind: "overdue", caseId: c.id, unitId: target(c), title, body }, now);
      if (target(c) !== OFFICE_UNIT_ID) await notify(tx, { kind: "overdue", caseId: c.id, unitId: OFFICE_UNIT_ID, title, body }, now);
    } else if (clock.status === "due_soon" && c.remindedDeadlineAt?.getTime() !== c.deadlineAt?.getTime()) {
      await tx.update(cases).set({ remindedDeadlineAt: c.deadlineAt }).where(eq(cases.id, c.id));
      reminded += 1;
      await notify(tx, { kind: "reminder", caseId: c.id, unitId: target(c), title: `即将到期 ${c.trackingNumber}：${c.title}`, body: `${STAGE_LABELS[clock.stage!]}期限 ${due}，请按时办结。` }, now);
    }
  }
  return { overdue, reminded };
}

/** Who works on cases: a unit's case notices (reminders, overdue, assignments) reach these roles, never the auditor. */
const CASE_ROLES = [...AREA_ROLES.cases];

/**
 * Mails unsent notifications of the mailed kinds to the person, or to every active member of the unit with an
 * address who works on cases.
 */
async function sendMail(database: Database, mailer: Mailer, now: Date, siteUrl: string): Promise<number> {
  const { db } = database;
  const pending = await db.select({ id: notifications.id }).from(notifications).where(and(isNull(notifications.mailedAt), inArray(notifications.kind, MAILED_KINDS))).limit(200);
  let sent = 0;
  for (const { id } of pending) {
    const [n] = await db.update(notifications).set({ mailedAt: now }).where(and(eq(notifications.id, id), isNull(notifications.mailedAt))).returning();
    if (!n) continue; // another instance took it
    const people = await db
      .select({ email: staffUsers.email })
      .from(staffUsers)
      .where(and(eq(staffUsers.disabled, false), isNotNull(staffUsers.email), n.userId ? eq(staffUsers.id, n.userId) : and(eq(staffUsers.unitId, n.unitId ?? OFFICE_UNIT_ID), inArray(staffUsers.role, CASE_ROLES))));
    const to = [...new Set(people.map((p) => p.email!).filter(Boolean))];
    if (to.length) {
      const link = n.caseId ? `\n\n${siteUrl}/admin/cases/${n.caseId}` : "";
      try {
        await mailer.send({ to: to.join(", "), subject: n.title, text: `${n.title}\n${n.body}${link}\n\n（本邮件由健康城镇监督平台自动发送）` });
        sent += 1;
      } catch (err) {
        // Unclaim it so that the next run tries again, and stop: the mail server is probably down.
        await db.update(notifications).set({ mailedAt: null }).where(eq(notifications.id, n.id));
        throw err;
      }
    }
  }
  return sent;
}
