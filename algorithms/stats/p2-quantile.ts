import { checkFinite, checkOption } from "../base/validate.js";
import type { Statistic } from "./univariate.js";
import { checkNoWeight } from "./validate.js";

/**
 * Running quantile estimate in constant memory: the P² (piecewise-parabolic) algorithm of
 * Jain & Chlamtac, five markers whose heights follow the q-quantile without storing values.
 *
 * @remarks
 * River's `stats.Quantile(q=0.5)` step for step (same marker updates, tie rules and order of
 * operations). While at most five values have been seen the answer is exact: the sorted
 * values' element at index ⌊min(n − 1, n·q)⌋ (River's rule); from the sixth value on it is the
 * middle marker's height. Before any update `get()` is NaN
 * (River returns `None`). The estimate is approximate: on 10⁴ standard normal draws it is within
 * 0.02 of the sample quantile for 0.1 ≤ q ≤ 0.9, and looser in the tails (within 0.2 at q = 0.01
 * or 0.99), where few observations move the outer markers. No weights.
 *
 * Not mergeable, and deliberately not a `Univariate`: two P² marker sets cannot be combined
 * into the marker set of the union (the algorithm defines no merge, and approximate merges
 * lose the estimator's guarantees). Code that needs `merge`, such as session windows, therefore
 * rejects a `Quantile` at compile time instead of failing at run time; use
 * {@link RollingQuantile} (exact, over a count window) or compute quantiles per window.
 * @example
 * ```ts
 * import { Quantile } from "streamine/algorithms";
 * const median = new Quantile(0.5);
 * expect(median.get()).toBeNaN();
 * for (const x of [5, 1, 4, 2, 3]) median.update(x);
 * expect(median.get()).toBe(3); // exact while n ≤ 5
 * for (let x = 6; x <= 1001; x++) median.update(x);
 * // On sorted, evenly spaced data the markers stay on the line, at most one rank from the
 * // desired one: within 1 of the true median of 1..1001, 501.
 * expect(Math.abs(median.get() - 501)).toBeLessThanOrEqual(1);
 * ```
 * @see Jain, R., Chlamtac, I. (1985) "The P² algorithm for dynamic calculation of quantiles and
 * histograms without storing observations", Communications of the ACM 28(10), 1076–1085.
 * @public
 */
export class Quantile implements Statistic {
  /** The quantile estimated, in (0, 1). */
  readonly q: number;
  private count = 0;
  /** Marker heights; the first five values, kept sorted, until n = 5. */
  private readonly heights = new Float64Array(5);
  /** Actual marker positions (1-based ranks). */
  private readonly positions = Float64Array.of(1, 2, 3, 4, 5);
  /** Desired marker positions. */
  private readonly desired: Float64Array;
  /** Increments of the desired positions per observation. */
  private readonly increments: Float64Array;

  /** @param q - the quantile to estimate, strictly between 0 and 1; default 0.5 (the median). */
  constructor(q = 0.5) {
    checkOption(typeof q === "number" && q > 0 && q < 1, "Quantile.constructor", "q", "a number in (0, 1), exclusive", q);
    this.q = q;
    this.desired = Float64Array.of(1, 1 + 2 * q, 1 + 4 * q, 3 + 2 * q, 5);
    this.increments = Float64Array.of(0, q / 2, q, (1 + q) / 2, 1);
  }

  /** Number of values seen. */
  get n(): number {
    return this.count;
  }

  /**
   * Adds `x`.
   * @param x - a finite number.
   * @param w - must be omitted (or 1): P² takes no weights.
   */
  update(x: number, w?: number): void {
    checkFinite("Quantile.update", "x", x);
    checkNoWeight("Quantile.update", w);
    const h = this.heights;
    if (this.count < 5) {
      // Insertion sort of the first five values.
      let i = this.count;
      while (i > 0 && (h[i - 1] as number) > x) {
        h[i] = h[i - 1] as number;
        i--;
      }
      h[i] = x;
      this.count++;
      return;
    }
    // Cell k such that h[k] <= x < h[k + 1], stretching the extreme markers if needed.
    let k: number;
    if (x < (h[0] as number)) {
      h[0] = x;
      k = 0;
    } else if (x >= (h[4] as number)) {
      h[4] = x;
      k = 3;
    } else {
      k = 0;
      while (x >= (h[k + 1] as number)) k++;
    }
    const pos = this.positions;
    const desired = this.desired;
    const inc = this.increments;
    for (let i = k + 1; i < 5; i++) pos[i] = (pos[i] as number) + 1;
    for (let i = 0; i < 5; i++) desired[i] = (desired[i] as number) + (inc[i] as number);
    for (let i = 1; i < 4; i++) this.adjust(i);
    this.count++;
  }

  /** Moves marker i one position towards its desired position if it is off by one or more. */
  private adjust(i: number): void {
    const h = this.heights;
    const pos = this.positions;
    const ni = pos[i] as number;
    const d = (this.desired[i] as number) - ni;
    const right = (pos[i + 1] as number) - ni;
    const left = (pos[i - 1] as number) - ni;
    if (!((d >= 1 && right > 1) || (d <= -1 && left < -1))) return;
    const s = d > 0 ? 1 : -1;
    const qi = h[i] as number;
    const qp = h[i + 1] as number;
    const qm = h[i - 1] as number;
    // Piecewise-parabolic prediction (Jain & Chlamtac's P² formula, in River's order of
    // operations); the linear one if it would leave (qm, qp). Positions are integers: exact.
    const outer = s / (right - left);
    const parabolic = qi + outer * (((s - left) * (qp - qi)) / right + ((right - s) * (qi - qm)) / -left);
    if (qm < parabolic && parabolic < qp) {
      h[i] = parabolic;
    } else {
      const j = i + s;
      h[i] = qi + (s * ((h[j] as number) - qi)) / ((pos[j] as number) - ni);
    }
    pos[i] = ni + s;
  }

  /** The estimate; exact while n ≤ 5, NaN before any update. */
  get(): number {
    const n = this.count;
    if (n === 0) return NaN;
    if (n <= 5) return this.heights[Math.floor(Math.min(n - 1, n * this.q))] as number;
    return this.heights[2] as number;
  }
}
