// Offline channels 登记来件: a case received by phone, letter, e-mail or in person, recorded by the office at
// /admin/cases/new. It goes through the web's intake (submit.ts: routing, the publicity window, numbering, the case
// clock) with the time it was received, and the recording is audited in the case's own transaction.
import { randomUUID } from "node:crypto";
import { and, asc, eq, gte, isNotNull, lte } from "drizzle-orm";
import { z } from "zod";
import { publicityEntries, publicityLists, regions } from "../../../db/schema.ts";
import { isOffice, staffLabel, type Actor } from "../../domain/cases.ts";
import { CHANNEL_LABELS, OFFLINE_CHANNELS, parsePostmark, parseReceivedTime, RECEIVED_MAX_AGE_DAYS, type OfflineChannel } from "../../domain/channels.ts";
import { HONOURS, isHonour } from "../../domain/honours.ts";
import { describeWindow } from "../../domain/publicity.ts";
import { parseReport, type FieldErrors } from "../../domain/report.ts";
import { shanghaiDate, shanghaiTime } from "../../domain/time.ts";
import { appendAudit } from "../audit.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Db, Tx } from "../db.ts";
import { regionTree } from "../regions.ts";
import type { IncomingFile } from "./evidence.ts";
import { FIELD_NAMES } from "./form-data.ts";
import { keyProblem, submitReport, type SubmitOutcome } from "./submit.ts";

export const OFFLINE_FIELDS = ["channel", "receivedDate", "receivedTime", "postmarkedOn", ...FIELD_NAMES, "idempotencyKey"] as const;

export type OfflineErrors = FieldErrors & { channel?: string; receivedAt?: string; postmarkedOn?: string };

export type OfflineOutcome =
  | { status: "forbidden"; message: string }
  | { status: "invalid"; errors: OfflineErrors; message: string }
  | { status: "refused_objection"; message: string; regionCode: string }
  | { status: "duplicate"; message: string; trackingNumber: string }
  | { status: "retry"; message: string }
  | { status: "created" | "replayed"; channel: OfflineChannel; receipt: Extract<SubmitOutcome, { status: "created" | "replayed" }>["receipt"] };

const channelField = z.enum(OFFLINE_CHANNELS, { error: "请选择来件渠道（电话、信函、电子邮件或来访）" });

/** Only the office records cases: handlers work on what the office hands them (src/server/cases/access.ts). */
export const mayRecordOffline = (actor: Pick<Actor, "role">) => isOffice(actor);

