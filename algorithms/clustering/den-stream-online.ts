import type { DampedMicroClusters } from "./damped-micro-clusters.js";
import { nearestCenter, sqDistToCenter } from "./nearest-center.js";

/**
 * DenStream's pruning period Tp = ⌈(1/λ)·log₂(βμ/(βμ − 1))⌉ time units (Cao et al. 2006, §4.2):
 * the least time a potential micro-cluster needs to fade below βμ. Requires βμ > 1.
 * @internal
 */
export function pruningPeriod(lambda: number, minPotential: number): number {
  return Math.ceil((1 / lambda) * Math.log2(minPotential / (minPotential - 1)));
}

/**
 * The paper's Merging(p) of record x at time t: into the nearest potential micro-cluster if its
 * radius stays ≤ ε; else into the nearest outlier one if its radius stays ≤ ε, which becomes
 * potential once its weight is ≥ `minPotential` (βμ); else x starts an outlier micro-cluster.
 * @internal
 */
export function mergeRecord(potential: DampedMicroClusters, outlier: DampedMicroClusters, x: Float64Array, t: number, epsilon: number, minPotential: number): void {
  const d = potential.d;
  if (potential.size > 0) {
    const j = nearestCenter(x, potential.cf.centers, potential.size, d);
    if (potential.radiusIfInserted(j, x, t) <= epsilon) {
      potential.insert(j, x, t);
      return;
    }
  }
  if (outlier.size > 0) {
    const j = nearestCenter(x, outlier.cf.centers, outlier.size, d);
    if (outlier.radiusIfInserted(j, x, t) <= epsilon) {
      outlier.insert(j, x, t);
      if (outlier.weight(j, t) >= minPotential) potential.take(outlier, j);
      return;
    }
  }
  outlier.push(x, t);
}

/**
 * The pruning at time t (a multiple of Tp): deletes the potential micro-clusters lighter than βμ,
 * and the outlier ones, created at t_o, lighter than ξ = (2^(−λ(t − t_o + Tp)) − 1)/(2^(−λ·Tp) − 1),
 * the least weight of one that could still become potential.
 * @internal
 */
export function prune(potential: DampedMicroClusters, outlier: DampedMicroClusters, t: number, period: number, minPotential: number): void {
  const lambda = outlier.lambda;
  // Backwards: `remove` moves the last row, already checked, into the freed place.
  for (let j = potential.size - 1; j >= 0; j--) if (potential.weight(j, t) < minPotential) potential.remove(j);
  const denominator = Math.pow(2, -lambda * period) - 1;
  for (let j = outlier.size - 1; j >= 0; j--) {
    const xi = (Math.pow(2, -lambda * (t - (outlier.created[j] as number) + period)) - 1) / denominator;
    if (outlier.weight(j, t) < xi) outlier.remove(j);
  }
}

/**
 * How anomalous x is by where {@link mergeRecord} would put it at time t, in [0, 3]: with
 * u(r) = r/(r + ε), u(distance to the nearest potential centre) when that micro-cluster would
 * absorb x; else 1 + u(distance to the nearest outlier centre) when that one would; else
 * 2 + u(distance to the nearest potential centre), which is 3 when there is none. Changes nothing.
 * @internal
 */
export function landingScore(potential: DampedMicroClusters, outlier: DampedMicroClusters, x: Float64Array, t: number, epsilon: number): number {
  const d = potential.d;
  let toPotential = Infinity;
  if (potential.size > 0) {
    const j = nearestCenter(x, potential.cf.centers, potential.size, d);
    toPotential = Math.sqrt(sqDistToCenter(x, potential.cf.centers, j, d));
    if (potential.radiusIfInserted(j, x, t) <= epsilon) return grade(toPotential, epsilon);
  }
  if (outlier.size > 0) {
    const j = nearestCenter(x, outlier.cf.centers, outlier.size, d);
    if (outlier.radiusIfInserted(j, x, t) <= epsilon) return 1 + grade(Math.sqrt(sqDistToCenter(x, outlier.cf.centers, j, d)), epsilon);
  }
  return 2 + grade(toPotential, epsilon);
}

/** u(r) = r/(r + ε) in [0, 1], 1 at r = ∞. */
function grade(r: number, epsilon: number): number {
  return r === Infinity ? 1 : r / (r + epsilon);
}
