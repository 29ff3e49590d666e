// First-run set-up shared by the start command, `npm run seed` and the tests: reference data, then demo data.
import { count } from "drizzle-orm";
import { regions, routingRules, units } from "../../db/schema.ts";
import { ORDOS_MEMBER_UNITS } from "../../db/seed/content/responsibilities.ts";
import { seedDemo } from "../../db/seed/demo.ts";
import { seedCalendar } from "./calendar.ts";
import type { Database, Tx } from "./db.ts";
import { loadRegionsAndUnits, unitIdForRegion } from "./regions.ts";
import { seedStaffUsers, type SeededAccount } from "./staff.ts";

export interface BootstrapReport {
  regions: number;
  units: number;
  calendar: { published: number[]; provisional: number[] };
  accounts: SeededAccount[];
  demo: Awaited<ReturnType<typeof seedDemo>>;
}

export async function isEmpty(database: Database): Promise<boolean> {
  const [row] = await database.db.select({ n: count() }).from(regions);
  return (row?.n ?? 0) === 0;
}

/** Seed an empty database in one transaction, so a failure leaves nothing half-written. */
export async function bootstrap(
  database: Database,
  opts: { provinceCode: string; officeName: string; now: Date },
): Promise<BootstrapReport> {
  return database.db.transaction(async (tx) => {
    const loaded = await loadRegionsAndUnits(tx, opts.provinceCode, { name: opts.officeName });
    const calendar = await seedCalendar(tx, opts.now);
    const members = await seedDemoMemberUnit(tx);
    const accounts = await seedStaffUsers(tx, opts.provinceCode);
    const demo = await seedDemo(tx, { now: opts.now });
    // The report counts the list's departments; the demo member unit stays out, as it always has.
    return { ...loaded, units: loaded.units + members, calendar, accounts, demo };
  });
}

// A member department and a category rule, as in the responsibility list of seed 004 (食品安全 → 市场监管), and the
// 鄂尔多斯市 departments that lead tasks of that list. Member units have no region of their own, so the region walk
// never picks them; the parent says whose list they work under (the task's region in routing-context.ts).
async function seedDemoMemberUnit(tx: Tx) {
  await tx.insert(units).values([
    { id: "member-samr", name: "自治区市场监督管理局（示例成员单位）", kind: "member", parentUnitId: "office" },
    ...ORDOS_MEMBER_UNITS.map((u) => ({ ...u, kind: "member" as const, parentUnitId: unitIdForRegion("150600") })),
  ]);
  await tx.insert(routingRules).values({
    id: "food-to-samr",
    category: "food",
    kind: "complaint",
    unitId: "member-samr",
    priority: 10,
    note: "示例规则：食品安全投诉交市场监管部门核查",
  });
  return ORDOS_MEMBER_UNITS.length;
}

export function formatReport(r: BootstrapReport, siteUrl: string): string {
  const lines = [
    `已载入行政区划 ${r.regions} 个、办理单位 ${r.units} 个；节假日日历 ${r.calendar.published[0]}–${r.calendar.published.at(-1)} 年（已公布）` +
      (r.calendar.provisional.length ? `，${r.calendar.provisional.join("、")} 年（暂定）` : ""),
    `示例数据：通知公告 ${r.demo.notices} 篇，公示 ${r.demo.publicity} 批（${r.demo.entries} 个对象），命名记录 ${r.demo.designations} 条，受理件 ${r.demo.cases} 件，舆情条目 ${r.demo.monitorItems} 条`,
    "",
    "工作人员账号（密码随机生成，只显示这一次，请妥善保存）：",
    ...r.accounts.map((a) => `  ${a.role.padEnd(8)} 用户名 ${a.username.padEnd(8)} 密码 ${a.password}`),
    "",
    `示例受理件（在 ${siteUrl}/track 查询）：`,
    ...r.demo.demoCases.slice(0, 5).map((c) => `  ${c.trackingNumber}  查询码 ${c.accessCode}  (${c.state})`),
  ];
  return lines.join("\n");
}
