import { EstimatorConfigError } from "../base/input-error.js";
import type { SnapshotReader, SnapshotWriter } from "../base/snapshot.js";

/**
 * The time-decayed weighted reservoir of one tree (AWS `CompactSampler`, Efraimidis & Spirakis
 * 2006 A-ES): each offered point gets the weight log(−log u) − timeDecay · sequenceIndex, u
 * uniform in (0, 1), and the reservoir keeps the `capacity` smallest weights — the points with
 * the largest u^(1/exp(timeDecay · sequenceIndex)), so newer points are favoured. A max-heap on
 * the weight, so the entry to evict is at the top.
 * @internal
 */
export class RcfSampler {
  readonly weight: Float64Array;
  /** Point-store slot of each entry. */
  readonly point: Int32Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.weight = new Float64Array(capacity);
    this.point = new Int32Array(capacity);
  }

  /** Removes the entry of largest weight and returns its point. */
  evictMax(): number {
    const { weight, point } = this;
    const evicted = point[0] as number;
    const n = --this.size;
    const w = weight[n] as number;
    const p = point[n] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (weight[child + 1] as number) > (weight[child] as number)) child++;
      if (!((weight[child] as number) > w)) break;
      weight[i] = weight[child] as number;
      point[i] = point[child] as number;
      i = child;
    }
    weight[i] = w;
    point[i] = p;
    return evicted;
  }

  /** Adds an entry; the caller makes room first. */
  add(w: number, p: number): void {
    const { weight, point } = this;
    let i = this.size++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!((weight[up] as number) < w)) break;
      weight[i] = weight[up] as number;
      point[i] = point[up] as number;
      i = up;
    }
    weight[i] = w;
    point[i] = p;
  }

  /** Layout: size, then each entry in heap order: weight (f64) and `ids[point]` (u32). */
  write(w: SnapshotWriter, ids: Int32Array): void {
    w.u32(this.size);
    for (let i = 0; i < this.size; i++) w.f64(this.weight[i] as number).u32(ids[this.point[i] as number] as number);
  }

  /** Reads what {@link RcfSampler.write} wrote, the ids being the point-store slots. */
  read(r: SnapshotReader, points: number, where: string): void {
    const size = r.u32();
    if (size > this.capacity) throw new EstimatorConfigError(`${where}: snapshot holds a sample of ${size} points, its sampleSize is ${this.capacity}`);
    this.size = size;
    for (let i = 0; i < size; i++) {
      this.weight[i] = r.f64();
      const p = r.u32();
      if (p >= points) throw new EstimatorConfigError(`${where}: snapshot refers to point ${p} of ${points}`);
      this.point[i] = p;
    }
  }
}
