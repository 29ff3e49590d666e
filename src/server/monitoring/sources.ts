// Monitoring sources 舆情来源 as data (issue 16): the office adds RSS/Atom feeds (name, address, optional default
// league/city), pauses, resumes and removes them, and pastes articles by hand from platforms without a feed. Every
// change is audited in its own transaction. A removed source keeps its items: cases may cite them as evidence.
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { monitorItems, monitorSources, regions } from "../../../db/schema.ts";
import { isOffice, staffLabel, type Actor } from "../../domain/cases.ts";
import { appendAudit } from "../audit.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Db, Tx } from "../db.ts";
import { invalidForm } from "../form-errors.ts";
import { ingestItems } from "./ingest.ts";

export type MonitorResult =
  | { ok: true; message: string; id: number }
  | { ok: false; status: 400 | 403 | 404 | 409; reason: string; errors?: Record<string, string> };

/** Only the office watches public opinion; handlers get what it turns into cases. */
export const mayMonitor = (actor: Pick<Actor, "role">) => isOffice(actor);
export const FORBIDDEN = { ok: false, status: 403, reason: "只有自治区爱卫办工作人员可以管理舆情监测" } as const;
const NOT_FOUND = { ok: false, status: 404, reason: "该来源不存在" } as const;

export const SOURCE_NAME_MAX = 60;
export const SOURCE_URL_MAX = 2000;
/** The name of the one manual source, created on first paste. */
export const MANUAL_SOURCE_NAME = "人工录入";

const httpUrl = (max: number, empty: string) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .max(max, `地址最长 ${max} 个字符`)
    .refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "http:" || u.protocol === "https:") && !!u.hostname;
      } catch {
        return false;
      }
    }, "地址应以 http:// 或 https:// 开头");

const feedInput = z.object({
  name: z.string({ error: "请填写来源名称" }).trim().min(1, "请填写来源名称").max(SOURCE_NAME_MAX, `来源名称最多 ${SOURCE_NAME_MAX} 个字`),
  url: httpUrl(SOURCE_URL_MAX, "请填写订阅（RSS 或 Atom）地址"),
  defaultPrefectureCode: z
    .string()
    .trim()
    .optional()
    .transform((s) => s || null)
    .refine((s) => s === null || /^\d{6}$/.test(s), "请从列表中选择盟市"),
});

const manualInput = z.object({
  link: httpUrl(SOURCE_URL_MAX, "请填写文章链接"),
  title: z.string({ error: "请填写标题" }).trim().min(1, "请填写标题").max(300, "标题最多 300 个字"),
  text: z.string().trim().max(4000, "正文最多 4000 个字（可只粘贴相关段落）").default(""),
});

/** The province's leagues and cities, for the default-place select and its check. */
export async function prefectureOptions(tx: Tx): Promise<{ code: string; name: string }[]> {
  return tx.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.level, "prefecture")).orderBy(asc(regions.code));
}

export interface SourceRow {
  id: number;
  kind: "feed" | "manual";
  name: string;
  url: string | null;
  defaultPrefectureCode: string | null;
  defaultPrefectureName: string | null;
  state: "active" | "paused" | "removed";
  lastFetchedAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  failures: number;
  nextFetchAt: Date | null;
  createdAt: Date;
  items: number;
  candidates: number;
}

/** Every source but the removed ones (unless asked), feeds first, with how many items and open candidates each has. */
export async function listSources(tx: Tx, opts: { includeRemoved?: boolean } = {}): Promise<SourceRow[]> {
  // Written out in full: drizzle leaves a lone table's columns unqualified, which inside the subquery would name its own.
  const items = sql<number>`(select count(*)::int from monitor_items i where i.source_id = monitor_sources.id)`;
  const candidates = sql<number>`(select count(*)::int from monitor_items i where i.source_id = monitor_sources.id and i.status = 'candidate')`;
  const prefecture = sql<string | null>`(select r.name from regions r where r.code = monitor_sources.default_prefecture_code)`;
  const rows = await tx
    .select({
      id: monitorSources.id,
      kind: monitorSources.kind,
      name: monitorSources.name,
      url: monitorSources.url,
      defaultPrefectureCode: monitorSources.defaultPrefectureCode,
      defaultPrefectureName: prefecture,
      state: monitorSources.state,
      lastFetchedAt: monitorSources.lastFetchedAt,
      lastSuccessAt: monitorSources.lastSuccessAt,
      lastError: monitorSources.lastError,
      failures: monitorSources.failures,
      nextFetchAt: monitorSources.nextFetchAt,
      createdAt: monitorSources.createdAt,
      items,
      candidates,
    })
    .from(monitorSources)
    .where(opts.includeRemoved ? undefined : ne(monitorSources.state, "removed"))
    .orderBy(asc(monitorSources.kind), asc(monitorSources.id));
  return rows;
}

/** The source's one line for the audit log. */
const snapshot = (s: { name: string; url: string | null; defaultPrefectureCode: string | null; state: string }) => ({ name: s.name, url: s.url, regionCode: s.defaultPrefectureCode, state: s.state });

