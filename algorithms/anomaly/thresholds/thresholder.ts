import type { Estimator } from "../../base/estimator.js";

/**
 * Turns a stream of anomaly scores (of any {@link AnomalyDetector}, higher = more anomalous) into
 * decisions, with a threshold learned from the scores themselves. Not an `AnomalyDetector`: it
 * takes numbers, not vectors.
 *
 * @remarks
 * Per record: `isAnomaly(score)` decides (pure, like `scoreOne`), then `learnOne(score)` learns —
 * each class states what it does with a score it flags (SPOT and DSPOT learn it censored: as
 * at the threshold, its count kept and its magnitude dropped; {@link QuantileFilter} does so
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
