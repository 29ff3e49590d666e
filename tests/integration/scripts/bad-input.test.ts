// Bad configuration gives one clear line and a non-zero exit, never only a stack trace.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function run(script: string, env: Record<string, string>) {
  const clean = { ...process.env, CI: "", DATABASE_URL: "", MEILI_URL: "", ...env };
  return spawnSync(process.execPath, [script], { env: clean, encoding: "utf8", timeout: 60_000 });
}

describe("command-line scripts on bad input", () => {
  it("refuses a DATABASE_URL that is not a postgres URL", () => {
    const r = run("scripts/migrate.ts", { DATABASE_URL: "mysql://localhost/x" });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头");
  });

  it("stops the portal's start at once when SITE_URL or TRUST_PROXY is not what it must be, naming it", () => {
    for (const [env, name] of [
      [{ SITE_URL: "portal.example.gov.cn" }, "SITE_URL"],
      [{ TRUST_PROXY: "nginx" }, "TRUST_PROXY"],
      [{ TRUST_PROXY: "1", TRUSTED_PROXIES: "proxy.internal" }, "TRUSTED_PROXIES"],
    ] as const) {
      const r = run("scripts/start.ts", env);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(name);
    }
  });

  it("names an unreachable PostgreSQL server in one line", () => {
    const r = run("scripts/migrate.ts", { DATABASE_URL: "postgres://nobody:secret@127.0.0.1:9/none" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^✗ 无法连接数据库 postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:9\/none/);
    expect(r.stderr).not.toContain("secret");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("says when the data directory cannot be created", () => {
    const dir = mkdtempSync(join(tmpdir(), "htp-bad-"));
    const file = join(dir, "not-a-dir");
    writeFileSync(file, "x");
    const r = run("scripts/migrate.ts", { DATA_DIR: file });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("无法创建数据目录");
  });

  it("creates a missing data directory and migrates into it", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "htp-new-")), "nested", "data");
    const r = run("scripts/migrate.ts", { DATA_DIR: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("数据库已迁移到最新结构 (pglite");
  });
});
