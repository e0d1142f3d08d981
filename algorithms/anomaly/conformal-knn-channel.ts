import { EstimatorConfigError } from "../base/input-error.js";
import type { RecordHistory } from "./record-history.js";

/**
 * One shingle length of {@link ConformalKNN}: the k-NN nonconformity of the shingle ending at a
 * record against the shingles ending in the reference window, and the ring of past
 * nonconformities it is ranked among. @internal
 */
export class KnnChannel {
  /** Nonconformities calibrated so far (at most the ring's length). */
  calibrated = 0;
  private readonly calibration: Float64Array;
  private calibrationHead = 0;
  /** The k smallest squared distances found, ascending. */
  private readonly nearest: Float64Array;
  /** The current shingle: the last `shingle − 1` records and x, oldest first. */
  private current = new Float64Array(0);
  private readonly ready: number;

  constructor(
    readonly shingle: number,
    private readonly window: number,
    calibrationSize: number,
    private readonly k: number,
    warmUp: number,
  ) {
    this.calibration = new Float64Array(calibrationSize);
    this.nearest = new Float64Array(k);
    this.ready = Math.max(k + 1, warmUp);
  }

  /**
   * The sum of the k smallest squared distances (each feature's weighted by `weights`, when given) from the shingle ending at x to the
   * shingles ending in the last `window` records; −1 while there is no such shingle or fewer than
   * max(k + 1, warmUp) reference shingles.
   */
  nonconformity(history: RecordHistory, x: Float64Array, weights: Float64Array | null): number {
    const s = this.shingle;
    const d = history.dim;
    if (history.size < s - 1) return -1;
    const count = Math.min(this.window, history.size - s + 1);
    if (count < this.ready) return -1;
    const width = s * d;
    if (this.current.length !== width) this.current = new Float64Array(width);
    const current = this.current;
    if (s > 1) {
      const last = history.newest(s - 1);
      current.set(last.data.subarray(last.offset, last.offset + (s - 1) * d));
    }
    current.set(x, (s - 1) * d);
    const { data, offset } = history.newest(count + s - 1);
    const nearest = this.nearest;
    const k = this.k;
    let found = 0;
    let worst = Infinity;
    for (let j = 0; j < count; j++) {
      const base = offset + j * d;
      let acc = 0;
      if (weights !== null) {
        for (let q = 0; q < width; q++) {
          const e = (data[base + q] as number) - (current[q] as number);
          acc += (weights[q % d] as number) * e * e;
        }
      } else {
        for (let q = 0; q < width; q++) {
          const e = (data[base + q] as number) - (current[q] as number);
          acc += e * e;
        }
      }
      if (found < k) {
        let p = found++;
        while (p > 0 && (nearest[p - 1] as number) > acc) {
          nearest[p] = nearest[p - 1] as number;
          p--;
        }
        nearest[p] = acc;
        if (found === k) worst = nearest[k - 1] as number;
      } else if (acc < worst) {
        let p = k - 1;
        while (p > 0 && (nearest[p - 1] as number) > acc) {
          nearest[p] = nearest[p - 1] as number;
          p--;
        }
        nearest[p] = acc;
        worst = nearest[k - 1] as number;
      }
    }
    let sum = 0;
    for (let q = 0; q < found; q++) sum += nearest[q] as number;
    return sum;
  }

  /** The rank of α among the calibrated nonconformities, over (n + 1); beyond all of them, 1 − (max / α) / (n + 1). Needs calibrated > 0. */
  conformalScore(a: number): number {
    const n = this.calibrated;
    const ring = this.calibration;
    let below = 0;
    let max = 0;
    for (let j = 0; j < n; j++) {
      const c = ring[j] as number;
      if (c < a) below++;
      if (c > max) max = c;
    }
    return below === n ? 1 - max / Math.max(a, Number.MIN_VALUE) / (n + 1) : below / (n + 1);
  }

  calibrate(a: number): void {
    const ring = this.calibration;
    ring[this.calibrationHead] = a;
    this.calibrationHead = this.calibrationHead + 1 === ring.length ? 0 : this.calibrationHead + 1;
    if (this.calibrated < ring.length) this.calibrated++;
  }

  calibrationOldestFirst(): Float64Array {
    const ring = this.calibration;
    const n = this.calibrated;
    const start = n < ring.length ? 0 : this.calibrationHead;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = ring[(start + i) % ring.length] as number;
    return out;
  }

  restoreCalibration(values: Float64Array, tag: string): void {
    if (values.length > this.calibration.length) {
      throw new EstimatorConfigError(`${tag}.restore: snapshot calibrates ${values.length} nonconformities for shingle ${this.shingle}, more than calibrationSize ${this.calibration.length}`);
    }
    for (const a of values) this.calibrate(a);
  }
}
