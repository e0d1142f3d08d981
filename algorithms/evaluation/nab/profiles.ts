import { EstimatorConfigError } from "../../base/input-error.js";

/** The names of NAB's three application profiles. @public */
export type NabProfileName = "standard" | "reward_low_FP_rate" | "reward_low_FN_rate";

/**
 * A NAB cost matrix (`config/profiles.json` → `CostMatrix`): the credit of a window detected on
 * its first row (`tpWeight`), the cost of a missed window (`fnWeight`) and the cost of a
 * detection far from any window (`fpWeight`). `tnWeight` exists in NAB's profiles but no rule
 * uses it. @public
 */
export interface NabCostMatrix {
  readonly tpWeight: number;
  readonly fnWeight: number;
  readonly fpWeight: number;
  readonly tnWeight?: number;
}

/** The three profiles of NAB v1.1, in `profiles.json` order. @public */
export const NAB_PROFILE_NAMES: readonly NabProfileName[] = Object.freeze(["standard", "reward_low_FP_rate", "reward_low_FN_rate"]);

/**
 * NAB v1.1's cost matrices (SCORING.md §4): `standard` (fp 0.11), `reward_low_FP_rate` (fp 0.22)
 * and `reward_low_FN_rate` (fn 2.0); every other weight is 1.
 * @example
 * ```ts
 * import { NAB_PROFILES } from "streamine/algorithms";
 * expect(NAB_PROFILES.standard).toEqual({ tpWeight: 1, fnWeight: 1, fpWeight: 0.11, tnWeight: 1 });
 * expect(NAB_PROFILES.reward_low_FP_rate.fpWeight).toBe(0.22);
 * expect(NAB_PROFILES.reward_low_FN_rate.fnWeight).toBe(2);
 * ```
 * @public
 */
export const NAB_PROFILES: Readonly<Record<NabProfileName, Required<NabCostMatrix>>> = Object.freeze({
  standard: Object.freeze({ tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.11, tnWeight: 1.0 }),
  reward_low_FP_rate: Object.freeze({ tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.22, tnWeight: 1.0 }),
  reward_low_FN_rate: Object.freeze({ tpWeight: 1.0, fnWeight: 2.0, fpWeight: 0.11, tnWeight: 1.0 }),
});

/** Throws {@link EstimatorConfigError} naming `where` unless tp, fn and fp weights are finite and ≥ 0. */
export function checkProfile(where: string, profile: NabCostMatrix): void {
  for (const key of ["tpWeight", "fnWeight", "fpWeight"] as const) {
    const v: unknown = profile?.[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new EstimatorConfigError(`${where}: profile.${key} must be a finite number ≥ 0, got ${String(v)}`);
    }
  }
}
