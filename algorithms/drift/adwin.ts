import type { DriftDetector } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";
import { AdwinBuckets } from "./adwin-buckets.js";

/** Options of {@link ADWIN}. @public */
export interface ADWINOptions {
  /** Significance of the cut test (δ, in (0, 1)): smaller means fewer false alarms and slower detection; default 0.002. */
  delta?: number;
  /** Check for a change every `clock` updates (1 = after every update); default 32. */
  clock?: number;
  /** Buckets of each size kept before the two oldest are merged (M of ADWIN2); default 5. */
  maxBuckets?: number;
  /** Smallest length of either sub-window in a cut; default 5. */
  minWindowLength?: number;
  /** No change is checked until the window holds more than this many values; default 10. */
  gracePeriod?: number;
}

const DEFAULTS: Required<ADWINOptions> = { delta: 0.002, clock: 32, maxBuckets: 5, minWindowLength: 5, gracePeriod: 10 };
const TAG = "ADWIN";
const VERSION = 1;

/**
 * ADaptive WINdowing (Bifet & Gavaldà's ADWIN2, as River's `drift.ADWIN`): keeps a window of recent
 * values in an exponential histogram and flags a change when some split of it into an older part
 * W₀ and a newer part W₁ has means further apart than the bound
 * ε = √(2·m⁻¹·σ²_W·δ′) + ⅔·δ′·m⁻¹, with δ′ = ln(2·ln|W| / δ) and
 * m⁻¹ = 1/(|W₀| − L + 1) + 1/(|W₁| − L + 1) (L = `minWindowLength`). On a cut the oldest buckets
 * are dropped until no split is significant. Memory is O(M·log |W|); nothing is allocated per update.
 *
 * @remarks
 * As in River, the update after a detection starts from an empty window (River's `_reset`), and
 * splits are tried only on every `clock`-th update once the window is longer than `gracePeriod`.
 * Differences from River: `nDetections` counts every detection since construction (River's
 * restarts with the window, so it never exceeds 1), and `variance` is the variance of the values
 * in the window (River's property returns their unnormalised sum of squared deviations).
 *
 * @param options - {@link ADWINOptions}: delta 0.002, clock 32, maxBuckets 5, minWindowLength 5, gracePeriod 10.
 * @example
 * ```ts
 * import { ADWIN } from "streamine/algorithms";
 * const d = new ADWIN({ clock: 1 });
 * const flagged: number[] = [];
 * for (let i = 0; i < 2_000; i++) {
 *   d.update(i < 1_000 ? i % 2 : 4 + (i % 4)); // mean 0.5, then mean 5.5 from i = 1000
 *   if (d.drift) flagged.push(i);
 * }
 * expect(flagged.length).toBe(1);
 * expect(flagged[0]).toBeGreaterThanOrEqual(1_000);
 * expect(flagged[0]).toBeLessThanOrEqual(1_010); // within 10 samples of the change
 * expect(d.estimation).toBeCloseTo(5.5, 1); // the window mean after the change: (4+5+6+7)/4
 * ```
 * @see A. Bifet and R. Gavaldà, "Learning from time-changing data with adaptive windowing", SIAM SDM 2007.
 * @public
 */
export class ADWIN implements DriftDetector {
  static readonly testParams: readonly ADWINOptions[] = [{ clock: 1, delta: 0.05 }, { maxBuckets: 2, minWindowLength: 2, gracePeriod: 4, clock: 4 }];

  readonly options: Readonly<Required<ADWINOptions>>;
  private readonly buckets: AdwinBuckets;
  private readonly removed = new Float64Array(3);
  private tick = 0;
  private n = 0;
  private sum = 0;
  /** Sum of squared deviations from the window mean. */
  private m2 = 0;
  private detections = 0;
  private detected = false;

  constructor(options?: ADWINOptions) {
    const where = "ADWIN.constructor";
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(o.delta > 0 && o.delta < 1, where, "delta", "in (0, 1)", o.delta);
    checkOption(Number.isInteger(o.clock) && o.clock >= 1, where, "clock", "an integer ≥ 1", o.clock);
    checkOption(Number.isInteger(o.maxBuckets) && o.maxBuckets >= 1 && o.maxBuckets <= 1024, where, "maxBuckets", "an integer in [1, 1024]", o.maxBuckets);
    checkOption(Number.isInteger(o.minWindowLength) && o.minWindowLength >= 1, where, "minWindowLength", "an integer ≥ 1", o.minWindowLength);
    checkOption(Number.isInteger(o.gracePeriod) && o.gracePeriod >= 0, where, "gracePeriod", "an integer ≥ 0", o.gracePeriod);
    this.options = o;
    this.buckets = new AdwinBuckets(o.maxBuckets);
  }

  /** True right after the update that detected a change. */
  get drift(): boolean {
    return this.detected;
  }

  /** The mean of the values in the window; 0 when it is empty. */
  get estimation(): number {
    return this.n === 0 ? 0 : this.sum / this.n;
  }

  /** Number of values in the window. */
  get width(): number {
    return this.n;
  }

  /** Sum of the values in the window. */
  get total(): number {
    return this.sum;
  }

