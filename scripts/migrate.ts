// npm run migrate — apply the committed migrations to the configured database.
import { loadConfig, openMigrated } from "./cli.ts";

const cfg = loadConfig();
const database = await openMigrated(cfg);
console.log(`✓ 数据库已迁移到最新结构 (${database.kind}: ${database.where})`);
await database.close();
