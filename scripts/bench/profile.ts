// Where the time of an uncached page goes: starts the built portal with PAGE_CACHE=off under `node --cpu-prof`, loads
// the home page, a notice and a publicity list one after the other, and prints, per page, the share of CPU samples
// by function and by package or file. Samples are cut to each page's load window (the profile's timestamps and this
// process's hrtime are the same monotonic clock), so start-up and seeding do not count.
//   node scripts/bench/profile.ts [--database-url postgres://…] [--seconds 10] [--connections 20] [--top 25] [--page /towns/150602]…
// (--page, repeatable, profiles those paths instead of the three measured pages).
// Needs dist (npm run build). The raw .cpuprofile stays in the printed folder for Chrome DevTools or speedscope.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { startPortal } from "../../tests/support/portal-server.ts";
import { measuredPages } from "./pages.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "20" },
    top: { type: "string", default: "25" },
    page: { type: "string", multiple: true },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const top = Number(values.top);
const dir = mkdtempSync(join(tmpdir(), "htp-prof-"));
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const portal = await startPortal({
  PAGE_CACHE: "off",
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${dir}`.trim(),
  ...(values["database-url"] ? { DATABASE_URL: values["database-url"] } : {}),
});
const windows: { label: string; from: number; to: number; rps: number }[] = [];
try {
  const base = portal.url;
  const targets = values.page?.length ? values.page.map((p): [string, string] => ["页面", p]) : await measuredPages(base);
  for (const [label, path] of targets) {
    await autocannon({ url: base + path, connections, duration: 1 }); // warm-up: first render, JIT
    const from = nowUs();
    const result = await autocannon({ url: base + path, connections, duration: seconds });
    windows.push({ label: `${label} ${path}`, from, to: nowUs(), rps: result.requests.average });
  }
} finally {
  await portal.stop();
}

const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
if (!file) throw new Error(`${dir} 中没有 .cpuprofile（门户进程没有正常退出？）`);
const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

/** Who a frame belongs to: a package under node_modules, node's own internals, our source, or the built bundle. */
function owner(url: string): string {
  if (!url) return "(native / V8)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return url;
  const dist = /\/dist\/(.+)$/.exec(url);
  if (dist) return `dist/${dist[1]!.replace(/_[A-Za-z0-9-]{8}\.mjs$/, ".mjs")}`;
  return url.replace(/^file:\/\/.*?\/work\/main\//, "");
}

console.log(`profile: ${join(dir, file)}`);
for (const w of windows) {
  const self = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t < w.from || t > w.to) continue;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + 1);
    total += 1;
  }
  const fns = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, n] of self) {
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || "(anonymous)"} ${owner(f.url)}${f.url ? `:${f.lineNumber + 1}` : ""}`;
    fns.set(name, (fns.get(name) ?? 0) + n);
    owners.set(owner(f.url), (owners.get(owner(f.url)) ?? 0) + n);
  }
  const pct = (n: number) => `${((100 * n) / Math.max(1, total)).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, n]) => `  ${pct(n)}  ${k}`)
      .join("\n");
  console.log(`\n== ${w.label}: ${w.rps.toFixed(0)} 请求/s（${connections} 个连接，PAGE_CACHE=off），${total} 个样本`);
  console.log(`-- 按文件或包（自身时间）\n${list(owners)}`);
  console.log(`-- 按函数（自身时间）\n${list(fns)}`);
}
