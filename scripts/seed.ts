// npm run seed — load reference and demo data into an empty database (the start command does this on first run).
import { bootstrap, formatReport, isEmpty } from "../src/server/bootstrap.ts";
import { fail, loadConfig, openMigrated } from "./cli.ts";

const cfg = loadConfig();
const database = await openMigrated(cfg);
try {
  if (!(await isEmpty(database))) {
    fail(`数据库 (${database.where}) 已有数据，未重复写入示例数据。要重新开始，请删除 ${cfg.dataDir} 或换一个空数据库。`);
  }
  const report = await bootstrap(database, { provinceCode: cfg.PROVINCE_CODE, officeName: cfg.OFFICE_NAME, now: new Date() });
  console.log(formatReport(report, cfg.SITE_URL));
} finally {
  await database.close();
}
