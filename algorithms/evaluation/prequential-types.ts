import type { Label, Vector } from "../base/vector.js";

/** A model that predicts numbers: what {@link evaluatePrequential} needs of a regressor. @public */
export interface PrequentialRegressor {
  predictOne(x: Vector): number;
  learnOne(x: Vector, y: number): void;
}

/** A model that predicts class probabilities: what {@link evaluatePrequential} needs of a classifier. @public */
export interface PrequentialClassifier {
  predictProbaOne(x: Vector): ReadonlyMap<Label, number>;
  learnOne(x: Vector, y: Label): void;
}

/**
 * A model that scores samples, higher meaning more anomalous, and learns without labels: what
 * {@link evaluatePrequential} needs of an anomaly detector (any `AnomalyDetector` fits).
 * @public
 */
export interface PrequentialDetector {
  scoreOne(x: Vector): number;
  learnOne(x: Vector): void;
}

/** Any model {@link evaluatePrequential} accepts. @public */
export type PrequentialModel = PrequentialRegressor | PrequentialClassifier | PrequentialDetector;

/** One labelled sample of a stream. @public */
export interface PrequentialSample<Y> {
  readonly x: Vector;
  readonly y: Y;
}

/** Options of {@link evaluatePrequential} and {@link evaluatePrequentialAsync}. @public */
export interface PrequentialOptions<M> {
  /** The metrics by name; each sees every labelled sample once. Wrap one in `Rolling` for a rolling metric. */
  readonly metrics: M;
  /**
   * Samples between a prediction and its label: the label of sample i arrives (and the model
   * learns it, and the metrics see it) after sample i + delay has been predicted. An integer
   * ≥ 0; default 0 (plain test-then-train).
   */
  readonly delay?: number;
  /** Record every metric each time this many labels have arrived. An integer ≥ 0; default 0 (final values only). */
  readonly every?: number;
}

/** What {@link evaluatePrequential} returns. @public */
export interface PrequentialResult<K extends string> {
  /** Number of samples evaluated (all of them: labels still pending at the end are delivered). */
  readonly n: number;
  /** The number of labels seen at each recording: every, 2·every, … (empty when `every` is 0). */
  readonly steps: number[];
  /** Each metric's value at each step of `steps`. */
  readonly values: Record<K, number[]>;
  /** Each metric's value at the end of the stream. */
  readonly final: Record<K, number>;
}
