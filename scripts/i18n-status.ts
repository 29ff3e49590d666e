// Lists what the translators still have to do: Mongolian messages not yet reviewed (by area), and any message missing
// from a language's catalog. Exit status 1 when a message is missing (the build would show a fallback), 0 otherwise.
//   npm run i18n:status [-- --json]
import { readFileSync } from "node:fs";
import { checkCatalogs } from "../src/i18n/review.ts";
import { readCatalogs } from "../src/integrations/catalogs.ts";

const root = new URL("..", import.meta.url).pathname;
const settings = JSON.parse(readFileSync(new URL("../project.inlang/settings.json", import.meta.url), "utf8")) as { locales: string[] };
const areas = readCatalogs(root, settings.locales);
const report = checkCatalogs(areas, settings.locales);
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`消息共 ${report.total} 条（每种语言）。`);
  for (const m of report.missing) console.log(`✗ 缺少译文 ${m.locale} ${m.area}/${m.key}`);
  for (const m of report.extra) console.log(`! 多余消息 ${m.locale} ${m.area}/${m.key}（中文目录中没有）`);
  const byArea = new Map<string, string[]>();
  for (const u of report.unreviewed) byArea.set(u.area, [...(byArea.get(u.area) ?? []), u.key]);
  console.log(`蒙古文未审核：${report.unreviewed.length} / ${report.total} 条。审核后把键名加入 messages/<区域>/mn.reviewed.json。`);
  for (const [area, keys] of byArea) console.log(`  ${area}（${keys.length}）：${keys.join(", ")}`);
}
process.exit(report.missing.length ? 1 : 0);