export async function addFeedSource(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<MonitorResult> {
  if (!mayMonitor(actor)) return FORBIDDEN;
  const parsed = feedInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const d = parsed.data;
  const url = new URL(d.url).toString();
  return db.transaction(async (tx): Promise<MonitorResult> => {
    if (d.defaultPrefectureCode) {
      const [r] = await tx.select({ level: regions.level }).from(regions).where(eq(regions.code, d.defaultPrefectureCode)).limit(1);
      if (r?.level !== "prefecture") return { ok: false, status: 400, reason: "请检查填写的内容", errors: { defaultPrefectureCode: "请从列表中选择本区的盟市" } };
    }
    // Serialised so that two staff adding the same address at once do not both pass the check below.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('monitor_sources', 0))`);
    const [same] = await tx
      .select({ id: monitorSources.id, name: monitorSources.name, state: monitorSources.state })
      .from(monitorSources)
      .where(and(eq(monitorSources.url, url), inArray(monitorSources.state, ["active", "paused"])))
      .limit(1);
    if (same) {
      const how = same.state === "paused" ? "（已暂停，可在列表中恢复）" : "";
      return { ok: false, status: 409, reason: `该订阅地址已作为来源“${same.name}”登记${how}，不能重复添加`, errors: { url: `已作为来源“${same.name}”登记${how}` } };
    }
    const [row] = await tx
      .insert(monitorSources)
      .values({ kind: "feed", name: d.name, url, defaultPrefectureCode: d.defaultPrefectureCode, state: "active", nextFetchAt: now, createdAt: now, createdBy: actor.userId })
      .returning();
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "monitor_source.create", objectType: "monitor_source", objectId: String(row!.id), details: { after: snapshot(row!) } });
    return { ok: true, message: `已添加来源“${d.name}”，将在下一次抓取时读取`, id: row!.id };
  });
}

type StateChange = "pause" | "resume" | "remove";
const CHANGES: Record<StateChange, { from: ("active" | "paused")[]; to: "active" | "paused" | "removed"; done: string; refused: string }> = {
  pause: { from: ["active"], to: "paused", done: "已暂停", refused: "该来源不在抓取中，不能暂停" },
  resume: { from: ["paused"], to: "active", done: "已恢复抓取", refused: "该来源未暂停，不能恢复" },
  remove: { from: ["active", "paused"], to: "removed", done: "已移除（已抓取的条目保留）", refused: "该来源已移除" },
};

async function changeState(db: Db, actor: StaffActor, id: number, change: StateChange, now: Date): Promise<MonitorResult> {
  if (!mayMonitor(actor)) return FORBIDDEN;
  if (!Number.isSafeInteger(id) || id <= 0) return NOT_FOUND;
  const c = CHANGES[change];
  return db.transaction(async (tx): Promise<MonitorResult> => {
    const [before] = await tx.select().from(monitorSources).where(eq(monitorSources.id, id)).for("update");
    if (!before) return NOT_FOUND;
    if (before.kind !== "feed") return { ok: false, status: 409, reason: "人工录入来源不抓取，不能暂停或移除" };
    if (!(c.from as string[]).includes(before.state)) return { ok: false, status: 409, reason: c.refused };
    // Resuming fetches at the next tick and forgets the back-off: staff resume a source once they think it is fixed.
    const set = change === "resume" ? { state: c.to, nextFetchAt: now, failures: 0 } : { state: c.to };
    await tx.update(monitorSources).set(set).where(eq(monitorSources.id, id));
    await appendAudit(tx, {
      at: now,
      actorUserId: actor.userId,
      actorLabel: staffLabel(actor),
      action: change === "pause" ? "monitor_source.pause" : change === "resume" ? "monitor_source.resume" : "monitor_source.remove",
      objectType: "monitor_source",
      objectId: String(id),
      details: { name: before.name, from: before.state, to: c.to },
    });
    return { ok: true, message: `来源“${before.name}”${c.done}`, id };
  });
}

export const pauseSource = (db: Db, actor: StaffActor, id: number, now: Date) => changeState(db, actor, id, "pause", now);
export const resumeSource = (db: Db, actor: StaffActor, id: number, now: Date) => changeState(db, actor, id, "resume", now);
export const removeSource = (db: Db, actor: StaffActor, id: number, now: Date) => changeState(db, actor, id, "remove", now);

/**
 * An article staff copied from a platform without a feed (a WeChat account, a video's caption): stored and matched
 * as a fetched one would be, under the office's one manual source (created on first use; never the demo's, which goes when the demo does). The result says whether
 * it became a candidate, so the form can say so.
 */
export async function addManualItem(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<MonitorResult & { candidate?: boolean }> {
  if (!mayMonitor(actor)) return FORBIDDEN;
  const parsed = manualInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const d = parsed.data;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('monitor_sources', 0))`);
    let [source] = await tx.select({ id: monitorSources.id }).from(monitorSources).where(and(eq(monitorSources.kind, "manual"), eq(monitorSources.isDemo, false))).orderBy(asc(monitorSources.id)).limit(1);
    if (!source) {
      [source] = await tx.insert(monitorSources).values({ kind: "manual", name: MANUAL_SOURCE_NAME, state: "active", createdAt: now, createdBy: actor.userId }).returning({ id: monitorSources.id });
    }
    const result = await ingestItems(tx, { id: source!.id, defaultPrefectureCode: null }, [{ link: d.link, title: d.title, summary: d.text, publishedAt: null }], now);
    const id = result.ids[0];
    if (id === undefined) {
      return { ok: false as const, status: 409 as const, reason: "该文章（相同链接或几乎相同的标题）已经录入过，未重复录入", errors: { link: "已经录入过" } };
    }
    const [item] = await tx.select({ status: monitorItems.status }).from(monitorItems).where(eq(monitorItems.id, id));
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "monitor_item.paste", objectType: "monitor_item", objectId: String(id), details: { title: d.title, link: d.link, status: item!.status } });
    const candidate = item!.status === "candidate";
    return {
      ok: true as const,
      id,
      candidate,
      message: candidate ? "已录入，文章提到本区地名和问题词，已列入候选线索" : "已录入；文章未同时提到本区地名和问题词，未列入候选线索（可在“未匹配”中查看）",
    };
  });
}
