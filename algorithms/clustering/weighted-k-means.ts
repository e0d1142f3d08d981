import type { Random } from "../base/random.js";
import { kMeansPlusPlus } from "./k-means-plus-plus.js";
import { nearestCenter, sqDistToCenter } from "./nearest-center.js";

/** Settings of {@link weightedKMeans}. @internal */
export interface WeightedKMeansSettings {
  /** Independent runs (seeding + Lloyd), ≥ 1; the one of least weighted SSE is kept. Default 10. */
  readonly restarts?: number;
  /** Lloyd iterations per run at most; default 100. */
  readonly maxIterations?: number;
}

/**
 * Weighted k-means: greedy weighted k-means++ seeding, then Lloyd's iterations with weighted
 * means, best of `restarts` runs. The n points are row-major n×d in `points`, each with a
 * weight ≥ 0 (CluStream: the micro-cluster centres weighted by their sizes). Writes the k
 * centres to `into` (k×d) and each point's centre index to `assignment`; returns the weighted
 * SSE Σ wₚ·‖xₚ − c(p)‖².
 *
 * @remarks
 * A run stops when no assignment changes (the centres are then the weighted means of their
 * points) or after `maxIterations` updates; either way it ends on an assignment step, so every
 * point is assigned to its nearest centre (ties to the lower index). A centre that loses all its
 * weight keeps its place. k may exceed the number of distinct points: the spare centres then
 * duplicate points and stay empty. Every draw comes from `random`, so a run is a function of its
 * input and the generator's state. Allocates O(n + k·d) scratch per call.
 * @internal
 */
export function weightedKMeans(
  points: Float64Array,
  weights: Float64Array,
  n: number,
  d: number,
  k: number,
  random: Random,
  into: Float64Array,
  assignment: Int32Array,
  settings: WeightedKMeansSettings = {},
): number {
  const restarts = settings.restarts ?? 10;
  const maxIterations = settings.maxIterations ?? 100;
  const centers = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const sums = new Float64Array(k * d);
  const mass = new Float64Array(k);
  const chosen = new Int32Array(k);
  const x = new Float64Array(d);
  let best = Infinity;
  for (let run = 0; run < restarts; run++) {
    kMeansPlusPlus(points, n, d, k, random, centers, chosen, weights);
    labels.fill(-1);
    let iterations = 0;
    while (assign(points, n, d, k, centers, labels, x) && iterations++ < maxIterations) {
      weightedMeans(points, weights, n, d, k, labels, centers, sums, mass);
    }
    const sse = weightedSse(points, weights, n, d, centers, labels, x);
    // `<` keeps the first of equally good runs.
    if (sse < best) {
      best = sse;
      into.set(centers);
      assignment.set(labels);
    }
  }
  return best;
}

/** Assigns each point to its nearest centre; true when some assignment changed. */
function assign(points: Float64Array, n: number, d: number, k: number, centers: Float64Array, labels: Int32Array, x: Float64Array): boolean {
  let changed = false;
  for (let p = 0; p < n; p++) {
    for (let i = 0; i < d; i++) x[i] = points[p * d + i] as number;
    const j = nearestCenter(x, centers, k, d);
    if (labels[p] !== j) {
      labels[p] = j;
      changed = true;
    }
  }
  return changed;
}

/** Moves each centre of positive weight to the weighted mean of its points. */
function weightedMeans(
  points: Float64Array,
  weights: Float64Array,
  n: number,
  d: number,
  k: number,
  labels: Int32Array,
  centers: Float64Array,
  sums: Float64Array,
  mass: Float64Array,
): void {
  sums.fill(0);
  mass.fill(0);
  for (let p = 0; p < n; p++) {
    const j = labels[p] as number;
    const w = weights[p] as number;
    mass[j] = (mass[j] as number) + w;
    for (let i = 0; i < d; i++) sums[j * d + i] = (sums[j * d + i] as number) + w * (points[p * d + i] as number);
  }
  for (let j = 0; j < k; j++) {
    const m = mass[j] as number;
    if (!(m > 0)) continue;
    for (let i = 0; i < d; i++) centers[j * d + i] = (sums[j * d + i] as number) / m;
  }
}

function weightedSse(points: Float64Array, weights: Float64Array, n: number, d: number, centers: Float64Array, labels: Int32Array, x: Float64Array): number {
  let s = 0;
  for (let p = 0; p < n; p++) {
    for (let i = 0; i < d; i++) x[i] = points[p * d + i] as number;
    s += (weights[p] as number) * sqDistToCenter(x, centers, labels[p] as number, d);
  }
  return s;
}
