import { EstimatorConfigError } from "../base/input-error.js";
import { checkFinite, checkOption, received } from "../base/validate.js";
import type { Revertible, Statistic } from "./univariate.js";
import { checkWeight } from "./validate.js";

/**
 * A statistic over the last `windowSize` updates: {@link rolling}'s result.
 *
 * @remarks
 * River's `utils.Rolling`, without proxies: `update(x, w)` adds to the wrapped statistic and,
 * once the window is full, first reverts the update that falls out of it. Values and weights
 * are kept in two `Float64Array` rings allocated up front. The wrapped statistic is exposed as
 * `stat` (read its other getters, such as `Var.mean`, there); it should be fresh when wrapped
 * and only be updated through the wrapper. Each revert leaves a rounding error of the size of
 * the data's scale times ε, so on long streams the result drifts slowly (a random walk, about
 * √updates · ε relative to the data's scale). A window is not mergeable, so a
 * `RollingStatistic` is a {@link Statistic}.
 * @example
 * ```ts
 * import { Mean, RollingStatistic } from "streamine/algorithms";
 * const last2 = new RollingStatistic(new Mean(), 2);
 * for (const x of [10, 1, 3]) last2.update(x);
 * expect(last2.get()).toBe(2); // (1 + 3) / 2
 * expect(last2.n).toBe(2);
 * ```
 * @public
 */
export class RollingStatistic<S extends Revertible> implements Statistic {
  /** The wrapped statistic, holding exactly the values of the window. */
  readonly stat: S;
  /** The number of most recent updates kept. */
  readonly windowSize: number;
  private readonly xs: Float64Array;
  private readonly ws: Float64Array;
  private head = 0;
  private size = 0;

  /**
   * @param stat - a fresh statistic with `revert`, such as `Mean` or `Var`.
   * @param windowSize - a positive integer.
   */
  constructor(stat: S, windowSize: number) {
    const s = stat as Partial<Record<"update" | "get" | "revert", unknown>> | null;
    if (typeof s !== "object" || s === null || typeof s.update !== "function" || typeof s.get !== "function" || typeof s.revert !== "function") {
      throw new EstimatorConfigError(
        `RollingStatistic.constructor: stat must have update, get and revert methods (e.g. a Mean or a Var), got ${received(stat)}`,
      );
    }
    checkOption(Number.isSafeInteger(windowSize) && windowSize >= 1, "RollingStatistic.constructor", "windowSize", "a positive integer", windowSize);
    this.stat = stat;
    this.windowSize = windowSize;
    this.xs = new Float64Array(windowSize);
    this.ws = new Float64Array(windowSize);
  }

  /** Number of updates in the window (≤ windowSize). */
  get n(): number {
    return this.size;
  }

  /**
   * Adds `x` with weight `w`, reverting the oldest update once the window is full.
   * @param x - a finite number.
   * @param w - a finite weight > 0; default 1. Passed on to the statistic's `update` and `revert`.
   */
  update(x: number, w = 1): void {
    // Checked here, before the revert, so that a bad value leaves the window untouched.
    checkFinite("RollingStatistic.update", "x", x);
    checkWeight("RollingStatistic.update", w);
    const head = this.head;
    if (this.size === this.windowSize) this.stat.revert(this.xs[head] as number, this.ws[head] as number);
    else this.size++;
    this.stat.update(x, w);
    this.xs[head] = x;
    this.ws[head] = w;
    this.head = head + 1 === this.windowSize ? 0 : head + 1;
  }

  /** The wrapped statistic's value over the window. */
  get(): number {
    return this.stat.get();
  }
}

/**
 * Wraps a statistic that has `revert` so that it covers only the last `windowSize` updates.
 *
 * @param stat - a fresh statistic with `revert`, such as `Mean` or `Var`.
 * @param windowSize - a positive integer: how many of the latest updates to keep.
 * @example
 * ```ts
 * import { Mean, Var, rolling } from "streamine/algorithms";
 * const m = rolling(new Mean(), 3);
 * for (const x of [1, 2, 3, 10]) m.update(x);
 * expect(m.get()).toBe(5); // mean of [2, 3, 10]
 * const v = rolling(new Var(), 2);
 * for (const x of [100, 1, 3]) v.update(x);
 * expect(v.get()).toBeCloseTo(2, 10); // sample variance of [1, 3]
 * expect(v.stat.mean).toBeCloseTo(2, 10);
 * ```
 * @see River's `utils.Rolling` (https://riverml.xyz/latest/api/utils/Rolling/).
 * @public
 */
export function rolling<S extends Revertible>(stat: S, windowSize: number): RollingStatistic<S> {
  return new RollingStatistic(stat, windowSize);
}
