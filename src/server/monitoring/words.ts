// Problem words 问题词 (issue 16): the programme's words that make an article worth a look (卫生死角, 垃圾 …) and
// their weights, kept as data the office edits. A change counts from the next article matched (the matcher is built
// afresh for each fetch run and paste: src/server/monitoring/matcher.ts); items already stored keep their match.
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { monitorWords } from "../../../db/schema.ts";
import { staffLabel } from "../../domain/cases.ts";
import { appendAudit } from "../audit.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Db, Tx } from "../db.ts";
import { invalidForm } from "../form-errors.ts";
import { FORBIDDEN, mayMonitor } from "./sources.ts";

export type WordResult = { ok: true; message: string; word: string } | { ok: false; status: 400 | 403 | 404 | 409; reason: string; errors?: Record<string, string> };

export const WORD_MAX = 20;
export const WEIGHT_MIN = 1;
export const WEIGHT_MAX = 5;

const word = z
  .string({ error: "请填写问题词" })
  .transform((s) => s.normalize("NFKC").trim())
  .pipe(
    z
      .string()
      .min(1, "请填写问题词")
      .max(WORD_MAX, `问题词最多 ${WORD_MAX} 个字`)
      .refine((s) => !/[\s\p{Cc}]/u.test(s), "问题词不能包含空格或换行"),
  );
const weight = z.coerce
  .number({ error: `权重应为 ${WEIGHT_MIN}–${WEIGHT_MAX} 的整数` })
  .int(`权重应为 ${WEIGHT_MIN}–${WEIGHT_MAX} 的整数`)
  .min(WEIGHT_MIN, `权重应为 ${WEIGHT_MIN}–${WEIGHT_MAX} 的整数`)
  .max(WEIGHT_MAX, `权重应为 ${WEIGHT_MIN}–${WEIGHT_MAX} 的整数`);
const wordInput = z.object({ word, weight });

export async function listWords(tx: Tx) {
  return tx.select().from(monitorWords).orderBy(asc(monitorWords.word));
}

export async function addWord(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<WordResult> {
  if (!mayMonitor(actor)) return FORBIDDEN;
  const parsed = wordInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const d = parsed.data;
  return db.transaction(async (tx): Promise<WordResult> => {
    const [row] = await tx.insert(monitorWords).values({ word: d.word, weight: d.weight, createdAt: now }).onConflictDoNothing().returning();
    if (!row) return { ok: false, status: 409, reason: `问题词“${d.word}”已存在，可直接修改其权重`, errors: { word: "已存在" } };
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "monitor_word.create", objectType: "monitor_word", objectId: d.word, details: { weight: d.weight } });
    return { ok: true, message: `已添加问题词“${d.word}”（权重 ${d.weight}），从下一篇文章起计入`, word: d.word };
  });
}

export async function setWordWeight(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<WordResult> {
  if (!mayMonitor(actor)) return FORBIDDEN;
  const parsed = wordInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const d = parsed.data;
  return db.transaction(async (tx): Promise<WordResult> => {
    const [before] = await tx.select().from(monitorWords).where(eq(monitorWords.word, d.word)).for("update");
    if (!before) return { ok: false, status: 404, reason: `问题词“${d.word}”不存在` };
    if (before.weight === d.weight) return { ok: true, message: `问题词“${d.word}”的权重未改变`, word: d.word };
    await tx.update(monitorWords).set({ weight: d.weight }).where(eq(monitorWords.word, d.word));
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "monitor_word.update", objectType: "monitor_word", objectId: d.word, details: { from: before.weight, to: d.weight } });
    return { ok: true, message: `问题词“${d.word}”的权重已改为 ${d.weight}`, word: d.word };
  });
}

export async function removeWord(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<WordResult> {
  if (!mayMonitor(actor)) return FORBIDDEN;
  const parsed = z.object({ word }).safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const w = parsed.data.word;
  return db.transaction(async (tx): Promise<WordResult> => {
    const [gone] = await tx.delete(monitorWords).where(eq(monitorWords.word, w)).returning();
    if (!gone) return { ok: false, status: 404, reason: `问题词“${w}”不存在` };
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "monitor_word.remove", objectType: "monitor_word", objectId: w, details: { weight: gone.weight } });
    return { ok: true, message: `已删除问题词“${w}”，从下一篇文章起不再计入`, word: w };
  });
}
