import { EstimatorConfigError } from "../../base/input-error.js";
import { nabProbation } from "./probation.js";
import { checkProfile, type NabCostMatrix } from "./profiles.js";
import { scaledSigmoid } from "./sigmoid.js";
import type { NabFileLabels, NabWindow } from "./types.js";

/** The tag of a probationary row in {@link NabRowWeights.window}. @public */
export const NAB_PROBATIONARY = -2;
/** The tag of a row outside every window in {@link NabRowWeights.window}. @public */
export const NAB_OUTSIDE = -1;

/** The tagged, weighted rows of one file under one profile. @public */
export interface NabRowWeights {
  /** `s_i` of every row: its credit if it is a window's earliest detection, its cost if it is outside. 0 in probation. */
  readonly weight: Float64Array;
  /** The index of the row's window in `file.windows`, or {@link NAB_OUTSIDE}, or {@link NAB_PROBATIONARY}. */
  readonly window: Int32Array;
  /** The probationary row count, {@link nabProbation}. */
  readonly probation: number;
}

/**
 * The weighted row scores `s_i` of SCORING.md §3 for one file: inside window `[L, R]` of width
 * `W`, `S(−(R − i + 1)/W) · tpWeight / S(−1)` (exactly `tpWeight` on the left edge); outside,
 * before the first window, `−fpWeight`; after the most recently left window `[Lp, Rp]`,
 * `S(|Rp − i| / (Wp − 1)) · fpWeight`. An upcoming window does not soften a false positive.
 *
 * @remarks Probationary rows are tagged {@link NAB_PROBATIONARY} and weigh 0; a window with no
 * row past the probation does not exist for scoring (NAB's labeller removes such windows, so
 * this never happens on the corpus). Windows must be sorted, disjoint, inside the file and at
 * least 2 rows wide (the width − 1 divides); otherwise an `EstimatorConfigError` says which.
 * @param file - the row count and windows of the file.
 * @param profile - the cost matrix, e.g. `NAB_PROFILES.standard`.
 * @example
 * ```ts
 * import { NAB_PROFILES, nabRowWeights } from "streamine/algorithms";
 * // 1000 rows (probation 150), one window on rows 500..509
 * const { weight, window, probation } = nabRowWeights({ rows: 1000, windows: [{ start: 500, end: 509 }] }, NAB_PROFILES.standard);
 * expect(probation).toBe(150);
 * expect(weight[500]).toBeCloseTo(1, 12); // left edge: tpWeight
 * expect(weight[200]).toBeCloseTo(-0.11, 12); // before the window: -fpWeight
 * expect(weight[600]).toBeCloseTo(-0.11, 12); // 91 rows past the right edge: over 3 widths, S = -1
 * expect([window[100], window[200], window[505]]).toEqual([-2, -1, 0]);
 * ```
 * @public
 */
export function nabRowWeights(file: NabFileLabels, profile: NabCostMatrix): NabRowWeights {
  const where = "nabRowWeights";
  checkProfile(where, profile);
  checkLabels(where, file);
  const n = file.rows;
  const weight = new Float64Array(n);
  const window = new Int32Array(n).fill(NAB_OUTSIDE);
  const { tpWeight, fpWeight } = profile;
  const leftEdge = scaledSigmoid(-1);
  let next = 0; // the first row not yet weighted
  let prev: NabWindow | undefined; // the window most recently left
  for (const [k, cur] of file.windows.entries()) {
    weighOutside(weight, next, cur.start, prev, fpWeight);
    const w = cur.end - cur.start + 1;
    for (let i = cur.start; i <= cur.end; i++) {
      weight[i] = (scaledSigmoid(-(cur.end - i + 1) / w) * tpWeight) / leftEdge;
      window[i] = k;
    }
    next = cur.end + 1;
    prev = cur;
  }
  weighOutside(weight, next, n, prev, fpWeight);
  const probation = nabProbation(n);
  for (let i = 0; i < n && i < probation; i++) {
    weight[i] = 0;
    window[i] = NAB_PROBATIONARY;
  }
  return { weight, window, probation };
}

/** Weighs rows `[from, to)` outside any window, `prev` being the window most recently left (if any). */
function weighOutside(weight: Float64Array, from: number, to: number, prev: NabWindow | undefined, fpWeight: number): void {
  if (prev === undefined) {
    weight.fill(-fpWeight, from, to);
    return;
  }
  const span = prev.end - prev.start; // width − 1
  for (let i = from; i < to; i++) weight[i] = scaledSigmoid(Math.abs(prev.end - i) / span) * fpWeight;
}

/** Throws {@link EstimatorConfigError} unless the row count and windows are usable, naming `where` and the file. */
export function checkLabels(where: string, file: NabFileLabels): void {
  const name = file?.name === undefined ? "" : ` (${file.name})`;
  const n = file?.rows;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new EstimatorConfigError(`${where}: file.rows${name} must be an integer ≥ 0, got ${String(n)}`);
  }
  if (!Array.isArray(file.windows)) throw new EstimatorConfigError(`${where}: file.windows${name} must be an array of {start, end}`);
  let prevEnd = -1;
  file.windows.forEach((w, k) => {
    const { start, end } = w ?? {};
    const ok = Number.isInteger(start) && Number.isInteger(end) && start > prevEnd && end > start && end < n;
    if (!ok) {
      throw new EstimatorConfigError(
        `${where}: file.windows[${k}]${name} = [${String(start)}, ${String(end)}] must be integer rows, sorted, disjoint, ` +
          `at least 2 rows wide and inside [0, ${n - 1}]`,
      );
    }
    prevEnd = end;
  });
}
