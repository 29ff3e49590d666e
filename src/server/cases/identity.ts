// Whistle-blower protection (DESIGN.md §4): staff see the submitter masked (张*, 138****1234); office staff may reveal
// with a stated reason, which is audited. Unit handlers cannot reveal on their own: the office has to.
import { maskIdentity } from "../../domain/masking.ts";
import { appendAudit } from "../audit.ts";
import type { Db } from "../db.ts";
import { caseForActor, type CaseRow } from "./access.ts";
import { actorLabel, NOT_FOUND, type StaffActor } from "./actions.ts";

export interface SubmitterView {
  name: string | null;
  phone: string | null;
  email: string | null;
  anonymous: boolean;
  consentContact: boolean;
  revealed: boolean;
}

export function maskedSubmitter(c: CaseRow): SubmitterView {
  const who = { name: c.submitterName, phone: c.submitterPhone, email: c.submitterEmail };
  return { ...maskIdentity(who), anonymous: !who.name && !who.phone && !who.email, consentContact: c.consentContact, revealed: false };
}

export type RevealResult = { ok: true; submitter: SubmitterView } | { ok: false; status: 403 | 404 | 422; reason: string };

export async function revealSubmitter(db: Db, input: { caseId: number; actor: StaffActor; reason: string; now: Date }): Promise<RevealResult> {
  const { actor } = input;
  return db.transaction(async (tx) => {
    const c = await caseForActor(tx, input.caseId, actor);
    if (!c) return NOT_FOUND;
    if (actor.role !== "admin" && actor.role !== "officer") {
      return { ok: false, status: 403, reason: "查看反映人真实身份须经自治区爱卫办授权，请联系自治区爱卫办" };
    }
    const reason = input.reason.trim();
    if (reason.length < 4) return { ok: false, status: 422, reason: "请说明查看反映人身份的理由（至少 4 个字）" };
    await appendAudit(tx, {
      at: input.now,
      actorUserId: actor.userId,
      actorLabel: actorLabel(actor),
      action: "case.reveal_identity",
      objectType: "case",
      objectId: c.trackingNumber,
      reason,
    });
    return {
      ok: true,
      submitter: { name: c.submitterName, phone: c.submitterPhone, email: c.submitterEmail, anonymous: !c.submitterName && !c.submitterPhone && !c.submitterEmail, consentContact: c.consentContact, revealed: true },
    };
  });
}
