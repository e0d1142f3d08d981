import { checkFinite } from "../../base/validate.js";
import type { NabCostMatrix } from "./profiles.js";
import { nabRowWeights } from "./row-weights.js";
import { checkScores } from "./scores.js";
import type { NabFileLabels, NabFileScore } from "./types.js";

/**
 * The NAB score of one file at threshold θ (SCORING.md §5): a row is a detection iff its
 * `anomaly_score ≥ θ`; each window contributes once, the weight of its earliest detection or
 * `−fnWeight` if missed; each detection outside windows adds its (negative) weight; true
 * negatives add 0; probationary rows are ignored.
 *
 * @remarks To score detections rather than scores, pass 1 on detected rows and 0 elsewhere
 * with `threshold = 1`. Scores must be numbers in [0, 1], one per row; windows are as
 * {@link nabRowWeights} requires.
 * @param file - row count and windows (inclusive row ranges) of the file.
 * @param scores - the detector's `anomaly_score` per row, in row order.
 * @param profile - the cost matrix, e.g. `NAB_PROFILES.standard`.
 * @param threshold - θ; rows scoring at least θ are detections.
 * @returns the raw score and the TP/FP/FN/TN row counts (non-probationary rows only).
 * @example
 * ```ts
 * import { NAB_PROFILES, scoreNabFile } from "streamine/algorithms";
 * // 1000 rows, probation 150, one window on rows 500..509: detect row 500 (the left edge) and row 100 (probation)
 * const file = { rows: 1000, windows: [{ start: 500, end: 509 }] };
 * const scores = new Float64Array(1000);
 * scores[500] = 1;
 * scores[100] = 1;
 * const r = scoreNabFile(file, scores, NAB_PROFILES.standard, 1);
 * expect(r.raw).toBeCloseTo(1, 12); // the window's full credit, tpWeight
 * expect([r.tp, r.fp, r.fn, r.tn]).toEqual([1, 0, 9, 840]);
 * // nothing detected: the missed window costs fnWeight
 * expect(scoreNabFile(file, new Float64Array(1000), NAB_PROFILES.reward_low_FN_rate, 0.5).raw).toBe(-2);
 * ```
 * @public
 */
export function scoreNabFile(file: NabFileLabels, scores: ArrayLike<number>, profile: NabCostMatrix, threshold: number): NabFileScore {
  const where = "scoreNabFile";
  checkFinite(where, "threshold", threshold);
  const { weight, window, probation } = nabRowWeights(file, profile);
  checkScores(where, scores, file.rows, file.name);
  const nWindows = file.windows.length;
  const credit = new Float64Array(nWindows).fill(-profile.fnWeight);
  const scorable = new Uint8Array(nWindows);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let outside = 0;
  for (let i = probation; i < file.rows; i++) {
    const detected = (scores[i] as number) >= threshold;
    const k = window[i] as number;
    const s = weight[i] as number;
    if (k >= 0) {
      scorable[k] = 1;
      if (!detected) fn++;
      else {
        tp++;
        if (s > (credit[k] as number)) credit[k] = s;
      }
    } else if (detected) {
      fp++;
      outside += s;
    } else tn++;
  }
  let raw = 0;
  let windows = 0;
  for (let k = 0; k < nWindows; k++) {
    if (scorable[k] === 0) continue;
    windows++;
    raw += credit[k] as number;
  }
  return { raw: raw + outside, tp, fp, fn, tn, windows };
}
