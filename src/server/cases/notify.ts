// Staff inbox 站内通知: rows written in the same transaction as the change they announce; a mail job sends them on
// when SMTP_URL is set (src/server/mail.ts).
import { notifications } from "../../../db/schema.ts";
import type { Tx } from "../db.ts";
import { OFFICE_UNIT_ID } from "../regions.ts";

export type NotificationKind = (typeof notifications.$inferInsert)["kind"];

export interface Notice {
  kind: NotificationKind;
  caseId: number | null;
  title: string;
  body?: string;
  /** A unit (every active user of it) or one user. */
  unitId?: string | null;
  userId?: string | null;
}

export async function notify(tx: Tx, n: Notice, now: Date): Promise<void> {
  await tx.insert(notifications).values({
    kind: n.kind,
    caseId: n.caseId,
    title: n.title,
    body: n.body ?? "",
    unitId: n.userId ? null : (n.unitId ?? OFFICE_UNIT_ID),
    userId: n.userId ?? null,
    createdAt: now,
  });
}
