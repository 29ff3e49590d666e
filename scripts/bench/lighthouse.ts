// Lighthouse (pinned 12.2.3) mobile audits of the pages a resident lands on, against the built portal, in the
// system Chromium where there is one (issue 14 goals: performance ≥ 95, accessibility 100, best practices ≥ 95;
// on /report CLS ≤ 0.05 and the form's JavaScript ≤ 50 KB as transferred, i.e. compressed).
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromiumExecutable, CHROMIUM_ARGS } from "../../tests/support/browser.ts";
import { startPortal } from "../../tests/support/portal-server.ts";

export interface LighthouseFigure {
  page: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  cls: number;
  tbtMs: number;
  lcpMs: number;
  /** Script bytes as transferred (compressed where the server compresses). */
  scriptKb: number;
  failing: string[];
}

async function firstPublicity(base: string): Promise<string> {
  const html = await (await fetch(`${base}/publicity?status=open`)).text();
  const m = /href="(\/publicity\/\d+)"/.exec(html) ?? /href="(\/publicity\/\d+)"/.exec(await (await fetch(`${base}/publicity`)).text());
  if (!m) throw new Error("没有找到公示页面");
  return m[1]!;
}

export async function benchLighthouse(): Promise<LighthouseFigure[]> {
  const portal = await startPortal({ LOG_LEVEL: "warn" });
  // The same browser the end-to-end tests drive: the system Chromium here, Playwright's own where it is installed.
  const chrome = await chromeLauncher.launch({ chromeFlags: CHROMIUM_ARGS, chromePath: chromiumExecutable() ?? chromium.executablePath() });
  try {
    const pages: [string, string][] = [
      ["首页", "/"],
      ["公示（进行中）", await firstPublicity(portal.url)],
      ["我要反映", "/report"],
    ];
    const out: LighthouseFigure[] = [];
    for (const [label, path] of pages) {
      // Warm the page cache and the server's JIT, as a resident arriving after others would find it.
      await fetch(portal.url + path);
      const result = await lighthouse(portal.url + path, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility", "best-practices"],
        formFactor: "mobile",
        screenEmulation: { mobile: true, width: 412, height: 823, deviceScaleFactor: 1.75, disabled: false },
      });
      const lhr = result!.lhr;
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const numeric = (id: string) => lhr.audits[id]?.numericValue ?? 0;
      const items = (lhr.audits["resource-summary"]?.details as { items?: { resourceType: string; transferSize: number }[] } | undefined)?.items ?? [];
      const failing = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable" && a.scoreDisplayMode !== "manual")
        .map((a) => a.id);
      out.push({
        page: `${label} ${path}`,
        performance: score("performance"),
        accessibility: score("accessibility"),
        bestPractices: score("best-practices"),
        cls: numeric("cumulative-layout-shift"),
        tbtMs: numeric("total-blocking-time"),
        lcpMs: numeric("largest-contentful-paint"),
        scriptKb: (items.find((i) => i.resourceType === "script")?.transferSize ?? 0) / 1024,
        failing,
      });
    }
    return out;
  } finally {
    await chrome.kill();
    await portal.stop();
  }
}

export function printLighthouse(rows: LighthouseFigure[]): void {
  console.log("\nLighthouse 12.2.3 移动端（目标：性能 ≥ 95，无障碍 100，最佳做法 ≥ 95；/report CLS ≤ 0.05、脚本 ≤ 50 KB 压缩后）");
  console.log("  页面                          性能  无障碍  最佳做法   CLS     TBT ms   LCP ms   脚本 KB");
  for (const r of rows) {
    console.log(
      `  ${r.page.padEnd(28)} ${String(r.performance).padStart(4)}  ${String(r.accessibility).padStart(5)}  ${String(r.bestPractices).padStart(7)}  ${r.cls.toFixed(3).padStart(6)}  ${r.tbtMs.toFixed(0).padStart(7)}  ${r.lcpMs.toFixed(0).padStart(7)}  ${r.scriptKb.toFixed(1).padStart(7)}`,
    );
    if (r.failing.length) console.log(`    未达标的审计项：${r.failing.join(", ")}`);
  }
}
