import { checkFinite, checkOption } from "../base/validate.js";
import type { Statistic } from "./univariate.js";
import { checkNoWeight } from "./validate.js";

/**
 * Exact q-quantile of the last `windowSize` values, with linear interpolation between the two
 * closest ranks.
 *
 * @remarks
 * River's `stats.RollingQuantile(q, window_size)` definition (numpy's default "linear" rule,
 * Hyndman & Fan type 7): with the m values of the window sorted as s₀ ≤ … ≤ s_{m−1},
 * h = q·(m − 1), lo = ⌊h⌋, hi = min(lo + 1, m − 1), the result is s_lo + (s_hi − s_lo)·(h − lo).
 * The same rule applies while the window fills up (m < windowSize). `get()` is NaN before any
 * update (River returns `None`). −0 is stored as 0. No weights; not mergeable (the union of two
 * windows is not a window) and not revertible (it evicts by itself).
 *
 * The window is a ring of the values in arrival order plus a sorted copy: an update finds the
 * evicted and the new value by binary search and shifts the values between them (`copyWithin`),
 * O(windowSize) per update, with no allocation; `get` is O(1).
 * @example
 * ```ts
 * import { RollingQuantile } from "streamine/algorithms";
 * const median = new RollingQuantile(0.5, 3);
 * expect(median.get()).toBeNaN();
 * median.update(10);
 * median.update(20);
 * expect(median.get()).toBe(15); // h = 0.5 · 1: halfway between 10 and 20
 * median.update(0);
 * expect(median.get()).toBe(10); // window [10, 20, 0], sorted [0, 10, 20]
 * median.update(40);
 * expect(median.get()).toBe(20); // 10 evicted: window [20, 0, 40]
 * const p25 = new RollingQuantile(0.25, 5);
 * for (const x of [1, 2, 3, 4, 5]) p25.update(x);
 * expect(p25.get()).toBe(2); // h = 0.25 · 4 = 1
 * ```
 * @see Hyndman, R.J., Fan, Y. (1996) "Sample quantiles in statistical packages", The American Statistician 50(4) (definition 7).
 * @public
 */
export class RollingQuantile implements Statistic {
  /** The quantile, in [0, 1]. */
  readonly q: number;
  /** The number of most recent values the quantile is taken over. */
  readonly windowSize: number;
  /** Values in arrival order; `head` is the oldest once the window is full. */
  private readonly ring: Float64Array;
  /** The window's values, sorted ascending, in [0, size). */
  private readonly sorted: Float64Array;
  private head = 0;
  private size = 0;

  /**
   * @param q - the quantile, in [0, 1] (0: rolling minimum, 0.5: rolling median, 1: rolling maximum).
   * @param windowSize - a positive integer: how many of the latest values to keep.
   */
  constructor(q: number, windowSize: number) {
    checkOption(typeof q === "number" && q >= 0 && q <= 1, "RollingQuantile.constructor", "q", "a number in [0, 1]", q);
    checkOption(Number.isSafeInteger(windowSize) && windowSize >= 1, "RollingQuantile.constructor", "windowSize", "a positive integer", windowSize);
    this.q = q;
    this.windowSize = windowSize;
    this.ring = new Float64Array(windowSize);
    this.sorted = new Float64Array(windowSize);
  }

  /** Number of values in the window (≤ windowSize). */
  get n(): number {
    return this.size;
  }

  /**
   * Adds `x`, evicting the oldest value once the window is full.
   * @param x - a finite number.
   * @param w - must be omitted (or 1): no weights.
   */
  update(x: number, w?: number): void {
    checkFinite("RollingQuantile.update", "x", x);
    checkNoWeight("RollingQuantile.update", w);
    const v = x === 0 ? 0 : x; // −0 → 0, so equal values are interchangeable in `sorted`
    const sorted = this.sorted;
    let size = this.size;
    if (size === this.windowSize) {
      // Evict the oldest value: any element equal to it will do.
      const at = lowerBound(sorted, size, this.ring[this.head] as number);
      sorted.copyWithin(at, at + 1, size);
      size--;
    }
    const at = upperBound(sorted, size, v);
    sorted.copyWithin(at + 1, at, size);
    sorted[at] = v;
    this.size = size + 1;
    this.ring[this.head] = v;
    this.head = this.head + 1 === this.windowSize ? 0 : this.head + 1;
  }

  /** The interpolated quantile of the window; NaN before any update. */
  get(): number {
    const m = this.size;
    if (m === 0) return NaN;
    const h = this.q * (m - 1);
    const lo = Math.floor(h);
    const a = this.sorted[lo] as number;
    // On a rank (q = 1 included) the answer is s_lo itself: no (b − a) that could overflow.
    if (h === lo) return a;
    const b = this.sorted[lo + 1] as number;
    return a + (b - a) * (h - lo);
  }
}

/** The first index in sorted[0, size) whose value is >= v. */
function lowerBound(sorted: Float64Array, size: number, v: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in sorted[0, size) whose value is > v. */
function upperBound(sorted: Float64Array, size: number, v: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
