import type { Classifier, Estimator, Thresholder } from "../../algorithms/base/estimator.js";
import type { Label, Vector } from "../../algorithms/base/vector.js";
import type { WindowResult } from "../api/functions.js";
import type { StateTtlConfig } from "../state/ttl-config.js";
import type { TimeWindow } from "../windows/time-window.js";
import type { FeatureFields, Features, FeatureStat } from "./features.js";

export type { Thresholder };

/** Any estimator that learns from a vector (with a target for supervised ones). @public */
export interface Learner extends Estimator {
  learnOne(x: Vector, ...target: never[]): void;
}

/** An estimator that predicts: `predictOne` (regressors, clusterers, pipes) or `predictProbaOne` (classifiers). @public */
export type Predictor = Estimator & ({ predictOne(x: Vector): unknown } | { predictProbaOne(x: Vector): Map<Label, number> });

/** The target type of a supervised model's `learnOne(x, y)`; `never` for a model that learns without one. @public */
export type TargetOf<M> = M extends { learnOne(...args: infer A): void } ? (A extends readonly [unknown, infer Y, ...unknown[]] ? Y : never) : never;

/** What `predict` emits for a model: `predictOne`'s result, or a classifier's most probable label (null before it learned any). @public */
export type PredictionOf<M> = M extends { predictOne(x: Vector): infer P } ? P : M extends Classifier ? Label | null : never;

/**
 * How `score` and `detect` order the two steps for each record: `"score-then-learn"` scores with
 * the model as it was before the record (prequential, test-then-train: a record never explains
 * itself away), `"learn-then-score"` learns the record first (River's half-space-trees examples;
 * a point is scored as part of the data). No default: the choice changes every score.
 * @public
 */
export type LearnOrder = "score-then-learn" | "learn-then-score";

/** Options of every mining operator. @public */
export interface ModelOptions {
  /**
   * Name of the model in the output (`model`) and in NATS subjects such as
   * `predictions.<model>.<key>`: a single subject token (no `.`, `*`, `>` or whitespace); default
   * the factory's class name, e.g. `"HalfSpaceTrees"`.
   */
  readonly model?: string;
  /**
   * Evicts the model (and thresholder) of a key idle for `ttl.ttlMs` — no record handled for it
   * since, dead-lettered ones aside — in processing or event time, as in {@link StateTtlConfig}
   * (it is the TTL of the keyed state holding them, so evicted models also leave checkpoints);
   * the key's next record starts a fresh model. Default none: models live as long as the job.
   */
  readonly ttl?: StateTtlConfig;
  /** uid of the operator (metrics, dead letters, checkpoints); default `"<method>-<position>"`. */
  readonly uid?: string;
}

/** How a keyed mining operator gets a record's feature vector. @public */
export interface VectorOptions<T> {
  /** The record's feature vector: a function, or names of numeric fields (in vector order). */
  readonly x: ((record: T) => Vector) | readonly (keyof T & string)[];
}

/** How a windowed mining operator builds each window's feature vector (see {@link features}). @public */
export interface WindowFeatureOptions<T> {
  /** The fields summarised per window: field names or `{ name: extractor }`. */
  readonly features: FeatureFields<T>;
  /** The statistics per field; default all seven (`rate` per second of the window assigner's size). */
  readonly stats?: readonly FeatureStat[];
}

/** `y` is required for a supervised model (its `learnOne` takes a target) and absent otherwise. */
type TargetOption<R, M> = [TargetOf<M>] extends [never]
  ? { readonly y?: undefined }
  : {
      /** The record's target; null or undefined: this record is not learned (its label is not known). */
      readonly y: (record: R) => TargetOf<M> | null | undefined;
    };

/** Options of `learn`: a target `y` for supervised models. @public */
export type LearnOptions<R, M> = ModelOptions & TargetOption<R, M>;

/** Options of `predict`: with `y`, each labelled record is learned after it is predicted (test-then-train). @public */
export interface PredictOptions<R, M> extends ModelOptions {
  /**
   * For a supervised model: the record's target, learned after the prediction (test-then-train);
   * null/undefined: that record is only predicted. Default none: the model only predicts (a
   * factory can return a trained model, e.g. `() => Pipe.restore(bytes)`).
   */
  readonly y?: (record: R) => TargetOf<M> | null | undefined;
  /** For a model that learns without targets (a clusterer): learn every record after predicting it; default false. */
  readonly learn?: boolean;
}

/** Options of `score`. @public */
export interface ScoreOptions extends ModelOptions {
  /** Whether each record is scored before or after it is learned (required). */
  readonly order: LearnOrder;
}

/** Options of `detect`. @public */
export interface DetectOptions extends ScoreOptions {
  /**
   * With `"score-then-learn"`: a record flagged as an anomaly is not learned by the detector
   * (River's `protect_anomaly_detector`), so bursts of anomalies do not become normal; the
   * thresholder still learns its score. Default false.
   */
  readonly protect?: boolean;
  /** Attach an {@link Explanation} to flagged records when the detector offers `attribution(x)`; default true. */
  readonly explain?: boolean;
}

/** A score threshold: a fixed number (anomaly when score ≥ it) or a factory of a per-key {@link Thresholder}. @public */
export type Threshold = number | (() => Thresholder);

/** The fields every mining output has. @public */
export interface MiningRecord<K> {
  readonly key: K;
  /** Event timestamp of the record (of a window: `end − 1`); NaN when the stream has none. */
  readonly ts: number;
  /** The window the features came from (windowed mining only). */
  readonly window?: TimeWindow;
  /** The model's name (see {@link ModelOptions.model}). */
  readonly model: string;
}

/** What `learn` emits per learned record: the key's model has now learned `n` records. @public */
export interface Learned<K> extends MiningRecord<K> {
  readonly n: number;
}

/** What `predict` emits. @public */
export interface Prediction<K, P, Y = unknown> extends MiningRecord<K> {
  readonly prediction: P;
  /** The target learned after the prediction, when `y` gave one. */
  readonly y?: Y;
}

/** What `score` emits. @public */
export interface Scored<K> extends MiningRecord<K> {
  /** The detector's score: higher is more anomalous. */
  readonly score: number;
}

/**
 * Which features made a point anomalous (a detector's `attribution(x)`, e.g. Random Cut Forest's
 * DiVector): per vector entry, the part of the score from being above (`high`) and below (`low`)
 * the data. `names` labels the entries when they are known (field names, window feature names).
 * @public
 */
export interface Explanation {
  readonly high: readonly number[];
  readonly low: readonly number[];
  readonly names?: readonly string[];
}

/** What `detect` emits. @public */
export interface Detection<K> extends Scored<K> {
  readonly isAnomaly: boolean;
  /** The threshold the score was compared with (a thresholder's before it learned this score; +Infinity while it calibrates). */
  readonly threshold: number;
  /** Present for flagged records of detectors that offer attribution (see {@link DetectOptions.explain}). */
  readonly explanation?: Explanation;
}

/** The record a windowed mining operator sees: a window's features. @public */
export type WindowFeatures<K> = WindowResult<K, Features>;
