import { EstimatorInputError } from "../base/input-error.js";
import { checkFinite, received } from "../base/validate.js";
import type { Univariate } from "./univariate.js";
import { checkWeight } from "./validate.js";

/**
 * Running (weighted) mean, updated in place (Welford / West), mergeable and revertible.
 *
 * @remarks
 * Same definition as River's `stats.Mean`: `get()` is Σ wᵢxᵢ / Σ wᵢ, and 0 before any update.
 * Weights are frequency weights: `update(x, 2)` is `update(x)` twice. `revert(x, w)` undoes an
 * earlier `update(x, w)`; reverting the last remaining observation resets the state exactly
 * (the count of observations, not the floating-point weight sum, decides when it is empty).
 * `merge` uses Chan et al.'s pairwise formula and leaves its argument unchanged.
 * @example
 * ```ts
 * import { Mean } from "streamine/algorithms";
 * const m = new Mean();
 * expect(m.get()).toBe(0);
 * for (const x of [1, 2, 3, 6]) m.update(x);
 * expect(m.get()).toBe(3);
 * m.revert(6);
 * expect(m.get()).toBe(2);
 * const other = new Mean();
 * other.update(10, 3); // weight 3: as if 10 were seen three times
 * m.merge(other);
 * expect(m.get()).toBe(6); // (1 + 2 + 3 + 3 × 10) / 6
 * ```
 * @see West, D.H.D. (1979) "Updating mean and variance estimates: an improved method", CACM 22(9).
 * @see Chan, T.F., Golub, G.H., LeVeque, R.J. (1979) "Updating formulae and a pairwise algorithm
 * for computing sample variances", Stanford CS report STAN-CS-79-773.
 * @public
 */
export class Mean implements Univariate {
  private count = 0;
  private weight = 0;
  private mean = 0;

  /** Total weight seen (the number of observations when every weight is 1). */
  get n(): number {
    return this.weight;
  }

  /**
   * Adds `x` with weight `w`.
   * @param x - a finite number.
   * @param w - a finite weight > 0; default 1.
   */
  update(x: number, w = 1): void {
    checkFinite("Mean.update", "x", x);
    checkWeight("Mean.update", w);
    this.count++;
    this.weight += w;
    this.mean += (w / this.weight) * (x - this.mean);
  }

  /**
   * Undoes an earlier `update(x, w)`.
   * @param x - the value that was added.
   * @param w - the weight it was added with; default 1.
   */
  revert(x: number, w = 1): void {
    checkFinite("Mean.revert", "x", x);
    checkWeight("Mean.revert", w);
    if (this.count === 0) throw new EstimatorInputError(`Mean.revert: nothing to revert, the mean holds no observation (got x = ${x})`);
    if (this.count === 1) {
      this.count = 0;
      this.weight = 0;
      this.mean = 0;
      return;
    }
    const weight = this.weight - w;
    if (!(weight > 0)) throw new EstimatorInputError(`Mean.revert: w = ${w} is not less than the total weight ${this.weight}`);
    this.count--;
    this.weight = weight;
    this.mean -= (w / weight) * (x - this.mean);
  }

  /** The weighted mean; 0 before any update. */
  get(): number {
    return this.mean;
  }

  /** Folds `other` into this mean, as if this one had also seen `other`'s stream. */
  merge(other: this): void {
    if (!(other instanceof Mean)) throw new EstimatorInputError(`Mean.merge: other must be a Mean, got ${received(other)}`);
    const count = other.count;
    const nb = other.weight;
    const mb = other.mean;
    if (count === 0) return;
    if (this.count === 0) {
      this.mean = mb;
    } else {
      const n = this.weight + nb;
      this.mean += (mb - this.mean) * (nb / n);
    }
    this.count += count;
    this.weight += nb;
  }
}
