import type { RevertibleMetric } from "./metric.js";

/**
 * Coefficient of determination, 1 − SS_res / SS_tot, over everything seen so far (River
 * `metrics.R2`). Works with regression. SS_res = Σ(y − ŷ)², SS_tot = Σ(y − ȳ)² with ȳ the mean
 * of the true values seen so far, kept by Welford's algorithm.
 *
 * @remarks
 * Cold start as River: 0 while fewer than 2 pairs have been seen, and 0 while all true values
 * are equal (SS_tot = 0, where River catches the division by zero). It can be negative.
 * "Equal" allows for rounding: SS_tot ≤ 64·n·ε·max y² (ε = 2⁻⁵², max over every y seen) counts
 * as 0, so that a rolling R² over a constant stretch is 0, not the ratio of two rounding errors.
 * `revert` runs Welford's update backwards; reverting the last pair resets the state exactly.
 * @example
 * ```ts
 * import { R2 } from "streamine/algorithms";
 * const r2 = new R2();
 * r2.update(1, 1.5);
 * expect(r2.get()).toBe(0); // undefined for one pair: 0
 * r2.update(3, 2.5);
 * // SS_res = 0.25 + 0.25 = 0.5, ȳ = 2, SS_tot = 1 + 1 = 2
 * expect(r2.get()).toBeCloseTo(0.75, 12);
 * ```
 * @public
 */
export class R2 implements RevertibleMetric<number, number> {
  readonly input = "value";
  readonly biggerIsBetter = true;
  readonly posLabel = null;
  private n = 0;
  private mean = 0;
  private ssTot = 0;
  private ssRes = 0;
  /** The largest y² seen: the scale of the rounding left in SS_tot by update/revert. */
  private scale = 0;

  update(yTrue: number, yPred: number): void {
    const e = yTrue - yPred;
    this.ssRes += e * e;
    if (yTrue * yTrue > this.scale) this.scale = yTrue * yTrue;
    this.n++;
    const delta = yTrue - this.mean;
    this.mean += delta / this.n;
    this.ssTot += delta * (yTrue - this.mean);
  }

  revert(yTrue: number, yPred: number): void {
    const e = yTrue - yPred;
    this.n--;
    if (this.n === 0) {
      this.mean = 0;
      this.ssTot = 0;
      this.ssRes = 0;
      this.scale = 0;
      return;
    }
    this.ssRes -= e * e;
    const before = this.mean;
    this.mean = (before * (this.n + 1) - yTrue) / this.n;
    this.ssTot = Math.max(0, this.ssTot - (yTrue - this.mean) * (yTrue - before));
  }

  get(): number {
    // SS_tot below the rounding that reverts leave (about n·ε·max y²) means "all y equal".
    if (this.n < 2 || this.ssTot <= 64 * this.n * Number.EPSILON * this.scale) return 0;
    return 1 - this.ssRes / this.ssTot;
  }
}
