import type { RevertibleMetric } from "./metric.js";

/**
 * Symmetric mean absolute percentage error in percent (River `metrics.SMAPE`):
 * 100 · mean of 2|y − ŷ| / (|y| + |ŷ|), a pair with |y| + |ŷ| = 0 counting as 0. Works with
 * regression. Ranges over [0, 200].
 *
 * @remarks 0 before any update (River's cold start). `revert` subtracts a pair added earlier.
 * @example
 * ```ts
 * import { SMAPE } from "streamine/algorithms";
 * const smape = new SMAPE();
 * smape.update(0, 0);  // 0 (both zero)
 * smape.update(1, 3);  // 2·2 / 4 = 1
 * smape.update(2, -2); // 2·4 / 4 = 2
 * smape.update(4, 4);  // 0
 * expect(smape.get()).toBe(75); // 100 · 3 / 4
 * ```
 * @public
 */
export class SMAPE implements RevertibleMetric<number, number> {
  readonly input = "value";
  readonly biggerIsBetter = false;
  readonly posLabel = null;
  private n = 0;
  private sum = 0;

  update(yTrue: number, yPred: number): void {
    this.n++;
    this.sum += term(yTrue, yPred);
  }

  revert(yTrue: number, yPred: number): void {
    this.n--;
    this.sum = this.n === 0 ? 0 : this.sum - term(yTrue, yPred);
  }

  get(): number {
    return this.n === 0 ? 0 : (100 * this.sum) / this.n;
  }
}

function term(yTrue: number, yPred: number): number {
  const den = Math.abs(yTrue) + Math.abs(yPred);
  return den === 0 ? 0 : (2 * Math.abs(yTrue - yPred)) / den;
}
