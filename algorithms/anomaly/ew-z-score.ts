import type { AnomalyDetector } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, readVector, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";

/** Options of {@link EWZScore}. @public */
export interface EWZScoreOptions {
  /** The fading factor α in (0, 1]: the weight of the newest value in the mean and variance; default 0.05 (a memory of about 1/α = 20 values). */
  fading?: number;
}

type Options = Required<EWZScoreOptions>;

const DEFAULTS: Options = { fading: 0.05 };
const TAG = "EWZScore";
const VERSION = 1;
/** σ is floored at MIN_SCALE·(1 + |μ|), so a change after a constant stretch scores high but finite. */
const MIN_SCALE = 1e-12;

/**
 * z-score against an exponentially weighted mean and variance: |x − μ| / σ, with μ and σ² the
 * EW mean and variance of the values learned so far. Univariate: feed one-element vectors.
 *
 * @remarks
 * μ and σ² follow exactly the recurrences of {@link EWMean} and {@link EWVar} (Finch 2009):
 * with d = x − μ, μ ← μ + α·d and σ² ← (1 − α)(σ² + α·d²), the first value setting μ; the
 * scores equal those computed from an `EWVar` on the same stream, bit for bit. (The state is kept
 * here rather than in an `EWVar` because the statistics do not expose their state for a snapshot.)
 *
 * Score: |x − μ| / σ before x is learned; 0 until two values are learned. σ is floored at
 * 1e-12·(1 + |μ|), so after a constant stretch (σ = 0) a change scores very high but finite (the
 * thresholders take finite scores only). Higher is more anomalous. O(1) time and
 * three numbers of state, so it suits one detector per key; an outlier is learned like any
 * value (put a thresholder such as {@link QuantileFilter} in front to keep it out).
 *
 * @example
 * ```ts
 * import { EWZScore } from "streamine/algorithms";
 * const z = new EWZScore({ fading: 0.5 });
 * expect(z.scoreOne([3])).toBe(0); // cold start
 * z.learnOne([1]);
 * z.learnOne([3]); // μ = 2, σ² = 0.5 · (0 + 0.5 · 2²) = 1
 * expect(z.scoreOne([2])).toBe(0);
 * expect(z.scoreOne([5])).toBe(3);
 * expect(z.scoreOne([-1])).toBe(3);
 * ```
 * @see T. Finch (2009) "Incremental calculation of weighted mean and variance", University of Cambridge Computing Service.
 * @public
 */
export class EWZScore implements AnomalyDetector {
  static readonly testParams: readonly EWZScoreOptions[] = [{ fading: 0.5 }, { fading: 1 }, { fading: 0.001 }];

  readonly options: Readonly<Options>;
  private count = 0;
  private mean = 0;
  private variance = 0;
  private readonly x = new Float64Array(1);

  /** @param options - see {@link EWZScoreOptions}; default fading 0.05. */
  constructor(options?: EWZScoreOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(typeof o.fading === "number" && o.fading > 0 && o.fading <= 1, where, "fading", "a number in (0, 1] (the weight of the newest value)", o.fading);
    this.options = o;
  }

  /** Learns one value `[v]`: updates the EW mean and variance. */
  learnOne(x: Vector): void {
    readVector(`${TAG}.learnOne`, x, 1, this.x);
    const v = this.x[0] as number;
    const a = this.options.fading;
    if (this.count === 0) {
      this.mean = v;
    } else {
      const d = v - this.mean;
      this.mean = a * v + (1 - a) * this.mean;
      this.variance = (1 - a) * (this.variance + a * d * d);
    }
    // Saturates: only "0, 1 or more" matters, and the snapshot keeps it in a u32.
    if (this.count < 2) this.count++;
  }

  /** |x − μ| / max(σ, 1e-12·(1 + |μ|)); 0 before two values are learned. */
  scoreOne(x: Vector): number {
    readVector(`${TAG}.scoreOne`, x, 1, this.x);
    if (this.count < 2) return 0;
    const dist = Math.abs((this.x[0] as number) - this.mean);
    return dist / Math.max(Math.sqrt(this.variance), MIN_SCALE * (1 + Math.abs(this.mean)));
  }

  /** Layout (version 1): options; values learned (0, 1 or 2 for "more"); mean; variance. */
  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options).u32(this.count).f64(this.mean).f64(this.variance).finish();
  }

  static restore(bytes: Uint8Array): EWZScore {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const z = new EWZScore(options as EWZScoreOptions);
    z.count = Math.min(reader.u32(), 2);
    z.mean = reader.f64();
    z.variance = reader.f64();
    reader.end();
    return z;
  }
}
