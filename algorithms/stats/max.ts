import { EstimatorInputError } from "../base/input-error.js";
import { checkFinite, received } from "../base/validate.js";
import type { Univariate } from "./univariate.js";
import { checkWeight } from "./validate.js";

/**
 * Running maximum, mergeable (not revertible: the runner-up is not kept).
 *
 * @remarks
 * River's `stats.Max`: `get()` is −Infinity before any update (the identity of `max`, which
 * makes merging with an empty maximum a no-op). A weight `w` is accepted for the
 * {@link Univariate} contract, validated (finite, > 0) and ignored: weights do not move an
 * extreme. For a maximum over the last n values use `RollingQuantile(1, n)`.
 * @example
 * ```ts
 * import { Max } from "streamine/algorithms";
 * const a = new Max();
 * expect(a.get()).toBe(-Infinity);
 * for (const x of [3, -1, 4]) a.update(x);
 * const b = new Max();
 * b.update(7);
 * a.merge(b);
 * expect(a.get()).toBe(7);
 * expect(b.get()).toBe(7);
 * ```
 * @public
 */
export class Max implements Univariate {
  private max = -Infinity;

  /**
   * Adds `x`.
   * @param x - a finite number.
   * @param w - optional finite weight > 0, ignored.
   */
  update(x: number, w?: number): void {
    checkFinite("Max.update", "x", x);
    if (w !== undefined) checkWeight("Max.update", w);
    if (x > this.max) this.max = x;
  }

  /** The largest value seen; −Infinity before any update. */
  get(): number {
    return this.max;
  }

  /** Folds `other` into this maximum; `other` is left unchanged. */
  merge(other: this): void {
    if (!(other instanceof Max)) throw new EstimatorInputError(`Max.merge: other must be a Max, got ${received(other)}`);
    if (other.max > this.max) this.max = other.max;
  }
}
