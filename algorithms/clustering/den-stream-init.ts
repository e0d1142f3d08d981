import type { DampedMicroClusters } from "./damped-micro-clusters.js";

/**
 * DenStream's initialisation (Cao et al. 2006, §4.4): a DBSCAN-like scan of the first n records
 * (row-major n×d), record q having arrived at time ⌊q / speed⌋, that makes the first potential
 * micro-clusters in `into` at time `now`.
 *
 * @remarks
 * For each record p, in arrival order, not yet covered: its neighbourhood is every uncovered
 * record within `epsilon` of it (p included), record q weighing 2^(−λ(now − t_q)). When that
 * weight is ≥ `minWeight` (βμ, a potential micro-cluster's), the neighbourhood becomes one
 * micro-cluster and is covered. Its radius is at most ε: the RMS distance of records to their
 * own centre is at most their RMS distance to p. Records left uncovered are dropped, as in the
 * paper. O(n²·d), once.
 * @internal
 */
export function initialMicroClusters(
  records: Float64Array,
  n: number,
  d: number,
  speed: number,
  now: number,
  epsilon: number,
  minWeight: number,
  into: DampedMicroClusters,
): void {
  const covered = new Uint8Array(n);
  const near = new Int32Array(n);
  const weight = new Float64Array(n);
  for (let q = 0; q < n; q++) weight[q] = Math.pow(2, -into.lambda * (now - Math.floor(q / speed)));
  const eps2 = epsilon * epsilon;
  const x = new Float64Array(d);
  for (let p = 0; p < n; p++) {
    if (covered[p] === 1) continue;
    let count = 0;
    let total = 0;
    for (let q = 0; q < n; q++) {
      if (covered[q] === 1) continue;
      let s = 0;
      for (let i = 0; i < d; i++) {
        const t = (records[p * d + i] as number) - (records[q * d + i] as number);
        s += t * t;
      }
      if (s > eps2) continue;
      near[count++] = q;
      total += weight[q] as number;
    }
    if (total < minWeight) continue;
    for (let c = 0; c < count; c++) {
      const q = near[c] as number;
      covered[q] = 1;
      x.set(records.subarray(q * d, q * d + d));
      if (c === 0) into.push(x, now, weight[q] as number);
      else into.insert(into.size - 1, x, now, weight[q] as number);
    }
  }
}
