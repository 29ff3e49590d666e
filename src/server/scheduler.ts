// The deadline scheduler 期限提醒 (DESIGN.md §4): marks overdue cases, reminds the responsible unit one working day
// before a deadline, and mails notifications when SMTP is configured. One run per tick across instances: the
// instance whose insert of the tick's row wins does the work (claimTick), the others skip it; within a run the
// marking also holds a PostgreSQL advisory lock (an in-process flag on PGlite, which lives in one process).
import { and, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { cases, notifications, schedulerTicks, staffUsers } from "../../db/schema.ts";
import { OPEN_STATES } from "../domain/cases.ts";
import { workingDeadline } from "../domain/deadlines.ts";
import { formatShanghai } from "../domain/time.ts";
import { sendAlerts } from "./alerts.ts";
import { loadCalendar } from "./calendar.ts";
import { notify, type NotificationKind } from "./cases/notify.ts";
import { markOverdueRectifications } from "./cases/rectifications.ts";
import type { Database, Tx } from "./db.ts";
import type { Mailer } from "./mail.ts";
import { sendCitizenMessages } from "./receipts/messages.ts";
import { configuredSms, type SmsProvider } from "./sms.ts";
import { OFFICE_UNIT_ID } from "./regions.ts";

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
      const row = (Array.isArray(res) ? res[0] : (res as { rows: unknown[] }).rows[0]) as { ok: boolean } | undefined;
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
  const open = inArray(cases.state, [...OPEN_STATES]);
  const running = and(open, isNull(cases.pausedAt), isNotNull(cases.deadlineAt));
  const target = (c: { assignedUnitId: string | null }) => c.assignedUnitId ?? OFFICE_UNIT_ID;

  const late = await tx
    .update(cases)
    .set({ overdueAt: now })
    .where(and(running, lt(cases.deadlineAt, now), isNull(cases.overdueAt)))
    .returning({ id: cases.id, trackingNumber: cases.trackingNumber, title: cases.title, assignedUnitId: cases.assignedUnitId, deadlineAt: cases.deadlineAt });
  for (const c of late) {
    const title = `已超期 ${c.trackingNumber}：${c.title}`;
    const body = `办理期限 ${formatShanghai(c.deadlineAt!)} 已过。`;
    await notify(tx, { kind: "overdue", caseId: c.id, unitId: target(c), title, body }, now);
    if (target(c) !== OFFICE_UNIT_ID) await notify(tx, { kind: "overdue", caseId: c.id, unitId: OFFICE_UNIT_ID, title, body }, now);
  }

  const horizon = workingDeadline(now, 1, await loadCalendar(tx)).dueAt;
  const soon = await tx
    .update(cases)
    .set({ remindedDeadlineAt: cases.deadlineAt })
    .where(and(running, gte(cases.deadlineAt, now), lte(cases.deadlineAt, horizon), or(isNull(cases.remindedDeadlineAt), ne(cases.remindedDeadlineAt, cases.deadlineAt))))
    .returning({ id: cases.id, trackingNumber: cases.trackingNumber, title: cases.title, assignedUnitId: cases.assignedUnitId, deadlineAt: cases.deadlineAt });
  for (const c of soon) {
    await notify(tx, { kind: "reminder", caseId: c.id, unitId: target(c), title: `即将到期 ${c.trackingNumber}：${c.title}`, body: `办理期限 ${formatShanghai(c.deadlineAt!)}，请按时办结。` }, now);
  }

  await markOverdueRectifications(tx, now);
  return { overdue: late.length, reminded: soon.length };
}

/** Mails unsent notifications of the mailed kinds to the person or every active member of the unit with an address. */
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
      .where(and(eq(staffUsers.disabled, false), isNotNull(staffUsers.email), n.userId ? eq(staffUsers.id, n.userId) : eq(staffUsers.unitId, n.unitId ?? OFFICE_UNIT_ID)));
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
