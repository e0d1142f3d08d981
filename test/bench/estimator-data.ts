// Input of the estimator benchmark, all from seeded generators so every process sees the same
// values: a d = 10 regression stream (plain arrays, what @stdlib/ml takes) and 1-D streams for the
// drift detectors and statistics.
import { Random } from "../../algorithms/base/random.js";

export const D = 10;
/** Samples of the vector models (the 200k). */
export const N = 200_000;
/** Values of the drift detectors. */
export const STREAM_N = 1_000_000;

export interface RegressionData {
  readonly xs: number[][];
  readonly ys: number[];
}

/** Standard normal features and a noisy linear target (noise σ = 0.1). */
export function regressionData(seed: number): RegressionData {
  const random = new Random(seed);
  const w = Array.from({ length: D }, (_, j) => (j % 2 === 0 ? 1 : -1) * (1 + j / D));
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < N; i++) {
    const x = Array.from({ length: D }, () => random.nextGaussian());
    xs.push(x);
    ys.push(x.reduce((s, v, j) => s + v * (w[j] ?? 0), 0.5) + 0.1 * random.nextGaussian());
  }
  return { xs, ys };
}

/** A change of level at n/2: U{0, 1} before, U{4…7} after (ADWIN, PageHinkley). */
export function levelShiftStream(n: number): Float64Array {
  const random = new Random(2);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = i < n / 2 ? random.nextInt(2) : 4 + random.nextInt(4);
  return s;
}

/** A model's 0/1 error stream whose error rate goes from 10 % to 30 % at n/2 (DDM, EDDM, HDDM). */
export function errorStream(n: number): Float64Array {
  const random = new Random(3);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = random.next() < (i < n / 2 ? 0.1 : 0.3) ? 1 : 0;
  return s;
}

/** N(0, 1) whose mean moves to 1 at n/2 (KSWIN). */
export function meanShiftStream(n: number): Float64Array {
  const random = new Random(4);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = random.nextGaussian() + (i < n / 2 ? 0 : 1);
  return s;
}

/** x ~ N(3, 2²) and y = 2x + N(0, 1): mean 3, variance 4, median 3, Cov(x, y) = 8. */
export function statStreams(n: number): { readonly xs: Float64Array; readonly ys: Float64Array } {
  const random = new Random(5);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = 3 + 2 * random.nextGaussian();
    ys[i] = 2 * (xs[i] ?? 0) + random.nextGaussian();
  }
  return { xs, ys };
}

/** The features as records with fields x0…x9, built in one field order (as parsed messages are). */
export function featureRecords(xs: readonly (readonly number[])[]): Record<string, number>[] {
  return xs.map((x) => {
    const r: Record<string, number> = {};
    for (let j = 0; j < x.length; j++) r[`x${j}`] = x[j] ?? 0;
    return r;
  });
}
