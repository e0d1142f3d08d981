import type { FrequentItemset, Item, Label, Vector } from "./vector.js";

/**
 * What every estimator has (STYLE §4): its options with defaults filled in, and a snapshot of
 * its whole state (options, learned state, random generator state) as bytes, which the class's
 * static `restore` turns back into an identical estimator.
 * @public
 */
export interface Estimator<O extends object = object> {
  readonly options: Readonly<Required<O>>;
  snapshot(): Uint8Array;
}

/** The static side of an estimator class. @public */
export interface EstimatorClass<E extends Estimator<O>, O extends object = object> {
  new (options?: O): E;
  /** Rebuilds an estimator from `snapshot()` bytes; a wrong type tag or unknown version throws, naming both. */
  restore(bytes: Uint8Array): E;
  /** Small, fast settings for the contract suite (River's `_unit_test_params`). */
  readonly testParams: readonly O[];
}

/** Predicts a number. @public */
export interface Regressor extends Estimator {
  learnOne(x: Vector, y: number): void;
  predictOne(x: Vector): number;
}

/** Predicts class probabilities. @public */
export interface Classifier extends Estimator {
  learnOne(x: Vector, y: Label): void;
  predictProbaOne(x: Vector): Map<Label, number>;
}

/** Assigns points to clusters. @public */
export interface Clusterer extends Estimator {
  learnOne(x: Vector): void;
  predictOne(x: Vector): number;
  centers(): Float64Array[];
}

/** Scores points; higher means more anomalous. @public */
export interface AnomalyDetector extends Estimator {
  learnOne(x: Vector): void;
  scoreOne(x: Vector): number;
}

/** Mines frequent itemsets from transactions. @public */
export interface ItemsetMiner extends Estimator {
  learnOne(t: readonly Item[]): void;
  frequent(minSupport: number): FrequentItemset[];
}

/** Watches a stream of numbers for a change in distribution. @public */
export interface DriftDetector extends Estimator {
  update(x: number): void;
  /** True right after the update that detected a change. */
  readonly drift: boolean;
}

/** Maps a vector to another vector (scalers, feature extraction); learns from what it sees. @public */
export interface Transformer extends Estimator {
  learnOne(x: Vector): void;
  /** The transformed vector; valid until the next call (a scratch buffer, not a copy). */
  transformOne(x: Vector): Float64Array;
}

/**
 * Turns a stream of anomaly scores (of any {@link AnomalyDetector}, higher = more anomalous) into
 * decisions, with a threshold learned from the scores themselves. Not an `AnomalyDetector`: it
 * takes numbers, not vectors.
 *
 * @remarks
 * Per record: `isAnomaly(score)` decides (pure, like `scoreOne`), then `learnOne(score)` learns —
 * each class states what it does with a score it flags (SPOT and DSPOT learn it censored: as
 * at the threshold, its count kept and its magnitude dropped; `QuantileFilter` does so
 * only with its `protect` option). To keep the detector from learning
 * anomalies too (River's `protect_anomaly_detector`), learn the detector only when `isAnomaly` is
 * false. `threshold` is +Infinity while a thresholder calibrates (no alarms). The static side is an
 * `EstimatorClass` (`restore`, `testParams`); the snapshot holds options, state and threshold.
 * @public
 */
export interface Thresholder extends Estimator {
  /** Learns one score; a non-finite score throws, naming `Class.learnOne`, and changes nothing. */
  learnOne(score: number): void;
  /** Whether `score` is an anomaly under the current threshold; changes no state. */
  isAnomaly(score: number): boolean;
  /** The current threshold on scores (for DSPOT, on scores minus the drift level); +Infinity while calibrating. */
  readonly threshold: number;
}
