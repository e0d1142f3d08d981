import { checkFinite, checkOption, withDefaults } from "../base/validate.js";
import type { Statistic } from "./univariate.js";
import { checkNoWeight } from "./validate.js";

/** Options of {@link EWMean} and {@link EWVar}. @public */
export interface EWOptions {
  /** The fading factor α in [0, 1]: the weight of the newest value; the closer to 1, the faster it adapts. Default 0.5. */
  fading?: number;
}

const DEFAULTS: Required<EWOptions> = { fading: 0.5 };

/** Validates `options.fading` for `where` ("EWMean.constructor" or "EWVar.constructor"). @internal */
export function fadingOf(where: string, options: EWOptions | undefined): number {
  const { fading } = withDefaults(where, options, DEFAULTS);
  checkOption(typeof fading === "number" && fading >= 0 && fading <= 1, where, "fading", "a number in [0, 1] (the weight of the newest value)", fading);
  return fading;
}

/**
 * Exponentially weighted mean: mean ← α·x + (1 − α)·mean, the first value initialising it.
 *
 * @remarks
 * River's `stats.EWMean(fading_factor=0.5)`, with one difference: River re-initialises
 * whenever the running mean is exactly 0 (it tests `mean == 0` for "empty"), so a stream
 * whose mean crosses 0 restarts there; here only the first update initialises. `get()` is 0
 * before any update, as in River. Not mergeable (the result depends on the order of the two
 * streams) and not revertible (the weights of old values are not kept, and α = 1 forgets
 * them entirely), so an `EWMean` is a {@link Statistic}, not a `Univariate`. No weights.
 * @example
 * ```ts
 * import { EWMean } from "streamine/algorithms";
 * const m = new EWMean({ fading: 0.5 });
 * expect(m.get()).toBe(0);
 * m.update(1);
 * expect(m.get()).toBe(1);   // the first value initialises
 * m.update(3);
 * expect(m.get()).toBe(2);   // 0.5 · 3 + 0.5 · 1
 * m.update(5);
 * expect(m.get()).toBe(3.5); // 0.5 · 5 + 0.5 · 2
 * ```
 * @see Finch, T. (2009) "Incremental calculation of weighted mean and variance", University of Cambridge Computing Service.
 * @public
 */
export class EWMean implements Statistic {
  /** The fading factor α. */
  readonly fading: number;
  private count = 0;
  private mean = 0;

  /** @param options - `{ fading }`: α in [0, 1], default 0.5. */
  constructor(options?: EWOptions) {
    this.fading = fadingOf("EWMean.constructor", options);
  }

  /** Number of updates seen. */
  get n(): number {
    return this.count;
  }

  /**
   * Adds `x`.
   * @param x - a finite number.
   * @param w - must be omitted (or 1): exponential weighting takes no weights.
   */
  update(x: number, w?: number): void {
    checkFinite("EWMean.update", "x", x);
    checkNoWeight("EWMean.update", w);
    const a = this.fading;
    this.mean = this.count === 0 ? x : a * x + (1 - a) * this.mean;
    this.count++;
  }

  /** The exponentially weighted mean; 0 before any update. */
  get(): number {
    return this.mean;
  }
}
