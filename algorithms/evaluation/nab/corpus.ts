import { nabBaselines, normaliseNabScore, type NabBaselines } from "./normalise.js";
import type { NabCostMatrix } from "./profiles.js";
import type { NabCounts, NabFileScore, NabScoredFile } from "./types.js";
import { scoreNabFile } from "./window-scorer.js";

/** The NAB score of a corpus at one threshold. @public */
export interface NabCorpusScore extends NabCounts, NabBaselines {
  /** The corpus raw score: the sum of the files' raw scores. */
  readonly raw: number;
  /** The normalised score, 100 × (raw − null) / (perfect − null); NaN when the corpus has no window. */
  readonly score: number;
  /** Scorable windows in the corpus (116 for NAB v1.1). */
  readonly windows: number;
  /** Each file's score, in input order. */
  readonly files: readonly NabFileScore[];
}

/**
 * Scores a detector on a corpus at one threshold (SCORING.md §5 and §7): the files' raw scores
 * summed (window names are unique per file, so the pool's score is the sum), then normalised
 * against the null and perfect detectors.
 *
 * @param files - each file's labels and the detector's scores for it.
 * @param profile - the cost matrix, e.g. `NAB_PROFILES.standard`.
 * @param threshold - θ, one for the whole corpus.
 * @example
 * ```ts
 * import { NAB_PROFILES, scoreNabCorpus } from "streamine/algorithms";
 * const file = { rows: 1000, windows: [{ start: 500, end: 509 }] };
 * const hit = new Float64Array(1000);
 * hit[500] = 0.9; // the left edge: full credit 1
 * const silent = new Float64Array(1000); // misses its window: -1
 * const r = scoreNabCorpus([{ file, scores: hit }, { file, scores: silent }], NAB_PROFILES.standard, 0.5);
 * expect(r.raw).toBeCloseTo(0, 12);
 * expect([r.nullRaw, r.perfectRaw, r.windows]).toEqual([-2, 2, 2]);
 * expect(r.score).toBeCloseTo(50, 10);
 * ```
 * @public
 */
export function scoreNabCorpus(files: readonly NabScoredFile[], profile: NabCostMatrix, threshold: number): NabCorpusScore {
  const scored = files.map(({ file, scores }) => scoreNabFile(file, scores, profile, threshold));
  let raw = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let windows = 0;
  for (const f of scored) {
    raw += f.raw;
    tp += f.tp;
    fp += f.fp;
    fn += f.fn;
    tn += f.tn;
    windows += f.windows;
  }
  const baselines = nabBaselines(windows, profile);
  const score = windows > 0 ? normaliseNabScore(raw, baselines) : NaN;
  return { raw, score, ...baselines, tp, fp, fn, tn, windows, files: scored };
}
