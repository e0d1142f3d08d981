import type { RevertibleMetric } from "./metric.js";

/**
 * Mean absolute error, Σ|y − ŷ| / n (River `metrics.MAE`). Works with regression.
 *
 * @remarks 0 before any update (River's cold start). `revert` subtracts a pair added earlier.
 * @example
 * ```ts
 * import { MAE } from "streamine/algorithms";
 * const mae = new MAE();
 * mae.update(3, 2.5);  // |0.5|
 * mae.update(-0.5, 0); // |0.5|
 * mae.update(2, 2);    // 0
 * mae.update(7, 8);    // 1
 * expect(mae.get()).toBe(0.5); // 2 / 4
 * mae.revert(7, 8);
 * expect(mae.get()).toBeCloseTo(1 / 3, 12);
 * ```
 * @public
 */
export class MAE implements RevertibleMetric<number, number> {
  readonly input = "value";
  readonly biggerIsBetter = false;
  readonly posLabel = null;
  private n = 0;
  private sum = 0;

  update(yTrue: number, yPred: number): void {
    this.n++;
    this.sum += Math.abs(yTrue - yPred);
  }

  revert(yTrue: number, yPred: number): void {
    this.n--;
    this.sum = this.n === 0 ? 0 : this.sum - Math.abs(yTrue - yPred);
  }

  get(): number {
    return this.n === 0 ? 0 : this.sum / this.n;
  }
}
