// npm run audit:verify [-- --checkpoints <file>] — checks the keyed audit chain and every checkpoint: the database's
// own and, given a copy of /open-data/audit-checkpoints.txt kept elsewhere, that copy's. Exit 1 naming what is wrong.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parsePublished, verifyAudit, type Checkpoint } from "../src/server/audit-checkpoints.ts";
import { loadAuditKeys } from "../src/server/audit-keys.ts";
import { fail, loadConfig, openMigrated } from "./cli.ts";

const { values } = parseArgs({ options: { checkpoints: { type: "string" } } });
const cfg = loadConfig();
let copies: Checkpoint[] = [];
if (values.checkpoints) {
  try {
    copies = parsePublished(readFileSync(values.checkpoints, "utf8"));
  } catch (err) {
    fail(`无法读取检查点文件 ${values.checkpoints}：${(err as Error).message}`);
  }
}
const keys = loadAuditKeys({ hmacKey: cfg.AUDIT_HMAC_KEY, signingKey: cfg.AUDIT_SIGNING_KEY, dataDir: cfg.dataDir });
const database = await openMigrated(cfg);
try {
  const result = await verifyAudit(database.db, keys, copies);
  const { chain } = result;
  if (chain.ok) console.log(`✓ 哈希链完整：共 ${chain.rows} 条记录`);
  else console.error(`✗ 审计日志第 ${chain.brokenId} 号记录校验失败：${chain.reason}（已检查 ${chain.rows} 条）`);
  for (const p of result.problems) console.error(`✗ 第 ${p.id} 号检查点：${p.reason}`);
  if (result.problems.length === 0) console.log(`✓ ${result.checkpoints} 个检查点均与日志相符，签名有效`);
  if (!result.ok) process.exitCode = 1;
} finally {
  await database.close();
}
