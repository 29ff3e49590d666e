// Load helpers shared by the bench scenarios: autocannon against one URL or a rotating list of paths, with every
// response's status and time recorded here (autocannon's own histogram counts a 404 as a success and rounds to 1 ms).
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

export interface LoadFigures {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  max: number;
  /** Answers that are neither 2xx nor 3xx, plus socket errors and timeouts. */
  errors: number;
}

export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

/** A small deterministic generator, so every run requests the same URLs in the same order. */
export function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const rand = rng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function summarise(times: number[], errors: number, seconds: number): LoadFigures {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    requests: times.length + errors,
    seconds,
    rps: times.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? 0,
    errors,
  };
}

export interface LoadOptions {
  base: string;
  /** One path, or paths handed out in order across all connections (each request takes the next one). */
  paths: string | readonly string[];
  connections: number;
  /** Seconds to run; ignored when `amount` is set. */
  seconds?: number;
  /** Stop after this many requests. */
  amount?: number;
  /** Per-request timeout in seconds (autocannon's default is 10). */
  timeout?: number;
}

/** Runs one autocannon instance; resolves with the raw times so that several instances can be summarised together. */
export async function loadRaw(opts: LoadOptions): Promise<{ times: number[]; errors: number; seconds: number }> {
  const times: number[] = [];
  let errors = 0;
  const paths = typeof opts.paths === "string" ? [opts.paths] : opts.paths;
  let next = 0;
  // A shared cursor: autocannon's own `requests` list restarts per connection, which would repeat each URL once per
  // connection (and let the page cache answer all but the first).
  const requests = [{ method: "GET" as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[next++ % paths.length]! }) }];
  const started = performance.now();
  let last = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.base,
        connections: opts.connections,
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds ?? 8 }),
        timeout: opts.timeout ?? 10,
        requests,
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on("response", (_client, status, _bytes, responseTime) => {
      last = performance.now();
      if (status >= 200 && status < 400) times.push(responseTime);
      else errors += 1;
    });
  });
  // autocannon's `errors` include its timeouts. Its run ends on a one-second tick, so with `amount` the time to the
  // last answer is the run's length, not the time until autocannon returns.
  return { times, errors: errors + result.errors, seconds: ((opts.amount ? last : performance.now()) - started) / 1000 };
}

export async function load(opts: LoadOptions): Promise<LoadFigures> {
  const raw = await loadRaw(opts);
  return summarise(raw.times, raw.errors, opts.amount ? raw.seconds : (opts.seconds ?? 8));
}

/** ✓ or ✗ beside a goal. */
export const mark = (ok: boolean) => (ok ? "✓" : "✗");
export const ms = (n: number) => `${n.toFixed(0)} ms`;

/** True when the module is the script node was started with (also when started through a symlinked path). */
export function isMain(moduleUrl: string): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(moduleUrl);
  } catch {
    return false;
  }
}
