import { EstimatorInputError } from "../base/input-error.js";
import { checkFinite, checkOption, received, withDefaults } from "../base/validate.js";
import type { Univariate } from "./univariate.js";
import { checkWeight } from "./validate.js";

/** Options of {@link Var}. @public */
export interface VarOptions {
  /** Delta degrees of freedom: the divisor is `n − ddof`. A non-negative integer; default 1 (sample variance). */
  ddof?: number;
}

const DEFAULTS: Required<VarOptions> = { ddof: 1 };

/**
 * Running (weighted) variance by Welford's algorithm, mergeable (Chan et al.) and revertible.
 *
 * @remarks
 * `get()` is M₂ / (n − ddof), where M₂ = Σ wᵢ(xᵢ − x̄)² and n = Σ wᵢ (frequency weights:
 * `update(x, 2)` is `update(x)` twice), and 0 while n ≤ ddof, including before any update —
 * River's `stats.Var(ddof=1)` definition and cold start. Unlike River, which starts
 * accumulating only once n exceeds ddof, the sum of squares covers every observation, so the
 * result equals numpy's `var(x, ddof)` for any ddof. Welford's update is backward stable;
 * `merge` uses Chan et al.'s pairwise formula and leaves its argument unchanged; `revert`
 * runs the update backwards, and reverting the last observation resets the state exactly.
 * @example
 * ```ts
 * import { Var } from "streamine/algorithms";
 * const v = new Var({ ddof: 0 });
 * expect(v.get()).toBe(0);
 * for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) v.update(x);
 * expect(v.mean).toBeCloseTo(5, 12);
 * expect(v.get()).toBeCloseTo(4, 12); // Σ(x − 5)² = 32, over n = 8
 * const sample = new Var(); // ddof = 1
 * for (const x of [1, 2, 3, 4]) sample.update(x);
 * expect(sample.get()).toBeCloseTo(5 / 3, 12); // Σ(x − 2.5)² = 5, over n − 1 = 3
 * ```
 * @see Welford, B.P. (1962) "Note on a method for calculating corrected sums of squares and products", Technometrics 4(3).
 * @see Chan, T.F., Golub, G.H., LeVeque, R.J. (1983) "Algorithms for computing the sample variance:
 * analysis and recommendations", The American Statistician 37(3).
 * @public
 */
export class Var implements Univariate {
  /** Delta degrees of freedom. */
  readonly ddof: number;
  private count = 0;
  private weight = 0;
  private mu = 0;
  private m2 = 0;

  /**
   * @param options - `{ ddof }`; `ddof` defaults to 1 (sample variance), 0 gives the population variance.
   */
  constructor(options?: VarOptions) {
    const { ddof } = withDefaults("Var.constructor", options, DEFAULTS);
    checkOption(Number.isSafeInteger(ddof) && ddof >= 0, "Var.constructor", "ddof", "a non-negative integer (0: population, 1: sample)", ddof);
    this.ddof = ddof;
  }

  /** Total weight seen (the number of observations when every weight is 1). */
  get n(): number {
    return this.weight;
  }

  /** The running weighted mean; 0 before any update. */
  get mean(): number {
    return this.mu;
  }

  /**
   * Adds `x` with weight `w`.
   * @param x - a finite number.
   * @param w - a finite weight > 0; default 1.
   */
  update(x: number, w = 1): void {
    checkFinite("Var.update", "x", x);
    checkWeight("Var.update", w);
    const delta = x - this.mu;
    this.count++;
    this.weight += w;
    this.mu += (w / this.weight) * delta;
    this.m2 += w * delta * (x - this.mu);
  }

  /**
   * Undoes an earlier `update(x, w)`.
   * @param x - the value that was added.
   * @param w - the weight it was added with; default 1.
   */
  revert(x: number, w = 1): void {
    checkFinite("Var.revert", "x", x);
    checkWeight("Var.revert", w);
    if (this.count === 0) throw new EstimatorInputError(`Var.revert: nothing to revert, the variance holds no observation (got x = ${x})`);
    if (this.count === 1) {
      this.count = 0;
      this.weight = 0;
      this.mu = 0;
      this.m2 = 0;
      return;
    }
    const weight = this.weight - w;
    if (!(weight > 0)) throw new EstimatorInputError(`Var.revert: w = ${w} is not less than the total weight ${this.weight}`);
    const mu = this.mu - (w / weight) * (x - this.mu);
    this.m2 -= w * (x - mu) * (x - this.mu);
    this.count--;
    this.weight = weight;
    this.mu = mu;
  }

  /** M₂ / (n − ddof); 0 while n ≤ ddof. */
  get(): number {
    const d = this.weight - this.ddof;
    // Rounding in revert can leave M₂ a hair below 0 for (near-)constant data.
    return d > 0 && this.m2 > 0 ? this.m2 / d : 0;
  }

  /** Folds `other` into this variance, as if this one had also seen `other`'s stream. */
  merge(other: this): void {
    if (!(other instanceof Var)) throw new EstimatorInputError(`Var.merge: other must be a Var, got ${received(other)}`);
    const count = other.count;
    const nb = other.weight;
    const mb = other.mu;
    const m2b = other.m2;
    if (count === 0) return;
    if (this.count === 0) {
      this.mu = mb;
      this.m2 = m2b;
    } else {
      const na = this.weight;
      const n = na + nb;
      const delta = mb - this.mu;
      this.mu += delta * (nb / n);
      this.m2 += m2b + delta * delta * ((na * nb) / n);
    }
    this.count += count;
    this.weight += nb;
  }
}
