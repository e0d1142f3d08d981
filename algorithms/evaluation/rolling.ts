import { EstimatorConfigError } from "../base/input-error.js";
import type { Label } from "../base/vector.js";
import type { MetricInput, RevertibleMetric } from "./metric.js";

/**
 * A metric over the last `windowSize` pairs only (River `utils.Rolling` around a metric, e.g.
 * rolling MAE): it keeps the window's pairs in a ring and, once full, reverts the oldest pair
 * before each update. Works with whatever the wrapped metric works with.
 *
 * @remarks
 * The wrapped metric must have `revert`, and must be used only through this wrapper. Its
 * `input` and `posLabel` are passed through, so {@link evaluatePrequential} treats the wrapper
 * as the metric itself. The ring is allocated once; updates allocate nothing. Sums kept by
 * update/revert round at each step, so over very long streams the value drifts from an exact
 * recomputation by about n·ε relative (ε = 2⁻⁵²).
 * @typeParam T - the ground-truth type of the wrapped metric.
 * @typeParam P - the prediction type of the wrapped metric.
 * @typeParam I - what the wrapped metric reads from a prediction.
 * @example
 * ```ts
 * import { MAE, Rolling } from "streamine/algorithms";
 * const mae = new Rolling(new MAE(), 2);
 * mae.update(1, 2); // |1|
 * mae.update(1, 4); // |3|
 * expect(mae.get()).toBe(2);
 * mae.update(1, 1); // |0|; the first pair leaves the window
 * expect(mae.get()).toBe(1.5);
 * ```
 * @public
 */
export class Rolling<T, P, I extends MetricInput = MetricInput> implements RevertibleMetric<T, P> {
  readonly input: I;
  readonly biggerIsBetter: boolean;
  readonly posLabel: Label | null;
  readonly windowSize: number;
  private readonly truths: T[];
  private readonly preds: P[];
  private head = 0;
  private count = 0;

  /**
   * @param metric - a fresh metric with `revert`; owned by the wrapper from now on.
   * @param windowSize - the number of most recent pairs covered; an integer ≥ 1.
   */
  constructor(
    readonly metric: RevertibleMetric<T, P> & { readonly input: I },
    windowSize: number,
  ) {
    if (!Number.isSafeInteger(windowSize) || windowSize < 1) {
      throw new EstimatorConfigError(`Rolling.constructor: windowSize must be an integer ≥ 1, got ${String(windowSize)}`);
    }
    if (typeof metric.revert !== "function") {
      throw new EstimatorConfigError("Rolling.constructor: the metric has no revert method; use a revertible metric");
    }
    this.input = metric.input;
    this.biggerIsBetter = metric.biggerIsBetter;
    this.posLabel = metric.posLabel;
    this.windowSize = windowSize;
    this.truths = new Array<T>(windowSize);
    this.preds = new Array<P>(windowSize);
  }

  update(yTrue: T, yPred: P): void {
    const w = this.windowSize;
    if (this.count === w) {
      this.metric.revert(this.truths[this.head] as T, this.preds[this.head] as P);
      this.head = (this.head + 1) % w;
      this.count--;
    }
    const slot = (this.head + this.count) % w;
    this.truths[slot] = yTrue;
    this.preds[slot] = yPred;
    this.count++;
    this.metric.update(yTrue, yPred);
  }

  /**
   * Removes an earlier pair from the window's metric. Meant for the newest pair (undoing the
   * last `update`); the window then holds one pair fewer.
   */
  revert(yTrue: T, yPred: P): void {
    if (this.count === 0) return;
    this.count--;
    this.metric.revert(yTrue, yPred);
  }

  get(): number {
    return this.metric.get();
  }
}
