import { EstimatorConfigError } from "../../base/input-error.js";
import { checkProfile, type NabCostMatrix } from "./profiles.js";

/** The raw corpus scores that normalise to 0 (the null detector) and 100 (a perfect detector). @public */
export interface NabBaselines {
  readonly nullRaw: number;
  readonly perfectRaw: number;
}

/**
 * The null and perfect raw scores of a corpus with `windows` windows (SCORING.md §7): the null
 * detector misses every window, `−fnWeight × windows`; a perfect one detects each on its first
 * row, `tpWeight × windows`.
 *
 * @param windows - the number of (scorable) windows in the corpus, 116 for NAB v1.1.
 * @param profile - the cost matrix.
 * @example
 * ```ts
 * import { NAB_PROFILES, nabBaselines } from "streamine/algorithms";
 * expect(nabBaselines(116, NAB_PROFILES.standard)).toEqual({ nullRaw: -116, perfectRaw: 116 });
 * expect(nabBaselines(116, NAB_PROFILES.reward_low_FN_rate)).toEqual({ nullRaw: -232, perfectRaw: 116 });
 * ```
 * @public
 */
export function nabBaselines(windows: number, profile: NabCostMatrix): NabBaselines {
  checkProfile("nabBaselines", profile);
  if (!Number.isInteger(windows) || windows < 0) {
    throw new EstimatorConfigError(`nabBaselines: windows must be an integer ≥ 0, got ${String(windows)}`);
  }
  return { nullRaw: 0 - profile.fnWeight * windows, perfectRaw: profile.tpWeight * windows };
}

/**
 * The number on NAB's scoreboard: `100 × (raw − null) / (perfect − null)`. A perfect detector
 * scores 100, the null detector 0; scores can be negative.
 *
 * @param raw - the corpus raw score at the detector's threshold.
 * @param baselines - from {@link nabBaselines}.
 * @example
 * ```ts
 * import { NAB_PROFILES, nabBaselines, normaliseNabScore } from "streamine/algorithms";
 * const base = nabBaselines(116, NAB_PROFILES.standard);
 * expect(normaliseNabScore(-116, base)).toBe(0);
 * expect(normaliseNabScore(116, base)).toBe(100);
 * expect(normaliseNabScore(0, base)).toBe(50);
 * ```
 * @public
 */
export function normaliseNabScore(raw: number, baselines: NabBaselines): number {
  const span = baselines.perfectRaw - baselines.nullRaw;
  if (!(span > 0)) {
    throw new EstimatorConfigError(`normaliseNabScore: perfectRaw must exceed nullRaw, got ${baselines.perfectRaw} and ${baselines.nullRaw} (no windows?)`);
  }
  return (100 * (raw - baselines.nullRaw)) / span;
}
