// /calendar.ics (RFC 5545, built with ical-generator): every published publicity window with its cut-off time, the
// review-cycle milestones of the current and next cycle as all-day events, and the 整改期限 of every public
// rectification not yet done as an all-day event on its due date (marked 暂定 while that year's holiday schedule is
// unpublished). Times are UTC instants, so every calendar shows them in its own zone without a VTIMEZONE block.
import ical from "ical-generator";
import { desc, isNotNull } from "drizzle-orm";
import { publicityLists } from "../../db/schema.ts";
import { HONOURS, type Honour } from "../domain/honours.ts";
import { cycleMilestones, cycleStartFor, CYCLE_YEARS } from "../domain/review-cycle.ts";
import { formatShanghai, shanghaiDate } from "../domain/time.ts";
import { config } from "./config.ts";
import type { Tx } from "./db.ts";
import { publicRectifications, RECTIFICATION_STATUS_LABELS } from "./rectifications.ts";

export async function calendarFeed(tx: Tx, now: Date): Promise<{ body: string; lastModified: Date | null }> {
  const cfg = config();
  const host = new URL(cfg.SITE_URL).host;
  const cal = ical({ name: "全国健康城镇公示与评审日历", description: `${cfg.OFFICE_NAME}：社会公示期、评审周期时间节点和整改期限`, prodId: { company: "health-towns-portal", product: "calendar", language: "ZH" } });
  const lists = await tx.select().from(publicityLists).where(isNotNull(publicityLists.publishedAt)).orderBy(desc(publicityLists.opensAt)).limit(500);
  for (const l of lists) {
    const honours = l.honours.map((h) => HONOURS[h as Honour]?.label ?? h).join("、");
    cal.createEvent({
      id: `publicity-${l.id}@${host}`,
      start: l.opensAt,
      end: l.closesAt,
      stamp: l.publishedAt ?? now,
      summary: `社会公示：${l.title}`,
      description: [
        `公示期：${formatShanghai(l.opensAt)} 至 ${formatShanghai(l.closesAt)}（异议截止时间，北京时间）`,
        l.originalClosesAt ? `原截止时间 ${formatShanghai(l.originalClosesAt)}，已延期${l.extensionNote ? `：${l.extensionNote}` : ""}` : "",
        honours ? `称号：${honours}` : "",
        l.docNumber ? `文号：${l.docNumber}` : "",
      ].filter(Boolean).join("\n"),
      url: `${cfg.SITE_URL}/publicity/${l.id}`,
    });
  }
  const current = cycleStartFor(shanghaiDate(now), cfg.CYCLE_ANCHOR_YEAR);
  for (const start of [current, current + CYCLE_YEARS]) {
    for (const m of cycleMilestones(start)) {
      cal.createEvent({
        id: `${m.id}@${host}`,
        start: new Date(`${m.date}T00:00:00Z`),
        allDay: true,
        stamp: new Date(`${start}-01-01T00:00:00Z`),
        summary: m.title,
        description: `第 ${m.cycleYear} 年；依据：${m.article}`,
        url: `${cfg.SITE_URL}/cycle#${m.id}`,
      });
    }
  }
  // Due dates follow the live case clock (an extension, a pause or a newly published holiday schedule moves them), so
  // while any is listed there is no stored time that dates the feed: the ETag alone validates it.
  const fixes = (await publicRectifications(tx, {}, now)).filter((r) => r.status !== "done" && r.dueOn);
  for (const r of fixes) {
    const place = r.prefectureName && r.prefectureName !== r.name ? `${r.name}（${r.prefectureName}）` : r.name;
    cal.createEvent({
      id: `rectification-${r.id}@${host}`,
      start: new Date(`${r.dueOn}T00:00:00Z`),
      allDay: true,
      stamp: r.publishedAt ?? now,
      summary: `整改期限：${r.name}${r.provisional ? "（暂定）" : ""}`,
      description: [
        `${place}：${r.problem}`,
        `状态：${RECTIFICATION_STATUS_LABELS[r.status]}`,
        r.provisional ? `整改期限暂定：${r.dueOn!.slice(0, 4)} 年节假日安排尚未公布，公布后可能调整` : "",
        r.unitName ? `承办单位：${r.unitName}` : "",
      ].filter(Boolean).join("\n"),
      url: `${cfg.SITE_URL}/rectifications`,
    });
  }
  if (fixes.length) return { body: cal.toString(), lastModified: null };
  const lastModified = lists.reduce<Date | null>((d, l) => (l.publishedAt && (!d || l.publishedAt > d) ? l.publishedAt : d), null);
  return { body: cal.toString(), lastModified };
}
