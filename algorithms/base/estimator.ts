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
