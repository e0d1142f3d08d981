import type { Label } from "../base/vector.js";

/**
 * What a metric reads from a prediction: `"value"` a regression prediction (a number),
 * `"label"` a predicted class label, `"score"` the predicted probability (or any score) of the
 * positive class. {@link evaluatePrequential} uses it to ask the model for the right thing.
 * @public
 */
export type MetricInput = "value" | "label" | "score";

/**
 * An online metric (River `metrics.base.Metric`): `update` with one (truth, prediction) pair,
 * `get` the current value. `revert` undoes an earlier `update` with the same pair, where the
 * metric defines it (it is what {@link Rolling} needs).
 * @typeParam T - the type of the ground truth.
 * @typeParam P - the type of the prediction.
 * @public
 */
export interface Metric<T, P> {
  /** What the metric reads from a prediction. */
  readonly input: MetricInput;
  /** True when a larger value means a better model (accuracy), false otherwise (MAE). */
  readonly biggerIsBetter: boolean;
  /** The label treated as positive by binary metrics (F1, ROC AUC); null for the others. */
  readonly posLabel: Label | null;
  update(yTrue: T, yPred: P): void;
  revert?(yTrue: T, yPred: P): void;
  get(): number;
}

/** A metric whose `update` can be undone: the ones {@link Rolling} accepts. @public */
export interface RevertibleMetric<T, P> extends Metric<T, P> {
  revert(yTrue: T, yPred: P): void;
}

/** Works with regressors: truth and prediction are numbers. @public */
export type RegressionMetric = Metric<number, number> & { readonly input: "value" };

/** Works with classifiers' predicted labels; `null` is "no prediction yet" and never matches. @public */
export type LabelMetric = Metric<Label, Label | null> & { readonly input: "label" };

/** Works with classifiers' (or anomaly detectors') score for the positive class. @public */
export type ScoreMetric = Metric<Label, number> & { readonly input: "score" };

/** Any metric {@link evaluatePrequential} accepts. @public */
export type AnyMetric = RegressionMetric | LabelMetric | ScoreMetric;

/**
 * Label equality as in Python, which River relies on: `===`, except that `true` equals 1 and
 * `false` equals 0 (so a `posLabel` of `true` matches labels 1/0 read from a CSV).
 * @internal
 */
export function sameLabel(a: Label | null, b: Label | null): boolean {
  if (a === b) return true;
  if (typeof a === "boolean" && typeof b === "number") return (a ? 1 : 0) === b;
  if (typeof a === "number" && typeof b === "boolean") return a === (b ? 1 : 0);
  return false;
}
