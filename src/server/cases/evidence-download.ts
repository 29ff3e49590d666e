// Evidence downloads are audited (issue 15): a photo or a scanned letter can name the person who reported, so who
// opened which file of which case is on record, linked to the case like every other case row.
import { eq } from "drizzle-orm";
import { cases } from "../../../db/schema.ts";
import { staffLabel } from "../../domain/cases.ts";
import { audit } from "../audit.ts";
import type { Db } from "../db.ts";
import type { StaffActor } from "./actions.ts";

export async function auditEvidenceDownload(db: Db, actor: StaffActor, caseId: number, file: { id: number; filename: string }, now: Date): Promise<void> {
  const [c] = await db.select({ trackingNumber: cases.trackingNumber }).from(cases).where(eq(cases.id, caseId));
  await audit(db, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "evidence.download", objectType: "case", objectId: c?.trackingNumber ?? String(caseId), details: { evidenceId: file.id, filename: file.filename } });
}
