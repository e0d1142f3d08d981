import { EstimatorInputError } from "../base/input-error.js";
import { checkFinite, checkOption, received, withDefaults } from "../base/validate.js";
import type { Bivariate } from "./univariate.js";
import { checkWeight } from "./validate.js";

/** Options of {@link Cov}. @public */
export interface CovOptions {
  /** Delta degrees of freedom: the divisor is `n − ddof`. A non-negative integer; default 1 (sample covariance). */
  ddof?: number;
}

const DEFAULTS: Required<CovOptions> = { ddof: 1 };

/**
 * Running (weighted) covariance of a stream of pairs, by Welford's co-moment update,
 * mergeable (Chan et al.) and revertible.
 *
 * @remarks
 * `get()` is C / (n − ddof), where C = Σ wᵢ(xᵢ − x̄)(yᵢ − ȳ) and n = Σ wᵢ (frequency weights),
 * and 0 while n ≤ ddof, including before any update — River's `stats.Cov(ddof=1)` cold start.
 * (River divides by max(n − ddof, 1), so for ddof ≥ 2 its first values differ; ours equal
 * numpy's `cov(x, y, ddof=ddof)` whenever n > ddof.) `merge` leaves its argument unchanged;
 * reverting the last observation resets the state exactly.
 * @example
 * ```ts
 * import { Cov } from "streamine/algorithms";
 * const c = new Cov();
 * expect(c.get()).toBe(0);
 * const xs = [1, 2, 3, 4];
 * for (const x of xs) c.update(x, 2 * x + 1); // y = 2x + 1: cov = 2 · var(x)
 * expect(c.get()).toBeCloseTo(10 / 3, 12);   // var(x) = 5/3 (ddof 1)
 * c.revert(4, 9);
 * expect(c.get()).toBeCloseTo(2, 12);        // 2 · var([1, 2, 3]) = 2 · 1
 * ```
 * @see Chan, T.F., Golub, G.H., LeVeque, R.J. (1979) "Updating formulae and a pairwise algorithm
 * for computing sample variances", Stanford CS report STAN-CS-79-773.
 * @see Schubert, E., Gertz, M. (2018) "Numerically stable parallel computation of (co-)variance", SSDBM.
 * @public
 */
export class Cov implements Bivariate {
  /** Delta degrees of freedom. */
  readonly ddof: number;
  private count = 0;
  private weight = 0;
  private muX = 0;
  private muY = 0;
  private c = 0;

  /**
   * @param options - `{ ddof }`; `ddof` defaults to 1 (sample covariance), 0 gives the population covariance.
   */
  constructor(options?: CovOptions) {
    const { ddof } = withDefaults("Cov.constructor", options, DEFAULTS);
    checkOption(Number.isSafeInteger(ddof) && ddof >= 0, "Cov.constructor", "ddof", "a non-negative integer (0: population, 1: sample)", ddof);
    this.ddof = ddof;
  }

  /** Total weight seen (the number of pairs when every weight is 1). */
  get n(): number {
    return this.weight;
  }

  /** The running weighted mean of x; 0 before any update. */
  get meanX(): number {
    return this.muX;
  }

  /** The running weighted mean of y; 0 before any update. */
  get meanY(): number {
    return this.muY;
  }

  /**
   * Adds the pair (`x`, `y`) with weight `w`.
   * @param x - a finite number.
   * @param y - a finite number.
   * @param w - a finite weight > 0; default 1.
   */
  update(x: number, y: number, w = 1): void {
    checkFinite("Cov.update", "x", x);
    checkFinite("Cov.update", "y", y);
    checkWeight("Cov.update", w);
    const dx = x - this.muX;
    this.count++;
    this.weight += w;
    const r = w / this.weight;
    this.muX += r * dx;
    this.muY += r * (y - this.muY);
    this.c += w * dx * (y - this.muY);
  }

  /**
   * Undoes an earlier `update(x, y, w)`.
   * @param x - the x that was added.
   * @param y - the y that was added.
   * @param w - the weight the pair was added with; default 1.
   */
  revert(x: number, y: number, w = 1): void {
    checkFinite("Cov.revert", "x", x);
    checkFinite("Cov.revert", "y", y);
    checkWeight("Cov.revert", w);
    if (this.count === 0) throw new EstimatorInputError(`Cov.revert: nothing to revert, the covariance holds no observation (got x = ${x}, y = ${y})`);
    if (this.count === 1) {
      this.count = 0;
      this.weight = 0;
      this.muX = 0;
      this.muY = 0;
      this.c = 0;
      return;
    }
    const weight = this.weight - w;
    if (!(weight > 0)) throw new EstimatorInputError(`Cov.revert: w = ${w} is not less than the total weight ${this.weight}`);
    const r = w / weight;
    const muX = this.muX - r * (x - this.muX);
    // The forward step added w·(x − x̄ before)·(y − ȳ after): undo it with those same two means.
    this.c -= w * (x - muX) * (y - this.muY);
    this.muY -= r * (y - this.muY);
    this.count--;
    this.weight = weight;
    this.muX = muX;
  }

  /** C / (n − ddof); 0 while n ≤ ddof. */
  get(): number {
    const d = this.weight - this.ddof;
    return d > 0 ? this.c / d : 0;
  }

  /** Folds `other` into this covariance, as if this one had also seen `other`'s stream. */
  merge(other: this): void {
    if (!(other instanceof Cov)) throw new EstimatorInputError(`Cov.merge: other must be a Cov, got ${received(other)}`);
    const count = other.count;
    const nb = other.weight;
    const mxb = other.muX;
    const myb = other.muY;
    const cb = other.c;
    if (count === 0) return;
    if (this.count === 0) {
      this.muX = mxb;
      this.muY = myb;
      this.c = cb;
    } else {
      const na = this.weight;
      const n = na + nb;
      const dx = mxb - this.muX;
      const dy = myb - this.muY;
      const r = nb / n;
      this.muX += dx * r;
      this.muY += dy * r;
      this.c += cb + dx * dy * ((na * nb) / n);
    }
    this.count += count;
    this.weight += nb;
  }
}
