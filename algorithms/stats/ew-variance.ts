import { checkFinite } from "../base/validate.js";
import { type EWOptions, fadingOf } from "./ew-mean.js";
import type { Statistic } from "./univariate.js";
import { checkNoWeight } from "./validate.js";

/**
 * Exponentially weighted variance, updated by Finch's stable recurrence.
 *
 * @remarks
 * River's `stats.EWVar(fading_factor=0.5)` defines the variance as EWMean(x²) − EWMean(x)²,
 * both means with factor α and initialised by the first value. With d = x − mean (mean before
 * the update) that equals the recurrence var ← (1 − α)·(var + α·d²) used here, which avoids the
 * cancellation of a difference of squares. The mean is updated exactly as {@link EWMean}
 * does, so `mean` equals an `EWMean`'s value on the same stream. `get()` is 0 before any update
 * and after the first (River: 0). Same differences from River as {@link EWMean} (only the first
 * update initialises); neither mergeable nor revertible; no weights.
 * @example
 * ```ts
 * import { EWVar } from "streamine/algorithms";
 * const v = new EWVar({ fading: 0.5 });
 * v.update(1);
 * expect(v.get()).toBe(0);
 * v.update(3);
 * expect(v.get()).toBe(1);    // 0.5 · (0 + 0.5 · (3 − 1)²)
 * v.update(5);
 * expect(v.mean).toBe(3.5);
 * expect(v.get()).toBe(2.75); // 0.5 · (1 + 0.5 · (5 − 2)²)
 * ```
 * @see Finch, T. (2009) "Incremental calculation of weighted mean and variance", University of Cambridge Computing Service.
 * @public
 */
export class EWVar implements Statistic {
  /** The fading factor α. */
  readonly fading: number;
  private count = 0;
  private mu = 0;
  private variance = 0;

  /** @param options - `{ fading }`: α in [0, 1], default 0.5. */
  constructor(options?: EWOptions) {
    this.fading = fadingOf("EWVar.constructor", options);
  }

  /** Number of updates seen. */
  get n(): number {
    return this.count;
  }

  /** The exponentially weighted mean; 0 before any update. */
  get mean(): number {
    return this.mu;
  }

  /**
   * Adds `x`.
   * @param x - a finite number.
   * @param w - must be omitted (or 1): exponential weighting takes no weights.
   */
  update(x: number, w?: number): void {
    checkFinite("EWVar.update", "x", x);
    checkNoWeight("EWVar.update", w);
    const a = this.fading;
    if (this.count === 0) {
      this.mu = x;
    } else {
      const d = x - this.mu;
      this.mu = a * x + (1 - a) * this.mu;
      this.variance = (1 - a) * (this.variance + a * d * d);
    }
    this.count++;
  }

  /** The exponentially weighted variance; 0 before the second update. */
  get(): number {
    return this.variance;
  }
}
