// npm run calendar:load -- FILE.json — load a year's official holiday schedule once the State Council publishes it.
// FILE: { "year": 2027, "days": [{ "date": "2027-01-01", "kind": "holiday", "name": "元旦" },
//                                 { "date": "2027-02-20", "kind": "makeup_workday", "name": "春节调休" }, …] }
import { readFileSync } from "node:fs";
import { z } from "zod";
import { calendarYearFromPublished } from "../src/domain/calendar.ts";
import { CalendarInputError, loadPublishedSchedule } from "../src/server/calendar.ts";
import { fail, loadConfig, openMigrated } from "./cli.ts";

const Schedule = z.object({
  year: z.number().int().min(2000).max(2100),
  days: z
    .array(
      z.object({
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD"),
        kind: z.enum(["holiday", "makeup_workday"], "kind 应为 holiday（放假）或 makeup_workday（调休上班）"),
        name: z.string().min(1, "请写明节日名称"),
      }),
    )
    .min(1, "至少要有一天放假安排"),
});

const file = process.argv[2];
if (!file) fail("用法: npm run calendar:load -- 放假安排.json");
let input: z.infer<typeof Schedule>;
try {
  const parsed = Schedule.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) fail(`${file} 格式有误：${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("；")}`);
  input = parsed.data;
} catch (err) {
  fail(`无法读取 ${file}：${(err as Error).message}`);
}

const cfg = loadConfig();
const database = await openMigrated(cfg);
try {
  const changes = await database.db.transaction((tx) =>
    loadPublishedSchedule(tx, calendarYearFromPublished(input.year, input.days), new Date()),
  );
  console.log(`✓ 已载入 ${input.year} 年放假安排（${input.days.length} 天）；重新计算办理期限 ${changes.length} 件`);
  for (const c of changes) console.log(`  ${c.trackingNumber}  ${c.from} → ${c.to}${c.provisional ? "（仍为暂定）" : ""}`);
} catch (err) {
  if (err instanceof CalendarInputError) fail(err.message);
  fail(`载入放假安排失败：${(err as Error).message}`);
} finally {
  await database.close();
}
