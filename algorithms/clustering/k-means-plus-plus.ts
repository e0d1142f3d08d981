import type { Random } from "../base/random.js";
import { sqDistToCenter } from "./nearest-center.js";

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + ⌊ln k⌋ local
 * trials per centre): picks `k` of the `n` points (row-major n×d in `points`) as centres, writes
 * them to `into` (k×d) and their indices to `chosen`. The first centre is uniform; each next one
 * is drawn with probability ∝ D(x)², keeping, of the trials, the one that lowers the total most.
 * With `weights` (≥ 0, one per point) every probability and total is weighted: the first centre
 * is drawn ∝ w, the next ones ∝ w·D(x)² (scikit-learn's `sample_weight`); without it every
 * weight is 1 and the draws are exactly those of the unweighted rule.
 * Requires n ≥ 1; when every point coincides with a chosen centre (or the weighted total is 0)
 * the rest are drawn uniformly. Runs once per model (allocates its O(n) scratch).
 * @internal
 */
export function kMeansPlusPlus(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  random: Random,
  into: Float64Array,
  chosen: Int32Array,
  weights?: Float64Array,
): void {
  const trials = 2 + Math.floor(Math.log(k));
  const dist = new Float64Array(n).fill(Infinity);
  const candidate = new Float64Array(n);
  const best = new Float64Array(n);
  const point = new Float64Array(d);
  // 1·v is v exactly, so the unweighted totals and draws are bit-for-bit those of the plain rule.
  const weight = (p: number): number => (weights === undefined ? 1 : (weights[p] as number));
  const place = (j: number, p: number): void => {
    chosen[j] = p;
    into.set(points.subarray(p * d, p * d + d), j * d);
  };
  const lower = (j: number, out: Float64Array): number => {
    let total = 0;
    for (let p = 0; p < n; p++) {
      for (let i = 0; i < d; i++) point[i] = points[p * d + i] as number;
      const v = Math.min(dist[p] as number, sqDistToCenter(point, into, j, d));
      out[p] = v;
      total += weight(p) * v;
    }
    return total;
  };
  place(0, weights === undefined ? random.nextInt(n) : firstWeighted(weights, n, random));
  let total = lower(0, dist);
  for (let j = 1; j < k; j++) {
    if (!(total > 0)) {
      place(j, random.nextInt(n));
      continue;
    }
    let bestTotal = Infinity;
    let bestPoint = 0;
    for (let t = 0; t < trials; t++) {
      // Inverse-CDF draw from w·D(x)²; r < total, so the loop stops at a point of positive weight.
      let r = random.next() * total;
      let p = 0;
      while (p < n - 1 && r >= weight(p) * (dist[p] as number)) r -= weight(p) * (dist[p++] as number);
      place(j, p);
      const tried = lower(j, candidate);
      if (tried < bestTotal) {
        bestTotal = tried;
        bestPoint = p;
        best.set(candidate);
      }
    }
    place(j, bestPoint);
    dist.set(best);
    total = bestTotal;
  }
}

/** A point drawn with probability ∝ its weight; uniform when every weight is 0. */
function firstWeighted(weights: Float64Array, n: number, random: Random): number {
  let total = 0;
  for (let p = 0; p < n; p++) total += weights[p] as number;
  if (!(total > 0)) return random.nextInt(n);
  let r = random.next() * total;
  let p = 0;
  while (p < n - 1 && r >= (weights[p] as number)) r -= weights[p++] as number;
  return p;
}
