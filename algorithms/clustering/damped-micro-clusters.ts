import { ClusterFeatures } from "./cluster-feature.js";

/**
 * DenStream's micro-clusters (Cao et al. 2006, §3): CF vectors whose weights fade as 2^(−λ·Δt),
 * with each one's time of last update and of creation. One set holds the potential, another the
 * outlier micro-clusters.
 *
 * @remarks
 * The fading is applied lazily: a row stores its CF as of its last update T, so its weight at
 * time t is n·2^(−λ(t − T)), and an insertion at t first fades the row by 2^(−λ(t − T)). The
 * centre LS/n and the radius do not depend on the fading (it scales n, LS and SS alike), only on
 * the relative weights of the records, which the insertions fix. Times never go back.
 * @internal
 */
export class DampedMicroClusters {
  readonly cf: ClusterFeatures;
  /** Per row: the time of its last update, and of its creation. */
  last: Float64Array;
  created: Float64Array;

  constructor(
    readonly d: number,
    readonly lambda: number,
  ) {
    this.cf = new ClusterFeatures(d);
    this.last = new Float64Array(this.cf.capacity);
    this.created = new Float64Array(this.cf.capacity);
  }

  get size(): number {
    return this.cf.size;
  }

  /** The factor by which row j has faded by time t. */
  fading(j: number, t: number): number {
    return Math.pow(2, -this.lambda * (t - (this.last[j] as number)));
  }

  /** The weight of row j at time t. */
  weight(j: number, t: number): number {
    return (this.cf.n[j] as number) * this.fading(j, t);
  }

  /** The radius row j would have if x (weight w) were inserted at time t; changes nothing. */
  radiusIfInserted(j: number, x: Float64Array, t: number, w = 1): number {
    return this.cf.radiusAfter(j, x, w, this.fading(j, t));
  }

  /** Inserts x with weight w into row j at time t. */
  insert(j: number, x: Float64Array, t: number, w = 1): void {
    this.cf.absorb(j, x, w, this.fading(j, t));
    this.last[j] = t;
  }

  /** A new row holding x with weight w, created at time t; returns its index. */
  push(x: Float64Array, t: number, w = 1): number {
    const j = this.cf.push(x, w);
    this.stamp(j, t, t);
    return j;
  }

  /** Moves row j of `other` to this set, keeping its times; returns its new index. */
  take(other: DampedMicroClusters, j: number): number {
    const to = this.cf.pushRow(other.cf, j);
    this.stamp(to, other.last[j] as number, other.created[j] as number);
    other.remove(j);
    return to;
  }

  /** Deletes row j by moving the last row into it. */
  remove(j: number): void {
    const last = this.cf.size - 1;
    this.last[j] = this.last[last] as number;
    this.created[j] = this.created[last] as number;
    this.cf.remove(j);
  }

  /** Replaces the contents by rows read from a snapshot. */
  load(n: Float64Array, ls: Float64Array, ss: Float64Array, last: Float64Array, created: Float64Array): void {
    this.cf.load(n, ls, ss);
    this.last = new Float64Array(this.cf.capacity);
    this.created = new Float64Array(this.cf.capacity);
    this.last.set(last);
    this.created.set(created);
  }

  private stamp(j: number, last: number, created: number): void {
    if (this.last.length < this.cf.capacity) {
      const grow = (a: Float64Array): Float64Array => {
        const b = new Float64Array(this.cf.capacity);
        b.set(a);
        return b;
      };
      this.last = grow(this.last);
      this.created = grow(this.created);
    }
    this.last[j] = last;
    this.created[j] = created;
  }
}
