import type { RevertibleMetric } from "./metric.js";

/**
 * Root mean squared error, √(Σ(y − ŷ)² / n) (River `metrics.RMSE`). Works with regression.
 *
 * @remarks 0 before any update (River's cold start). `revert` subtracts a pair added earlier.
 * @example
 * ```ts
 * import { RMSE } from "streamine/algorithms";
 * const rmse = new RMSE();
 * rmse.update(0, 3);  // 9
 * rmse.update(10, 6); // 16
 * expect(rmse.get()).toBe(Math.sqrt(12.5));
 * rmse.update(1, 1);  // 0
 * rmse.update(1, 1);  // 0
 * expect(rmse.get()).toBe(2.5); // √(25 / 4)
 * ```
 * @public
 */
export class RMSE implements RevertibleMetric<number, number> {
  readonly input = "value";
  readonly biggerIsBetter = false;
  readonly posLabel = null;
  private n = 0;
  private sum = 0;

  update(yTrue: number, yPred: number): void {
    const e = yTrue - yPred;
    this.n++;
    this.sum += e * e;
  }

  revert(yTrue: number, yPred: number): void {
    const e = yTrue - yPred;
    this.n--;
    // Clamp: subtracting rounded squares could leave a tiny negative sum under the root.
    this.sum = this.n === 0 ? 0 : Math.max(0, this.sum - e * e);
  }

  get(): number {
    return this.n === 0 ? 0 : Math.sqrt(this.sum / this.n);
  }
}
