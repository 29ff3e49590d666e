// npm run search:reindex — rebuild every Meilisearch index from the database.
// Uses MEILI_URL when set, otherwise starts the bundled binary on the data directory the portal uses.
import { join } from "node:path";
import { startMeili, type MeiliProcess } from "../src/server/search/meili-process.ts";
import { meiliClient, reindexAll } from "../src/server/search/meili.ts";
import { fail, loadConfig, openMigrated } from "./cli.ts";

const cfg = loadConfig();
let proc: MeiliProcess | undefined;
let url = cfg.MEILI_URL;
let key = cfg.MEILI_MASTER_KEY;
if (!url) {
  try {
    proc = await startMeili({ dataDir: join(cfg.dataDir, "meili") });
  } catch (err) {
    fail(`无法启动内置 Meilisearch: ${(err as Error).message}`);
  }
  url = proc.url;
  key = proc.masterKey;
}
const database = await openMigrated(cfg);
try {
  const counts = await reindexAll(meiliClient(url, key), database.db);
  console.log(`✓ 搜索索引已重建：通知公告 ${counts.notices}，公示 ${counts.publicity}，地区 ${counts.towns}，本站栏目 ${counts.pages}`);
} catch (err) {
  fail(`重建索引失败 (${url}): ${(err as Error).message}`);
} finally {
  await database.close();
  await proc?.stop();
}
