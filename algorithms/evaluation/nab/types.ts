/**
 * An anomaly window of one file: the inclusive row range `[start, end]`, 0-based row positions
 * (NAB scores rows by position, never by time arithmetic). @public
 */
export interface NabWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * What the NAB scorer needs to know about one corpus file: its row count (probation included)
 * and its anomaly windows, sorted and non-overlapping. `name` only labels error messages. @public
 */
export interface NabFileLabels {
  readonly rows: number;
  readonly windows: readonly NabWindow[];
  readonly name?: string;
}

/** One corpus file together with a detector's `anomaly_score` for each of its rows, in row order. @public */
export interface NabScoredFile {
  readonly file: NabFileLabels;
  readonly scores: ArrayLike<number>;
}

/**
 * Row counts at a threshold, over non-probationary rows only (NAB's `*_scores.csv` columns):
 * detected rows inside windows (tp) and outside (fp), undetected rows inside (fn) and outside (tn). @public
 */
export interface NabCounts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

/** The NAB score of one file at one threshold. @public */
export interface NabFileScore extends NabCounts {
  /** The raw score: each window's credit plus every outside detection's (negative) weight. */
  readonly raw: number;
  /** Windows that have at least one scorable (non-probationary) row. */
  readonly windows: number;
}
