import type { Label } from "../base/vector.js";
import { sameLabel, type RevertibleMetric } from "./metric.js";

/** Options of {@link F1}. @public */
export interface F1Options {
  /** The label counted as positive; default `true` (River's `pos_val`), which also matches 1. */
  posLabel?: Label;
}

/**
 * Binary F1 score, the harmonic mean of precision and recall: 2·TP / (2·TP + FP + FN)
 * (River `metrics.F1`). Works with classification on predicted labels.
 *
 * @remarks 0 while there is no true positive (River returns 0 where precision or recall is
 * undefined or zero). Labels compare as in Python: `true` equals 1. A `null` prediction counts
 * as negative.
 * @example
 * ```ts
 * import { F1 } from "streamine/algorithms";
 * const f1 = new F1();
 * const yTrue = [false, false, false, true, true, true];
 * const yPred = [false, false, true, true, false, false];
 * yTrue.forEach((y, i) => f1.update(y, yPred[i] ?? null));
 * expect(f1.get()).toBeCloseTo(0.4, 12); // TP 1, FP 1, FN 2: 2 / 5
 * const spam = new F1({ posLabel: "spam" });
 * spam.update("spam", "spam");
 * spam.update("ham", "spam");
 * expect(spam.get()).toBeCloseTo(2 / 3, 12);
 * ```
 * @public
 */
export class F1 implements RevertibleMetric<Label, Label | null> {
  readonly input = "label";
  readonly biggerIsBetter = true;
  readonly posLabel: Label;
  private tp = 0;
  private fp = 0;
  private fn = 0;

  /** @param options - `{ posLabel }`, default `{ posLabel: true }`. */
  constructor(options?: F1Options) {
    this.posLabel = options?.posLabel ?? true;
  }

  update(yTrue: Label, yPred: Label | null): void {
    this.count(yTrue, yPred, 1);
  }

  revert(yTrue: Label, yPred: Label | null): void {
    this.count(yTrue, yPred, -1);
  }

  get(): number {
    return this.tp === 0 ? 0 : (2 * this.tp) / (2 * this.tp + this.fp + this.fn);
  }

  private count(yTrue: Label, yPred: Label | null, d: number): void {
    const actual = sameLabel(yTrue, this.posLabel);
    const predicted = sameLabel(yPred, this.posLabel);
    if (actual && predicted) this.tp += d;
    else if (predicted) this.fp += d;
    else if (actual) this.fn += d;
  }
}
