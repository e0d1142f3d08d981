import { nabPath, readNabJson } from "./nab-files.js";

/**
 * A NAB cost matrix as `config/profiles.json` stores it (the `CostMatrix` of a profile). Fits the
 * scorer's `NabCostMatrix` of "streamine/algorithms" as it is. @public
 */
export interface NabProfileWeights {
  readonly tpWeight: number;
  readonly fnWeight: number;
  readonly fpWeight: number;
  readonly tnWeight: number;
}

/**
 * NAB's scoring profiles, `config/profiles.json`: profile name → cost matrix.
 *
 * @param dir - the shared data folder holding `nab/`, as `listNabFiles`.
 * @example
 * ```ts
 * import { loadNabProfiles } from "streamine/datasets";
 * const profiles = loadNabProfiles();
 * expect(Object.keys(profiles)).toEqual(["standard", "reward_low_FP_rate", "reward_low_FN_rate"]);
 * expect(profiles["reward_low_FP_rate"]?.fpWeight).toBe(0.22);
 * ```
 * @public
 */
export function loadNabProfiles(dir?: string): Record<string, NabProfileWeights> {
  const where = "loadNabProfiles";
  const path = nabPath(dir, "config", "profiles.json");
  const json = readNabJson(where, path) as Record<string, { CostMatrix?: Record<string, unknown> }>;
  const out: Record<string, NabProfileWeights> = {};
  for (const [name, profile] of Object.entries(json)) {
    const m = profile?.CostMatrix ?? {};
    const weight = (key: string): number => {
      const v = m[key];
      if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where}: ${path}: ${name}.CostMatrix.${key} must be a number, got ${String(v)}`);
      return v;
    };
    out[name] = { tpWeight: weight("tpWeight"), fnWeight: weight("fnWeight"), fpWeight: weight("fpWeight"), tnWeight: weight("tnWeight") };
  }
  return out;
}

/**
 * NAB's stored thresholds, `config/thresholds.json`: detector → profile → threshold. Only the
 * `threshold` fields are read; the file's `score` fields are stale (SCORING.md §6).
 *
 * @param dir - the shared data folder holding `nab/`, as `listNabFiles`.
 * @example
 * ```ts
 * import { loadNabThresholds } from "streamine/datasets";
 * const t = loadNabThresholds();
 * expect(t["windowedGaussian"]?.["standard"]).toBe(1);
 * ```
 * @public
 */
export function loadNabThresholds(dir?: string): Record<string, Record<string, number>> {
  return readNested("loadNabThresholds", nabPath(dir, "config", "thresholds.json"), (v) => (v as { threshold?: unknown } | null)?.threshold);
}

/**
 * NAB's published normalised scores, `published_results.json` (NAB's `results/final_results.json`):
 * detector → profile → score. 15 detectors; bayesChangePt is not among them.
 *
 * @param dir - the shared data folder holding `nab/`, as `listNabFiles`.
 * @example
 * ```ts
 * import { loadNabPublishedResults } from "streamine/datasets";
 * const published = loadNabPublishedResults();
 * expect(published["null"]).toEqual({ standard: 0, reward_low_FP_rate: 0, reward_low_FN_rate: 0 });
 * ```
 * @public
 */
export function loadNabPublishedResults(dir?: string): Record<string, Record<string, number>> {
  return readNested("loadNabPublishedResults", nabPath(dir, "published_results.json"), (v) => v);
}

/** `{ detector: { profile: x } }` with `pick(x)` a number for every entry. */
function readNested(where: string, path: string, pick: (v: unknown) => unknown): Record<string, Record<string, number>> {
  const json = readNabJson(where, path) as Record<string, Record<string, unknown>>;
  const out: Record<string, Record<string, number>> = {};
  for (const [detector, profiles] of Object.entries(json)) {
    const inner: Record<string, number> = {};
    for (const [profile, v] of Object.entries(profiles ?? {})) {
      const x = pick(v);
      if (typeof x !== "number" || !Number.isFinite(x)) throw new Error(`${where}: ${path}: ${detector}.${profile} must hold a number, got ${String(x)}`);
      inner[profile] = x;
    }
    out[detector] = inner;
  }
  return out;
}