  /** Variance of the values in the window (population, divided by `width`); 0 when it is empty. */
  get variance(): number {
    return this.n === 0 ? 0 : this.m2 / this.n;
  }

  /** Changes detected since construction. */
  get nDetections(): number {
    return this.detections;
  }

  update(x: number): void {
    checkFinite("ADWIN.update", "x", x);
    if (this.detected) this.reset();
    // Welford-style: the new value's contribution to the window's sum of squared deviations.
    if (this.n > 0) {
      const d = x - this.sum / this.n;
      this.m2 += (this.n * d * d) / (this.n + 1);
    }
    this.n++;
    this.sum += x;
    this.buckets.insert(x);
    this.tick++;
    const { clock, gracePeriod } = this.options;
    if (this.tick % clock === 0 && this.n > gracePeriod) this.detected = this.shrink();
    if (this.detected) this.detections++;
  }

  /** Drops the oldest bucket while some split of the window is significant; true if any was dropped. */
  private shrink(): boolean {
    const b = this.buckets;
    const minLen = this.options.minWindowLength;
    let changed = false;
    let cut = true;
    while (cut) {
      cut = false;
      let n0 = 0;
      let n1 = this.n;
      let u0 = 0;
      let u1 = this.sum;
      const deltaPrime = Math.log((2 * Math.log(this.n)) / this.options.delta);
      // Walk the splits from the oldest bucket to the newest; W₀ grows by one bucket each step.
      scan: for (let row = b.nRows - 1; row >= 0; row--) {
        const size = 2 ** row;
        const count = b.counts[row] ?? 0;
        const base = row * b.stride;
        for (let k = 0; k < count; k++) {
          const t = b.totals[base + k] ?? 0;
          n0 += size;
          n1 -= size;
          u0 += t;
          u1 -= t;
          if (row === 0 && k === count - 1) break scan; // W₁ would be empty
          if (n0 >= minLen && n1 >= minLen && this.significant(n0, n1, u0 / n0 - u1 / n1, deltaPrime)) {
            this.dropOldest();
            changed = true;
            cut = true;
            break scan;
          }
        }
      }
    }
    return changed;
  }

  /** The ADWIN cut test for the split (n0, n1); `deltaPrime` = ln(2·ln n / δ), the same for every split of a scan. */
  private significant(n0: number, n1: number, meanDiff: number, deltaPrime: number): boolean {
    const minLen = this.options.minWindowLength;
    const mRecip = 1 / (n0 - minLen + 1) + 1 / (n1 - minLen + 1);
    const eps = Math.sqrt(2 * mRecip * (this.m2 / this.n) * deltaPrime) + (2 / 3) * deltaPrime * mRecip;
    return Math.abs(meanDiff) > eps;
  }

  private dropOldest(): void {
    const r = this.removed;
    this.buckets.removeOldest(r);
    const size = r[0] ?? 0;
    const t = r[1] ?? 0;
    this.n -= size;
    this.sum -= t;
    // Chan et al. in reverse: remove the bucket's own spread and its offset from the remaining mean.
    const d = t / size - this.sum / this.n;
    this.m2 -= (r[2] ?? 0) + (size * this.n * d * d) / (size + this.n);
  }

  private reset(): void {
    this.buckets.clear();
    this.tick = 0;
    this.n = 0;
    this.sum = 0;
    this.m2 = 0;
    this.detected = false;
  }

  snapshot(): Uint8Array {
    const b = this.buckets;
    const w = new SnapshotWriter(TAG, VERSION, this.options)
      .f64(this.tick)
      .f64(this.n)
      .f64(this.sum)
      .f64(this.m2)
      .f64(this.detections)
      .bool(this.detected)
      .u8(b.nRows);
    for (let row = 0; row < b.nRows; row++) {
      const count = b.counts[row] ?? 0;
      w.u16(count);
      for (let k = 0; k < count; k++) w.f64(b.totals[row * b.stride + k] ?? 0).f64(b.variances[row * b.stride + k] ?? 0);
    }
    return w.finish();
  }

  static restore(bytes: Uint8Array): ADWIN {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const d = new ADWIN(options as ADWINOptions);
    d.tick = reader.f64();
    d.n = reader.f64();
    d.sum = reader.f64();
    d.m2 = reader.f64();
    d.detections = reader.f64();
    d.detected = reader.bool();
    const b = d.buckets;
    b.nRows = reader.u8();
    if (b.nRows < 1 || b.nRows > AdwinBuckets.MAX_ROWS) throw new EstimatorConfigError(`ADWIN.restore: snapshot has ${b.nRows} bucket rows`);
    for (let row = 0; row < b.nRows; row++) {
      const count = reader.u16();
      if (count > b.maxBuckets) throw new EstimatorConfigError(`ADWIN.restore: snapshot row ${row} has ${count} buckets, more than maxBuckets`);
      b.counts[row] = count;
      for (let k = 0; k < count; k++) {
        b.totals[row * b.stride + k] = reader.f64();
        b.variances[row * b.stride + k] = reader.f64();
      }
    }
    reader.end();
    return d;
  }
}
