// Demo articles for the monitoring queue 舆情监测示例: a manual source with a few articles as staff would paste them,
// stored through the same ingest as fetched ones, so that the demo's queue shows a clear candidate, an ambiguous
// place and an article that names no problem. Links point at example.org: they are not real reports.
import { eq, inArray } from "drizzle-orm";
import { monitorItems, monitorSources } from "../schema.ts";
import type { Tx } from "../../src/server/db.ts";
import { ingestItems } from "../../src/server/monitoring/ingest.ts";

const HOUR = 3600_000;

const ARTICLES = [
  {
    hoursAgo: 3,
    title: "达拉特旗树林召镇农贸市场周边垃圾堆积 居民盼及时清运",
    summary: "<p>近日有居民反映，达拉特旗树林召镇农贸市场东侧背街小巷垃圾堆积多日，夏季蚊蝇滋生，影响周边环境卫生。</p>",
  },
  {
    hoursAgo: 20,
    title: "东胜区一老旧小区污水外溢 业主称反映多次未解决",
    summary: "东胜区某老旧小区化粪池堵塞，污水外溢至小区道路，业主多次向物业反映仍未处理。",
  },
  {
    hoursAgo: 30,
    title: "网友反映城关镇背街小巷存在卫生死角",
    summary: "有网友在论坛发帖称，城关镇部分背街小巷长期存在卫生死角，垃圾桶清运不及时。",
  },
  {
    hoursAgo: 50,
    title: "鄂尔多斯市召开爱国卫生运动推进会",
    summary: "会议总结了上半年爱国卫生工作，部署下一阶段城乡环境卫生整治任务。",
  },
];

export async function seedMonitoring(tx: Tx, now: Date): Promise<number> {
  const [source] = await tx
    .insert(monitorSources)
    .values({ kind: "manual", name: "示例：网络舆情摘录", createdAt: new Date(now.getTime() - 72 * HOUR), isDemo: true })
    .returning({ id: monitorSources.id });
  if (!source) throw new Error("写入示例舆情来源失败");
  const ids: number[] = [];
  for (const [i, a] of ARTICLES.entries()) {
    const at = new Date(now.getTime() - a.hoursAgo * HOUR);
    const done = await ingestItems(tx, { id: source.id, defaultPrefectureCode: null }, [{ link: `https://example.org/demo-news/${i + 1}`, title: a.title, summary: a.summary, publishedAt: at }], at);
    ids.push(...done.ids);
  }
  if (ids.length) await tx.update(monitorItems).set({ isDemo: true }).where(inArray(monitorItems.id, ids));
  await tx.update(monitorSources).set({ isDemo: true }).where(eq(monitorSources.id, source.id));
  return ids.length;
}
