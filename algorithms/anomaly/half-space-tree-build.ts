import { EstimatorConfigError } from "../base/input-error.js";
import type { Random } from "../base/random.js";
import { received } from "../base/validate.js";

/** The `limits` option of HalfSpaceTrees: null ([0, 1] per feature), `[min, max]` per feature, or "learn". @internal */
export type Limits = readonly (readonly [number, number])[] | "learn" | null;

/** Split features are stored as Uint16. @internal */
export const MAX_FEATURES = 65_536;

/**
 * Draws the split structure of one half-space tree (Tan, Ting & Liu 2011, Algorithms 1–2) into
 * the flat arrays at `offset`: node i's children are 2i + 1 and 2i + 2, and the `2^height − 1`
 * internal nodes come first in that numbering, so only they have entries in `feature`/`value`.
 *
 * The work-space: for each dimension q a split point s drawn uniformly in [lo_q, hi_q], and the
 * range s ± 2·max(s − lo_q, hi_q − s), which holds [lo_q, hi_q] whatever s is. Each internal node
 * splits a dimension drawn uniformly at the mid-point of the node's range on it, in pre-order
 * (the draw order is part of the snapshot-compatible format: changing it changes the trees).
 * @internal
 */
export function buildHalfSpaceTree(
  rng: Random,
  lo: Float64Array,
  hi: Float64Array,
  height: number,
  feature: Uint16Array,
  value: Float64Array,
  offset: number,
): void {
  const dim = lo.length;
  const min = new Float64Array(dim);
  const max = new Float64Array(dim);
  for (let q = 0; q < dim; q++) {
    const a = lo[q] as number;
    const b = hi[q] as number;
    const s = a + rng.next() * (b - a);
    const half = 2 * Math.max(s - a, b - s);
    min[q] = s - half;
    max[q] = s + half;
  }
  const internal = 2 ** height - 1;
  const split = (node: number): void => {
    if (node >= internal) return;
    const q = rng.nextInt(dim);
    const lower = min[q] as number;
    const upper = max[q] as number;
    const mid = (lower + upper) / 2;
    feature[offset + node] = q;
    value[offset + node] = mid;
    max[q] = mid;
    split(2 * node + 1);
    max[q] = upper;
    min[q] = mid;
    split(2 * node + 2);
    min[q] = lower;
  };
  split(0);
}

/** Validates the `limits` option of HalfSpaceTrees and returns a frozen copy of it. @internal */
export function checkLimits(where: string, limits: unknown): Limits {
  if (limits === null || limits === "learn") return limits;
  if (!Array.isArray(limits) || limits.length === 0 || limits.length > MAX_FEATURES) {
    const allowed = `null (every feature in [0, 1]), "learn", or an array of 1 to ${MAX_FEATURES} [min, max] pairs`;
    throw new EstimatorConfigError(`${where}: option limits must be ${allowed}, got ${received(limits)}`);
  }
  const pairs: (readonly [number, number])[] = [];
  limits.forEach((pair: unknown, i) => {
    const ok = Array.isArray(pair) && pair.length === 2 && Number.isFinite(pair[0]) && Number.isFinite(pair[1]) && (pair[0] as number) < (pair[1] as number);
    if (!ok) {
      const got = Array.isArray(pair) ? `[${pair.map((v) => received(v)).join(", ")}]` : received(pair);
      throw new EstimatorConfigError(`${where}: option limits[${i}] must be a pair [min, max] of finite numbers with min < max, got ${got}`);
    }
    pairs.push(Object.freeze([pair[0] as number, pair[1] as number] as const));
  });
  return Object.freeze(pairs);
}

/** The [min, max] arrays of fixed limits: the given pairs, or [0, 1] on each of `dim` features. @internal */
export function fixedLimits(limits: Limits, dim: number): readonly [Float64Array, Float64Array] {
  const lo = new Float64Array(dim);
  const hi = new Float64Array(dim).fill(1);
  if (Array.isArray(limits)) {
    limits.forEach(([a, b], q) => {
      lo[q] = a;
      hi[q] = b;
    });
  }
  return [lo, hi];
}
