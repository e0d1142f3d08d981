// Small timing helpers shared by the window and estimator benchmarks.

const gcFn = (globalThis as { gc?: () => void }).gc;

/** Collects garbage when node runs with --expose-gc (as `npm run bench` does), so runs start even. */
export function collectGarbage(): void {
  gcFn?.();
}

export const hasGc = gcFn !== undefined;

/** Wall-clock ms of one call, after a full GC. */
export async function timeMs(fn: () => unknown): Promise<number> {
  collectGarbage();
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const hi = s[m] ?? NaN;
  return s.length % 2 === 1 ? hi : ((s[m - 1] ?? NaN) + hi) / 2;
}

export function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

export function perSec(records: number, ms: number): string {
  const r = (records / ms) * 1_000;
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(0)} k/s`;
}

/**
 * Median samples/s of `reps` timed runs of `run` over `n` samples (each run starts from a fresh
 * model), and the sanity value the last run returned.
 */
export function throughput(reps: number, n: number, run: () => number): { perSec: number; check: number } {
  const times: number[] = [];
  // One collection, then a warm-up: a full GC between timed runs makes V8 drop optimised code and
  // re-tier, which then dominates a 200k-sample run (both for the peer and for us).
  collectGarbage();
  let check = run();
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    check = run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { perSec: (n / median(times)) * 1_000, check };
}
