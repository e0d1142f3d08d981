import { sqDistToCenter } from "./nearest-center.js";

/**
 * DBSCAN over weighted micro-clusters, DenStream's offline step (Cao et al. 2006, §4.3): each
 * micro-cluster is a virtual point at its centre (row-major n×d in `centers`) with its weight.
 * Writes each one's cluster to `labels` (−1: noise) and returns the number of clusters.
 *
 * @remarks
 * The paper's rule: a micro-cluster is core when its weight is ≥ `minWeight` (μ); c_q is directly
 * density-reachable from a core c_p when ‖c_p − c_q‖ ≤ `eps` (2ε). So the clusters are the
 * connected components of the cores under that distance, and a non-core joins a cluster when
 * some core lies within `eps`. DBSCAN leaves a border point reachable from two clusters to
 * whichever reaches it first; here it goes to the cluster of its nearest core (ties to the lower
 * index), so the result does not depend on the order of the scan. Clusters are numbered by
 * their lowest-index core. Distances are compared squared. O(n²·d); allocates O(n).
 * @internal
 */
export function microClusterDbscan(
  centers: Float64Array,
  weights: Float64Array,
  n: number,
  d: number,
  eps: number,
  minWeight: number,
  labels: Int32Array,
): number {
  const eps2 = eps * eps;
  const x = new Float64Array(d);
  const stack = new Int32Array(n);
  const row = (j: number): Float64Array => {
    for (let i = 0; i < d; i++) x[i] = centers[j * d + i] as number;
    return x;
  };
  const isCore = (j: number): boolean => (weights[j] as number) >= minWeight;
  labels.fill(-1, 0, n);
  let clusters = 0;
  for (let seed = 0; seed < n; seed++) {
    if (!isCore(seed) || labels[seed] !== -1) continue;
    const c = clusters++;
    labels[seed] = c;
    let top = 0;
    stack[top++] = seed;
    while (top > 0) {
      const p = stack[--top] as number;
      row(p);
      for (let q = 0; q < n; q++) {
        if (labels[q] !== -1 || !isCore(q) || sqDistToCenter(x, centers, q, d) > eps2) continue;
        labels[q] = c;
        stack[top++] = q;
      }
    }
  }
  for (let q = 0; q < n; q++) {
    if (isCore(q)) continue;
    row(q);
    let best = eps2;
    let found = -1;
    for (let p = 0; p < n; p++) {
      if (!isCore(p)) continue;
      const s = sqDistToCenter(x, centers, p, d);
      if (s < best || (found === -1 && s === best)) {
        best = s;
        found = p;
      }
    }
    if (found >= 0) labels[q] = labels[found] as number;
  }
  return clusters;
}

/**
 * The centre of each of the `count` clusters of {@link microClusterDbscan}: the weighted mean of
 * its micro-clusters' centres (noise left out), written row-major to `into` (count×d); returns
 * each cluster's total weight.
 * @internal
 */
export function weightedClusterMeans(
  centers: Float64Array,
  weights: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  count: number,
  into: Float64Array,
): Float64Array {
  const mass = new Float64Array(count);
  into.fill(0, 0, count * d);
  for (let j = 0; j < n; j++) {
    const c = labels[j] as number;
    if (c < 0) continue;
    const w = weights[j] as number;
    mass[c] = (mass[c] as number) + w;
    for (let i = 0; i < d; i++) into[c * d + i] = (into[c * d + i] as number) + w * (centers[j * d + i] as number);
  }
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < d; i++) into[c * d + i] = (into[c * d + i] as number) / (mass[c] as number);
  }
  return mass;
}
