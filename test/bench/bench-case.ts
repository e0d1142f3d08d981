// The shape of one row of the estimator benchmark (estimators.bench.ts): what the parent prints,
// and how the case process builds its input and times one run.
import type { RegressionData } from "./estimator-data.js";

/** A throughput River publishes for the same estimator on a 2-core machine of the same kind. */
export interface RiverFigure {
  readonly perSec: number;
  /** Ratio to River this row should reach, if the issue sets one. */
  readonly target?: number;
}

export interface BenchCase {
  /** Family heading the row is printed under. */
  readonly family: "regression" | "compose" | "preprocessing" | "evaluation" | "drift" | "statistics";
  /** Id of the case on the command line of estimator-case.js. */
  readonly id: string;
  /** Row text. */
  readonly label: string;
  /** Samples per timed run. */
  readonly n: number;
  /** At most this many timed runs, for slow models (default: BENCH_REPS). */
  readonly maxReps?: number;
  /** Registry names of the classes the row exercises (the bench lists registry classes left out). */
  readonly covers: readonly string[];
  /** Ratio to the peer this row should reach, if the issue sets one. */
  readonly peerTarget?: number;
  readonly river?: RiverFigure;
  /** The sanity value as printed (MAE, detections, the statistic), so a broken model shows. */
  check(value: number): string;
  /**
   * Builds the input, untimed, and returns one timed run: a fresh model over the input, returning
   * the sanity value. `data` is the peer's regression data (d = 10), already in memory.
   */
  prepare(data: RegressionData): () => number;
}
