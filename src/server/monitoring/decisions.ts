// Deciding a candidate 候选线索处理 (issue 16): turned into a case (kind 舆情线索, channel 舆情监测, through the web's own
// intake so it is routed, numbered and timed by the same rules, with the article kept as evidence) or dismissed with a
// reason. Each decision is a conditional update on the item's status in the case's (or its own) transaction, so two
// staff never make two cases of one article.
import { createHash, randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { caseEvidence, cases, monitorItems } from "../../../db/schema.ts";
import { staffLabel } from "../../domain/cases.ts";
import { DESCRIPTION_MAX } from "../../domain/report.ts";
import { CATEGORIES, route, type Category } from "../../domain/routing.ts";
import { formatShanghai } from "../../domain/time.ts";
import { appendAudit } from "../audit.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Db, Tx } from "../db.ts";
import { removeStored, writeDurably } from "../intake/evidence.ts";
import { routingContextFor } from "../intake/routing-context.ts";
import { submitReport } from "../intake/submit.ts";
import { FORBIDDEN, mayMonitor } from "./sources.ts";
import { itemView, UNDECIDED, type ItemView } from "./candidates.ts";

/** The case form as it is first shown: the article's text as the description, the one place it names, 环境卫生. */
export function caseFormFor(item: ItemView): Record<string, string> {
  const resolved = item.places.filter((p) => p.place);
  // Only an unambiguous single place is prefilled: with two places or an ambiguous one, staff choose.
  const regionCode = resolved.length === 1 && item.places.length === 1 ? resolved[0]!.place!.code : "";
  // The title first: the case's own title is made from the description's start (reportTitle).
  const text = [item.title, item.summary].map((t) => t.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n");
  const description = [...text].slice(0, DESCRIPTION_MAX).join("");
  return { regionCode, category: "sanitation", description };
}

/** Where the intake would send the case as the form stands, by the same rules, for the page to say before filing. */
export async function routingPreview(tx: Tx, regionCode: string, category: string): Promise<string | null> {
  if (!/^\d{6}(\d{3})?$/.test(regionCode) || !(CATEGORIES as readonly string[]).includes(category)) return null;
  const decision = route({ kind: "lead", category: category as Category, regionCode }, await routingContextFor(tx, regionCode));
  return decision.explanation;
}

export type DecisionResult =
  | { ok: true; message: string; caseId?: number; trackingNumber?: string }
  | { ok: false; status: 400 | 403 | 404 | 409; reason: string; errors?: Record<string, string> };

const NOT_FOUND = { ok: false, status: 404, reason: "该条目不存在" } as const;

async function alreadyDecided(tx: Tx, id: number): Promise<DecisionResult> {
  const [row] = await tx.select({ status: monitorItems.status, trackingNumber: cases.trackingNumber }).from(monitorItems).leftJoin(cases, eq(cases.id, monitorItems.caseId)).where(eq(monitorItems.id, id)).limit(1);
  if (!row) return NOT_FOUND;
  if (row.status === "case") return { ok: false, status: 409, reason: `该条目已转为案件 ${row.trackingNumber ?? ""}，不能再次处理`.replace(" ，", "，") };
  return { ok: false, status: 409, reason: "该条目已被排除，不能再次处理" };
}

const caseInput = z.object({
  regionCode: z.string({ error: "请选择所涉地区" }).trim().regex(/^\d{6}(\d{3})?$/, "请选择所涉地区（盟市、旗县或苏木乡镇）"),
  category: z.enum(CATEGORIES, { error: "请选择问题类别" }),
  description: z.string({ error: "请填写反映内容" }).trim().min(1, "请填写反映内容"),
});

/** The article as kept in the case: a plain-text file that stays even if the page changes or disappears. */
export function articleText(item: ItemView): string {
  const lines = [
    "舆情线索原文（舆情监测抓取，纯文本）",
    `链接：${item.link}`,
    `标题：${item.title}`,
    `来源：${item.sourceName}`,
    `发布时间：${item.publishedAt ? formatShanghai(item.publishedAt) : "未注明"}`,
    `抓取时间：${formatShanghai(item.fetchedAt)}`,
    `匹配地名：${item.places.map((p) => p.text).join("；") || "无"}`,
    `匹配问题词：${item.match.words.map((w) => `${w.word}×${w.count}`).join("、") || "无"}`,
    "",
    "摘要：",
    item.summary || "（无）",
    "",
  ];
  return lines.join("\n");
}

class Decided extends Error {}

/**
 * Turns an item into a case through the web's intake (submit.ts) with the channel 舆情监测. Received "now": the
 * article is not a submission anyone made, and the office's clock to accept it starts when the office takes it up;
 * the fetch time is kept in the article file and the audit. The article file is written before the transaction and
 * removed if the case is not created.
 */
export async function toCase(db: Db, input: { actor: StaffActor; itemId: number; fields: Record<string, unknown>; now: Date; evidenceDir: string }): Promise<DecisionResult> {
  const { actor, itemId, now } = input;
  if (!mayMonitor(actor)) return FORBIDDEN;
  const item = await itemView(db, itemId, now);
  if (!item) return NOT_FOUND;
  if (!(UNDECIDED as readonly string[]).includes(item.status)) return alreadyDecided(db, itemId);
  const parsed = caseInput.safeParse(input.fields);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? "form")] ??= i.message;
    return { ok: false, status: 400, reason: "请检查填写的内容", errors };
  }
  const f = parsed.data;
  const bytes = new TextEncoder().encode(articleText(item));
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, "0");
  const storageKey = `${y}/${m}/${randomUUID()}.txt`;
  await writeDurably(input.evidenceDir, storageKey, bytes);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const filename = `article-${item.id}.txt`;
  let outcome;
  try {
    outcome = await submitReport(
      { fields: { kind: "lead", regionCode: f.regionCode, category: f.category as Category, leadUrl: item.link, description: f.description }, files: [], idempotencyKey: null },
      {
        db,
        evidenceDir: input.evidenceDir,
        now,
        channel: {
          source: "media_monitoring",
          receivedAt: now,
          postmarkedOn: null,
          recordedBy: staffLabel(actor),
          inTransaction: async (tx, created) => {
            const taken = await tx
              .update(monitorItems)
              .set({ status: "case", caseId: created.caseId, decidedBy: staffLabel(actor), decidedAt: now })
              .where(and(eq(monitorItems.id, item.id), inArray(monitorItems.status, [...UNDECIDED])))
              .returning({ id: monitorItems.id });
            if (taken.length === 0) throw new Decided();
            await tx.insert(caseEvidence).values({ caseId: created.caseId, filename, mimeType: "text/plain", size: bytes.byteLength, sha256, storageKey, uploadedBy: actor.userId, createdAt: now });
            await appendAudit(tx, {
              at: now,
              actorUserId: actor.userId,
              actorLabel: staffLabel(actor),
              action: "monitor_item.to_case",
              objectType: "monitor_item",
              objectId: String(item.id),
              details: { trackingNumber: created.trackingNumber, caseId: created.caseId, title: item.title, link: item.link, regionCode: f.regionCode, fetchedAt: item.fetchedAt.toISOString() },
            });
          },
        },
      },
    );
  } catch (err) {
    await removeStored(input.evidenceDir, [storageKey]);
    if (err instanceof Decided) return alreadyDecided(db, itemId);
    throw err;
  }
  switch (outcome.status) {
    case "created":
    case "replayed":
      return { ok: true, message: `已转为舆情线索案件 ${outcome.receipt.trackingNumber}，按分办规则办理`, caseId: outcome.receipt.caseId, trackingNumber: outcome.receipt.trackingNumber };
    case "invalid":
      await removeStored(input.evidenceDir, [storageKey]);
      return { ok: false, status: 400, reason: "请检查填写的内容", errors: outcome.errors as Record<string, string> };
    case "duplicate":
      await removeStored(input.evidenceDir, [storageKey]);
      return { ok: false, status: 409, reason: `相同内容已登记为案件 ${outcome.trackingNumber}，未重复登记；如确属另一事项，请修改反映内容` };
    default:
      await removeStored(input.evidenceDir, [storageKey]);
      return { ok: false, status: 409, reason: "message" in outcome ? outcome.message : "未能登记，请稍后再试" };
  }
}

