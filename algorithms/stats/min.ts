import { EstimatorInputError } from "../base/input-error.js";
import { checkFinite, received } from "../base/validate.js";
import type { Univariate } from "./univariate.js";
import { checkWeight } from "./validate.js";

/**
 * Running minimum, mergeable (not revertible: the runner-up is not kept).
 *
 * @remarks
 * River's `stats.Min`: `get()` is +Infinity before any update (the identity of `min`, which
 * makes merging with an empty minimum a no-op). A weight `w` is accepted for the
 * {@link Univariate} contract, validated (finite, > 0) and ignored: weights do not move an
 * extreme. For a minimum over the last n values use `RollingQuantile(0, n)`.
 * @example
 * ```ts
 * import { Min } from "streamine/algorithms";
 * const a = new Min();
 * expect(a.get()).toBe(Infinity);
 * for (const x of [3, -1, 4]) a.update(x);
 * const b = new Min();
 * b.update(-5);
 * a.merge(b);
 * expect(a.get()).toBe(-5);
 * expect(b.get()).toBe(-5);
 * ```
 * @public
 */
export class Min implements Univariate {
  private min = Infinity;

  /**
   * Adds `x`.
   * @param x - a finite number.
   * @param w - optional finite weight > 0, ignored.
   */
  update(x: number, w?: number): void {
    checkFinite("Min.update", "x", x);
    if (w !== undefined) checkWeight("Min.update", w);
    if (x < this.min) this.min = x;
  }

  /** The smallest value seen; +Infinity before any update. */
  get(): number {
    return this.min;
  }

  /** Folds `other` into this minimum; `other` is left unchanged. */
  merge(other: this): void {
    if (!(other instanceof Min)) throw new EstimatorInputError(`Min.merge: other must be a Min, got ${received(other)}`);
    if (other.min < this.min) this.min = other.min;
  }
}
