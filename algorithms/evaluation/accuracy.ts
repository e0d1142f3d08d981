import type { Label } from "../base/vector.js";
import { sameLabel, type RevertibleMetric } from "./metric.js";

/**
 * Share of correct predicted labels (River `metrics.Accuracy`). Works with classification
 * (binary or multi-class) on predicted labels.
 *
 * @remarks 0 before any update (River's cold start). A `null` prediction (a model that cannot
 * predict yet) counts as wrong, as River's `None`. Labels compare as in Python: `true` equals 1.
 * @example
 * ```ts
 * import { Accuracy } from "streamine/algorithms";
 * const acc = new Accuracy();
 * acc.update("cat", "cat");
 * acc.update("dog", "cat");
 * acc.update(true, 1);
 * acc.update(2, null);
 * expect(acc.get()).toBe(0.5);
 * ```
 * @public
 */
export class Accuracy implements RevertibleMetric<Label, Label | null> {
  readonly input = "label";
  readonly biggerIsBetter = true;
  readonly posLabel = null;
  private n = 0;
  private correct = 0;

  update(yTrue: Label, yPred: Label | null): void {
    this.n++;
    if (sameLabel(yTrue, yPred)) this.correct++;
  }

  revert(yTrue: Label, yPred: Label | null): void {
    this.n--;
    if (sameLabel(yTrue, yPred)) this.correct--;
  }

  get(): number {
    return this.n === 0 ? 0 : this.correct / this.n;
  }
}
