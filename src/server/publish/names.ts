// Official English names 官方英文名称 of regions and units (issue 18): where the office has settled one (达拉特旗 →
// Dalad Banner) English pages show it; elsewhere they romanise the Chinese name (src/i18n/names.ts). Names are
// reference data, so a change moves the reference generation: every instance drops its cached pages and trees.
import { and, asc, eq, ilike, isNotNull, or } from "drizzle-orm";
import { z } from "zod";
import { regions, units } from "../../../db/schema.ts";
import { staffLabel } from "../../domain/cases.ts";
import { appendAudit } from "../audit.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Db, Tx } from "../db.ts";
import { invalidForm } from "../form-errors.ts";
import { referenceChanged } from "../reference.ts";
import { mayPublish, NOT_ALLOWED, refuse, type PublishResult } from "./common.ts";

export const nameInput = z.object({
  kind: z.enum(["region", "unit"], { error: "请选择地区或单位" }),
  id: z.string({ error: "请选择地区或单位" }).trim().min(1, "请选择地区或单位").max(40, "请选择地区或单位"),
  // Latin letters as official English names are written; empty clears the name (pages romanise again).
  nameEn: z
    .string()
    .trim()
    .max(120, "英文名称不能超过 120 个字符")
    .regex(/^[A-Za-z0-9 .,'’()&\-]*$/, "英文名称只能包含英文字母、数字、空格和 . , ' ( ) & - 等符号")
    .optional()
    .transform((s) => s || null),
});

/** Sets (or, with an empty name, clears) the official English name of a region or a unit. */
export async function setEnglishName(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<PublishResult> {
  if (!mayPublish(actor)) return NOT_ALLOWED;
  const parsed = nameInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const { kind, id, nameEn } = parsed.data;
  return db.transaction(async (tx): Promise<PublishResult> => {
    const [before] =
      kind === "region"
        ? await tx.select({ name: regions.name, nameEn: regions.nameEn }).from(regions).where(eq(regions.code, id)).for("update")
        : await tx.select({ name: units.name, nameEn: units.nameEn }).from(units).where(eq(units.id, id)).for("update");
    if (!before) return refuse(kind === "region" ? "行政区划不存在" : "单位不存在", 404);
    if (before.nameEn === nameEn) return { ok: true, message: `${before.name}的英文名称未改变` };
    if (kind === "region") await tx.update(regions).set({ nameEn }).where(eq(regions.code, id));
    else await tx.update(units).set({ nameEn }).where(eq(units.id, id));
    await referenceChanged(tx);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "name_en.set", objectType: kind, objectId: id, details: { name: before.name, from: before.nameEn, to: nameEn } });
    return { ok: true, message: nameEn ? `已将${before.name}的英文名称设为 ${nameEn}` : `已清除${before.name}的英文名称` };
  });
}

export interface NamedPlace {
  kind: "region" | "unit";
  id: string;
  name: string;
  nameEn: string | null;
}

/** Regions and units whose Chinese name (or a region's code or pinyin) matches `query`, for the names form. */
export async function findNamed(tx: Tx, query: string): Promise<NamedPlace[]> {
  const q = query.trim().slice(0, 40);
  if (!q) return [];
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const latin = /^[a-z]+$/i.test(q) ? `${q.toLowerCase()}%` : null;
  const regionRows = await tx
    .select({ id: regions.code, name: regions.name, nameEn: regions.nameEn })
    .from(regions)
    .where(/^\d{2,9}$/.test(q) ? ilike(regions.code, `${q}%`) : latin ? or(ilike(regions.pinyin, latin), ilike(regions.nameEn, pattern)) : ilike(regions.name, pattern))
    .orderBy(asc(regions.code))
    .limit(30);
  const unitRows = await tx.select({ id: units.id, name: units.name, nameEn: units.nameEn }).from(units).where(or(ilike(units.name, pattern), ilike(units.nameEn, pattern))).orderBy(asc(units.id)).limit(20);
  return [...regionRows.map((r) => ({ kind: "region" as const, ...r })), ...unitRows.map((u) => ({ kind: "unit" as const, ...u }))];
}

/** Every region and unit that has an official English name, to review them in one place. */
export async function namedInEnglish(tx: Tx): Promise<NamedPlace[]> {
  const regionRows = await tx.select({ id: regions.code, name: regions.name, nameEn: regions.nameEn }).from(regions).where(and(isNotNull(regions.nameEn))).orderBy(asc(regions.code));
  const unitRows = await tx.select({ id: units.id, name: units.name, nameEn: units.nameEn }).from(units).where(isNotNull(units.nameEn)).orderBy(asc(units.id));
  return [...regionRows.map((r) => ({ kind: "region" as const, ...r })), ...unitRows.map((u) => ({ kind: "unit" as const, ...u }))];
}