export const DISMISS_REASON_MAX = 200;
const dismissInput = z.object({
  reason: z
    .string({ error: "请填写排除理由" })
    .trim()
    .min(2, "请填写排除理由（至少 2 个字），例如“与创建工作无关”“已有同一事项的案件”")
    .max(DISMISS_REASON_MAX, `排除理由最多 ${DISMISS_REASON_MAX} 个字`),
});

export async function dismiss(db: Db, input: { actor: StaffActor; itemId: number; fields: Record<string, unknown>; now: Date }): Promise<DecisionResult> {
  const { actor, itemId, now } = input;
  if (!mayMonitor(actor)) return FORBIDDEN;
  if (!Number.isSafeInteger(itemId) || itemId <= 0) return NOT_FOUND;
  const parsed = dismissInput.safeParse(input.fields);
  if (!parsed.success) return { ok: false, status: 400, reason: parsed.error.issues[0]!.message, errors: { reason: parsed.error.issues[0]!.message } };
  const reason = parsed.data.reason;
  return db.transaction(async (tx): Promise<DecisionResult> => {
    const done = await tx
      .update(monitorItems)
      .set({ status: "dismissed", dismissReason: reason, decidedBy: staffLabel(actor), decidedAt: now })
      .where(and(eq(monitorItems.id, itemId), inArray(monitorItems.status, [...UNDECIDED])))
      .returning({ id: monitorItems.id, title: monitorItems.title, link: monitorItems.link });
    if (done.length === 0) return alreadyDecided(tx, itemId);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "monitor_item.dismiss", objectType: "monitor_item", objectId: String(itemId), reason, details: { title: done[0]!.title, link: done[0]!.link } });
    return { ok: true, message: "已排除，理由已记入审计日志" };
  });
}
