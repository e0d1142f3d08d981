import type { AnomalyDetector } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, readVector, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { RollingQuantile } from "../stats/rolling-quantile.js";

/** Options of {@link RobustZScore}. @public */
export interface RobustZScoreOptions {
  /** Number of most recent values the median and MAD are taken over; default 100. */
  windowSize?: number;
}

type Options = Required<RobustZScoreOptions>;

const DEFAULTS: Options = { windowSize: 100 };
const TAG = "RobustZScore";
const VERSION = 1;
/** 1/Φ⁻¹(3/4): makes the MAD a consistent estimate of σ for normal data. */
const MAD_TO_SIGMA = 1.482602218505602;
/** √(π/2): the same for the mean absolute deviation (Iglewicz & Hoaglin's fallback when MAD = 0). */
const MEAN_AD_TO_SIGMA = 1.2533141373155003;
/** The scale is floored at MIN_SCALE·(1 + |median|): a change after a constant window scores high but finite. */
const MIN_SCALE = 1e-12;

/**
 * Robust z-score over a sliding window (Iglewicz & Hoaglin's modified z): how many robust
 * standard deviations a value lies from the median of the last `windowSize` values. Univariate:
 * feed one-element vectors.
 *
 * @remarks
 * Score of x: |x − med| / (1.4826·MAD), where med is the median of the window and MAD the
 * median of |xᵢ − med| over it, both exact (the type-7 rule of {@link RollingQuantile}: the mean of
 * the two middle values for an even count). When MAD = 0 (more than half the window equal) the
 * scale is 1.2533·mean|xᵢ − med| instead; and it is floored at 1e-12·(1 + |med|), so after a
 * constant window a change scores very high but finite (the thresholders take finite scores only). Higher is more anomalous; unlike a z over mean and
 * standard deviation, outliers in the window barely move it (breakdown point 50 %).
 *
 * Cold start: 0 until two values are learned; then the window in hand is used, however short.
 * `scoreOne` is computed from the window before x is learned and changes no state.
 * Cost: `learnOne` O(windowSize) (the sorted window of a {@link RollingQuantile}); `scoreOne`
 * O(windowSize·log windowSize) (the deviations sorted in a scratch array). State: the window.
 *
 * @example
 * ```ts
 * import { RobustZScore } from "streamine/algorithms";
 * const z = new RobustZScore({ windowSize: 5 });
 * for (const v of [10, 12, 11, 1000, 13]) z.learnOne([v]); // median 12, |deviations| 2, 0, 1, 988, 1: MAD 1
 * expect(z.scoreOne([12])).toBe(0);
 * expect(z.scoreOne([15])).toBeCloseTo(3 / 1.4826, 4); // the outlier 1000 does not inflate the scale
 * ```
 * @see B. Iglewicz, D. C. Hoaglin, "How to Detect and Handle Outliers", ASQC Quality Press (1993).
 * @see P. J. Rousseeuw, C. Croux, "Alternatives to the median absolute deviation", JASA 88(424) (1993).
 * @public
 */
export class RobustZScore implements AnomalyDetector {
  static readonly testParams: readonly RobustZScoreOptions[] = [{ windowSize: 5 }, { windowSize: 32 }, { windowSize: 1 }];

  readonly options: Readonly<Options>;
  private readonly median: RollingQuantile;
  /** The window in arrival order (a ring; `head` is the oldest once full). */
  private readonly ring: Float64Array;
  /** Deviations from the median, sorted in place by scoreOne. */
  private readonly deviations: Float64Array;
  private head = 0;
  private size = 0;
  private readonly x = new Float64Array(1);

  /** @param options - see {@link RobustZScoreOptions}; default windowSize 100. */
  constructor(options?: RobustZScoreOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isSafeInteger(o.windowSize) && o.windowSize >= 1, where, "windowSize", "an integer ≥ 1", o.windowSize);
    this.options = o;
    this.median = new RollingQuantile(0.5, o.windowSize);
    this.ring = new Float64Array(o.windowSize);
    this.deviations = new Float64Array(o.windowSize);
  }

  /** Learns one value `[v]`, evicting the oldest once the window is full. */
  learnOne(x: Vector): void {
    readVector(`${TAG}.learnOne`, x, 1, this.x);
    this.push(this.x[0] as number);
  }

  private push(v: number): void {
    this.median.update(v);
    this.ring[this.head] = v;
    this.head = this.head + 1 === this.ring.length ? 0 : this.head + 1;
    if (this.size < this.ring.length) this.size++;
  }

  /** |x − median| / robust scale of the window (see remarks); 0 before two values are learned. */
  scoreOne(x: Vector): number {
    readVector(`${TAG}.scoreOne`, x, 1, this.x);
    const m = this.size;
    if (m < 2) return 0;
    const med = this.median.get();
    const dist = Math.abs((this.x[0] as number) - med);
    const { ring, deviations } = this;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const d = Math.abs((ring[i] as number) - med);
      deviations[i] = d;
      sum += d;
    }
    for (let i = m; i < deviations.length; i++) deviations[i] = Infinity; // sorts after the window's
    deviations.sort();
    const h = 0.5 * (m - 1);
    const lo = Math.floor(h);
    const mad = h === lo ? (deviations[lo] as number) : 0.5 * ((deviations[lo] as number) + (deviations[lo + 1] as number));
    const scale = mad > 0 ? MAD_TO_SIGMA * mad : MEAN_AD_TO_SIGMA * (sum / m);
    return dist / Math.max(scale, MIN_SCALE * (1 + Math.abs(med)));
  }

  /** Layout (version 1): options; the window in arrival order (f64s), from which restore rebuilds the median. */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    const m = this.size;
    const start = m < this.ring.length ? 0 : this.head;
    const values = new Float64Array(m);
    for (let i = 0; i < m; i++) values[i] = this.ring[(start + i) % this.ring.length] as number;
    return w.f64s(values).finish();
  }

  static restore(bytes: Uint8Array): RobustZScore {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const z = new RobustZScore(options as RobustZScoreOptions);
    const values = reader.f64s();
    reader.end();
    if (values.length > z.ring.length) throw new EstimatorConfigError(`${TAG}.restore: snapshot holds ${values.length} values, more than windowSize ${z.ring.length}`);
    for (let i = 0; i < values.length; i++) z.push(values[i] as number);
    return z;
  }
}
