// The portal is killed with -9 (OOM killer, a careless operator): its bundled Meilisearch is orphaned and keeps
// running on the data folder. The next `npm start` on that folder must find it by its pid file and stop it before
// starting its own — never two on one folder — and the master key is never on a command line for `ps` to show.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { PID_FILE } from "../../src/server/search/meili-process.ts";
import { bundledMeili, meiliProcessesOn, stillRunning } from "../support/meili.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";

let first: PortalServer | undefined;
let second: PortalServer | undefined;

test.beforeAll(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one server start is enough");
});

test.afterAll(async () => {
  await second?.stop();
  // The first portal's stop also removes the data folder both used.
  await first?.stop();
});

function expectKeyHidden(meili: ReturnType<typeof bundledMeili>) {
  expect(meili.masterKey, "MEILI_MASTER_KEY in the child's environment").toMatch(/^.{16,}$/);
  expect(meili.cmdline).not.toContain(meili.masterKey!);
  expect(meili.cmdline).not.toContain("--master-key");
  const ps = execFileSync("ps", ["-o", "args=", "-p", String(meili.pid)], { encoding: "utf8" });
  expect(ps).toContain("meilisearch");
  expect(ps).not.toContain(meili.masterKey!);
}

test("after the portal is killed with -9, the next start stops the orphaned search server before starting its own", async () => {
  test.setTimeout(180_000);
  first = await startPortal();
  const orphan = bundledMeili(first.dataDir);
  expectKeyHidden(orphan);

  process.kill(first.pid, "SIGKILL");
  await expect.poll(() => isAlive(first!.pid), { timeout: 10_000 }).toBe(false);
  // What used to happen: the child outlives its parent, holding its memory and the data folder.
  expect(stillRunning(orphan)).toBe(true);

  second = await startPortal({}, { dataDir: first.dataDir });
  expect(stillRunning(orphan), `orphan ${orphan.pid} still running`).toBe(false);
  expect(second.output()).toContain(`已停止上次遗留的内置 Meilisearch (pid ${orphan.pid})`);
  const fresh = bundledMeili(second.dataDir);
  expect(fresh.pid).not.toBe(orphan.pid);
  expect(meiliProcessesOn(fresh.dbPath)).toEqual([fresh.pid]);
  expectKeyHidden(fresh);

  // And search works, from Meilisearch, on the index the orphan left behind. A search that outlasts its time limit
  // (a freshly started server on a busy machine) is answered from the database meanwhile, so ask until Meilisearch
  // answers.
  const search = async () => (await (await fetch(`${second!.url}/search.json?q=${encodeURIComponent("健康城镇管理工作实施办法")}`)).json()) as { degraded: boolean; hits: { url: string }[] };
  await expect.poll(async () => (await search()).degraded, { timeout: 30_000 }).toBe(false);
  expect((await search()).hits.length).toBeGreaterThan(0);

  // A clean stop leaves no search server and no pid file behind.
  await second.stop();
  expect(stillRunning(fresh)).toBe(false);
  expect(meiliProcessesOn(fresh.dbPath)).toEqual([]);
  second = undefined;
  expect(existsSync(join(first.dataDir, "meili", PID_FILE))).toBe(false);
});

/** A process that exists and is not a zombie. */
function isAlive(pid: number): boolean {
  try {
    const state = execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).trim();
    return state !== "" && !state.startsWith("Z");
  } catch {
    return false;
  }
}
