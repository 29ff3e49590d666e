// A real Meilisearch for a test file: the npm binary on a free loopback port with a temp data dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMeili, type MeiliProcess } from "../../src/server/search/meili-process.ts";

export async function testMeili(): Promise<MeiliProcess & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "htp-meili-"));
  const proc = await startMeili({ dataDir: dir, timeoutMs: 60_000 });
  return {
    ...proc,
    dispose: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
