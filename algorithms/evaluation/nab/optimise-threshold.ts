import { nabBaselines, normaliseNabScore, type NabBaselines } from "./normalise.js";
import type { NabCostMatrix } from "./profiles.js";
import { nabRowWeights } from "./row-weights.js";
import { checkScores } from "./scores.js";
import type { NabScoredFile } from "./types.js";

/** The best threshold of a detector on a corpus under one profile, and its scores. @public */
export interface NabOptimum extends NabBaselines {
  /** θ: every row scoring at least θ is a detection; 1.1 when detecting nothing is best. */
  readonly threshold: number;
  /** The corpus raw score at θ. */
  readonly raw: number;
  /** The normalised score at θ; NaN when the corpus has no window. */
  readonly score: number;
  /** Scorable windows in the corpus. */
  readonly windows: number;
}

/** The sweep's starting threshold, above every score: nothing is detected (NAB's sweeper). */
const START = 1.1;

/**
 * The threshold that maximises a detector's corpus raw score under one profile, by NAB's
 * exhaustive sweep (SCORING.md §6): pool the non-probationary rows of all files, sort them by
 * score once (descending), then lower the threshold through every distinct score, detecting
 * one more row at a time and updating the window credits (max) and false-positive costs in
 * O(1). O(N log N) for N pooled rows.
 *
 * @remarks Each recorded `(t, raw)` equals `scoreNabCorpus(files, profile, t).raw`. The best raw
 * wins; among equal raws the first recorded, i.e. the highest threshold (so 1.1, nothing
 * detected, when no detection pays off). NAB's published thresholds came from an older local
 * search; this sweep scores at least as well.
 * @param files - each file's labels and the detector's scores (in [0, 1]) for it.
 * @param profile - the cost matrix, e.g. `NAB_PROFILES.reward_low_FP_rate`.
 * @example
 * ```ts
 * import { NAB_PROFILES, optimiseNabThreshold } from "streamine/algorithms";
 * // 1000 rows (probation 150), window 500..509; scores 0.8 at row 500, 0.9 at row 200 (a false positive)
 * const scores = new Float64Array(1000);
 * scores[500] = 0.8;
 * scores[200] = 0.9;
 * const best = optimiseNabThreshold([{ file: { rows: 1000, windows: [{ start: 500, end: 509 }] }, scores }], NAB_PROFILES.standard);
 * // θ = 1.1: -1; θ = 0.9: -1.11; θ = 0.8: 1 - 0.11 = 0.89; θ = 0: 0.89 - 0.11·(839 others, a few softened) < 0.89
 * expect(best.threshold).toBe(0.8);
 * expect(best.raw).toBeCloseTo(0.89, 12);
 * ```
 * @public
 */
export function optimiseNabThreshold(files: readonly NabScoredFile[], profile: NabCostMatrix): NabOptimum {
  const pool = poolRows(files, profile);
  const { score, weight, window } = pool;
  const order = descendingOrder(score);
  const credit = new Float64Array(pool.windowIds).fill(-profile.fnWeight);
  let raw = 0 - profile.fnWeight * pool.windows; // 0 − …: no −0 for an empty corpus
  let threshold = START;
  let bestRaw = raw;
  let bestThreshold = START;
  for (let j = 0; j < order.length; j++) {
    const i = order[j] as number;
    const s = score[i] as number;
    if (s !== threshold) {
      if (raw > bestRaw) {
        bestRaw = raw;
        bestThreshold = threshold;
      }
      threshold = s;
    }
    const k = window[i] as number;
    const w = weight[i] as number;
    if (k < 0) raw += w;
    else if (w > (credit[k] as number)) {
      raw += w - (credit[k] as number);
      credit[k] = w;
    }
  }
  if (raw > bestRaw) {
    bestRaw = raw;
    bestThreshold = threshold;
  }
  const baselines = nabBaselines(pool.windows, profile);
  const normalised = pool.windows > 0 ? normaliseNabScore(bestRaw, baselines) : NaN;
  return { threshold: bestThreshold, raw: bestRaw, score: normalised, ...baselines, windows: pool.windows };
}

/** The non-probationary rows of all files, with corpus-wide window ids (−1 outside). */
interface Pool {
  readonly score: Float64Array;
  readonly weight: Float64Array;
  readonly window: Int32Array;
  /** Window ids handed out (scorable or not). */
  readonly windowIds: number;
  /** Windows with at least one pooled row. */
  readonly windows: number;
}

function poolRows(files: readonly NabScoredFile[], profile: NabCostMatrix): Pool {
  const perFile = files.map(({ file, scores }) => {
    const rows = nabRowWeights(file, profile);
    checkScores("optimiseNabThreshold", scores, file.rows, file.name);
    return { rows, scores, n: file.rows, nWindows: file.windows.length };
  });
  const total = perFile.reduce((sum, f) => sum + Math.max(0, f.n - f.rows.probation), 0);
  const score = new Float64Array(total);
  const weight = new Float64Array(total);
  const window = new Int32Array(total);
  let at = 0;
  let firstId = 0;
  const seen = new Set<number>();
  for (const { rows, scores, n, nWindows } of perFile) {
    for (let i = rows.probation; i < n; i++, at++) {
      score[at] = scores[i] as number;
      weight[at] = rows.weight[i] as number;
      const k = rows.window[i] as number;
      window[at] = k < 0 ? -1 : firstId + k;
      if (k >= 0) seen.add(firstId + k);
    }
    firstId += nWindows;
  }
  return { score, weight, window, windowIds: firstId, windows: seen.size };
}

/** Row indices sorted by score, descending; ties keep row order (stable, as NAB's sort). */
function descendingOrder(score: Float64Array): Uint32Array {
  const order = new Uint32Array(score.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => (score[b] as number) - (score[a] as number) || a - b);
}
