import { ClusterFeatures } from "./cluster-feature.js";
import { nearestCenter, sqDistToCenter } from "./nearest-center.js";
import { normalQuantile } from "./normal-quantile.js";

/**
 * CluStream's online micro-clusters (Aggarwal et al. 2003, §3–4): at most q temporal CF vectors,
 * (n, LS, SS) of the points and (n, LST, SST) of their timestamps, with the rule that absorbs a
 * point or makes room for a new micro-cluster.
 *
 * @remarks
 * Learning x at time t: the nearest micro-cluster M (by centre) absorbs x when ‖x − c_M‖ is
 * within M's maximum boundary — `radiusFactor` × M's RMS deviation, or, when M holds one point,
 * the distance from c_M to the nearest other centre (∞ when M is alone). "Within" is ≤ where MOA
 * has <, so that a micro-cluster of identical records absorbs one more. Otherwise x starts a
 * new micro-cluster: in a free slot while fewer than q exist; else in place of the micro-cluster
 * of least relevance stamp, if that stamp is older than t − `horizon`; else in place of one of
 * the two micro-clusters nearest each other, after the other absorbs it (ties: the first pair
 * scanned, the second is replaced).
 *
 * The relevance stamp estimates the mean arrival time of a micro-cluster's last m points (the
 * paper's m; here m = q, as in MOA and River), timestamps taken as normal: μ_t when n < 2m, else
 * the (1 − m/2n)-quantile μ_t + σ_t·Φ⁻¹(1 − m/(2n)). MOA and River use Φ⁻¹(m/(2n)), a
 * quantile below the mean, which makes a long-lived cluster look older than its average point.
 * @internal
 */
export class TemporalMicroClusters {
  /** Per micro-cluster: weight, linear and squared sums of its points (row-major). */
  readonly points: ClusterFeatures;
  /** Per micro-cluster: the same of its timestamps (d = 1: the centre is μ_t, the radius σ_t). */
  readonly times: ClusterFeatures;
  private readonly stamp = new Float64Array(1);
  /** A copy of one centre, for distances between centres. */
  private readonly center: Float64Array;
  /** The pair found by {@link TemporalMicroClusters.closestPair}. */
  private pairA = 0;
  private pairB = 0;

  constructor(
    readonly d: number,
    readonly q: number,
    readonly radiusFactor: number,
    readonly horizon: number,
  ) {
    this.points = new ClusterFeatures(d, q);
    this.times = new ClusterFeatures(1, q);
    this.center = new Float64Array(d);
  }

  get size(): number {
    return this.points.size;
  }

  /** Learns x, which arrived at time t (see remarks). */
  learn(x: Float64Array, t: number): void {
    const { points, d } = this;
    this.stamp[0] = t;
    if (points.size > 0) {
      const j = nearestCenter(x, points.centers, points.size, d);
      if (sqDistToCenter(x, points.centers, j, d) <= this.boundary2(j)) {
        points.absorb(j, x);
        this.times.absorb(j, this.stamp);
        return;
      }
    }
    if (points.size < this.q) {
      points.push(x);
      this.times.push(this.stamp);
      return;
    }
    const old = this.leastRelevant();
    if (this.relevanceStamp(old) < t - this.horizon) {
      points.reset(old, x);
      this.times.reset(old, this.stamp);
      return;
    }
    this.closestPair();
    points.merge(this.pairA, this.pairB);
    this.times.merge(this.pairA, this.pairB);
    points.reset(this.pairB, x);
    this.times.reset(this.pairB, this.stamp);
  }

  /** Builds the micro-clusters from the initial k-means: record p (arrived at time p) went to cluster labels[p] < k. */
  seed(records: Float64Array, n: number, labels: Int32Array, k: number): void {
    const slot = new Int32Array(k).fill(-1);
    const x = new Float64Array(this.d);
    for (let p = 0; p < n; p++) {
      x.set(records.subarray(p * this.d, p * this.d + this.d));
      this.stamp[0] = p;
      const c = labels[p] as number;
      const j = slot[c] as number;
      if (j < 0) {
        slot[c] = this.points.push(x);
        this.times.push(this.stamp);
      } else {
        this.points.absorb(j, x);
        this.times.absorb(j, this.stamp);
      }
    }
  }

  /** The relevance stamp of micro-cluster j (see remarks). */
  relevanceStamp(j: number): number {
    const n = this.times.n[j] as number;
    const mean = this.times.centers[j] as number;
    if (n < 2 * this.q) return mean;
    return mean + this.times.radius(j) * normalQuantile(1 - this.q / (2 * n));
  }

  /** The squared maximum boundary of micro-cluster j. */
  private boundary2(j: number): number {
    const points = this.points;
    if ((points.n[j] as number) > 1) {
      const r = this.radiusFactor * points.radius(j);
      return r * r;
    }
    const c = this.copyCenter(j);
    let best = Infinity;
    for (let i = 0; i < points.size; i++) if (i !== j) best = Math.min(best, sqDistToCenter(c, points.centers, i, this.d));
    return best;
  }

  private copyCenter(j: number): Float64Array {
    const { d, center } = this;
    const centers = this.points.centers;
    for (let i = 0; i < d; i++) center[i] = centers[j * d + i] as number;
    return center;
  }

  /** The micro-cluster of least relevance stamp (ties to the lower index). */
  private leastRelevant(): number {
    let best = 0;
    let bestStamp = Infinity;
    for (let j = 0; j < this.size; j++) {
      const s = this.relevanceStamp(j);
      if (s < bestStamp) {
        bestStamp = s;
        best = j;
      }
    }
    return best;
  }

  /** Sets pairA < pairB to the two micro-clusters whose centres are nearest each other. O(q²·d). */
  private closestPair(): void {
    const { points, d } = this;
    let best = Infinity;
    for (let a = 0; a < points.size; a++) {
      const c = this.copyCenter(a);
      for (let b = a + 1; b < points.size; b++) {
        const s = sqDistToCenter(c, points.centers, b, d);
        if (s < best) {
          best = s;
          this.pairA = a;
          this.pairB = b;
        }
      }
    }
  }
}
