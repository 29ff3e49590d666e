// npm run audit:verify — walks the audit chain and names the first broken row. Exit 1 when broken.
import { verifyAuditChain } from "../src/server/audit.ts";
import { loadConfig, openMigrated } from "./cli.ts";

const database = await openMigrated(loadConfig());
try {
  const check = await verifyAuditChain(database.db);
  if (check.ok) {
    console.log(`✓ 审计日志完整：共 ${check.rows} 条记录，哈希链校验通过`);
  } else {
    console.error(`✗ 审计日志第 ${check.brokenId} 号记录校验失败：${check.reason}（已检查 ${check.rows} 条）`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