export async function recordOffline(
  db: Db,
  input: { actor: StaffActor; fields: Record<string, string>; files: IncomingFile[]; now: Date; evidenceDir: string },
): Promise<OfflineOutcome> {
  const { actor, fields, now } = input;
  if (!mayRecordOffline(actor)) return { status: "forbidden", message: "只有自治区爱卫办工作人员可以登记来件" };
  const errors: OfflineErrors = {};
  const channel = channelField.safeParse(fields.channel);
  if (!channel.success) errors.channel = channel.error.issues[0]!.message;
  const received = parseReceivedTime(fields.receivedDate ?? "", fields.receivedTime ?? "", now);
  if (!received.ok) errors.receivedAt = received.error;
  const postmark = received.ok ? parsePostmark(fields.channel ?? "", fields.postmarkedOn, received.at) : ({ ok: true, date: null } as const);
  if (!postmark.ok) errors.postmarkedOn = postmark.error;
  // The report's own rules are the web's; run here too so that every error shows at once, not in two rounds.
  const report = parseReport(fields, shanghaiDate(now));
  if (!report.ok) Object.assign(errors, report.errors);
  const key = fields.idempotencyKey?.trim() || null;
  if (keyProblem(key)) errors.form = "表单已过期，请刷新页面后重新填写";
  if (!channel.success || !received.ok || !postmark.ok || Object.keys(errors).length > 0) {
    return { status: "invalid", errors, message: "登记的内容有需要修改的地方，请按提示修改" };
  }
  const via = channel.data;
  const reportFields = Object.fromEntries(FIELD_NAMES.filter((f) => fields[f] !== undefined).map((f) => [f, fields[f]]));
  const outcome = await submitReport(
    { fields: reportFields, files: input.files, idempotencyKey: key },
    {
      db,
      evidenceDir: input.evidenceDir,
      now,
      channel: {
        source: via,
        receivedAt: received.at,
        postmarkedOn: postmark.date,
        recordedBy: staffLabel(actor),
        inTransaction: (tx, created) =>
          appendAudit(tx, {
            at: now,
            actorUserId: actor.userId,
            actorLabel: staffLabel(actor),
            action: "case.record_offline",
            objectType: "case",
            objectId: created.trackingNumber,
            details: { channel: via, channelLabel: CHANNEL_LABELS[via], receivedAt: received.at.toISOString(), ...(postmark.date ? { postmarkedOn: postmark.date } : {}) },
          }),
      },
    },
  );
  switch (outcome.status) {
    case "created":
    case "replayed":
      return { status: outcome.status, channel: via, receipt: outcome.receipt };
    case "invalid":
      return { status: "invalid", errors: outcome.errors, message: "登记的内容有需要修改的地方，请按提示修改" };
    case "objection_refused":
      return {
        status: "refused_objection",
        regionCode: outcome.regionCode,
        message: `${postmark.date ? "" : "按收到时间，"}${outcome.reason}下面已改为“投诉”，填写的内容都已保留，核对后可再登记。`,
      };
    case "duplicate":
      return { status: "duplicate", trackingNumber: outcome.trackingNumber, message: `相同内容已登记或提交，查询编号为 ${outcome.trackingNumber}，未重复登记。` };
    case "key_reused":
    case "in_progress":
    case "throttled":
      return { status: "retry", message: outcome.message };
  }
}

export interface OfflineEntryOption {
  id: number;
  label: string;
}

/**
 * Entries an objection may name: those of lists whose window overlaps the period a received time may lie in, so
 * that a letter posted inside a window closed since can still be recorded (and one outside it is refused by intake).
 */
export async function recentEntries(tx: Tx, now: Date): Promise<OfflineEntryOption[]> {
  const earliest = new Date(now.getTime() - RECEIVED_MAX_AGE_DAYS * 24 * 3600 * 1000);
  const rows = await tx
    .select({ id: publicityEntries.id, honour: publicityEntries.honour, name: regions.name, prefectureCode: publicityEntries.prefectureCode, opensAt: publicityLists.opensAt, closesAt: publicityLists.closesAt })
    .from(publicityEntries)
    .innerJoin(publicityLists, eq(publicityLists.id, publicityEntries.publicityId))
    .innerJoin(regions, eq(regions.code, publicityEntries.regionCode))
    .where(and(isNotNull(publicityLists.publishedAt), lte(publicityLists.opensAt, now), gte(publicityLists.closesAt, earliest)))
    .orderBy(asc(publicityLists.id), asc(publicityEntries.sortOrder), asc(publicityEntries.id));
  const prefCodes = [...new Set(rows.map((r) => r.prefectureCode).filter((c): c is string => !!c))];
  const tree = prefCodes.length ? await regionTree(tx) : null;
  return rows.map((r) => {
    const pref = r.prefectureCode ? tree?.get(r.prefectureCode)?.name : undefined;
    const honour = isHonour(r.honour) ? HONOURS[r.honour].label : r.honour;
    return { id: r.id, label: `${r.name}${pref && pref !== r.name ? `（${pref}）` : ""} · ${honour}（公示期 ${describeWindow(r)}）` };
  });
}

/** A blank form: received now (to the minute), a fresh idempotency key so a resent form records nothing twice. */
export function blankOfflineForm(now: Date): Record<string, string> {
  return { receivedDate: shanghaiDate(now), receivedTime: shanghaiTime(now), idempotencyKey: randomUUID() };
}
