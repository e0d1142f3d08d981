import type { DriftDetector } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { Random } from "../base/random.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";

/** Options of {@link KSWIN}. @public */
export interface KSWINOptions {
  /** Significance of the Kolmogorov–Smirnov test, in (0, 1): a drift is flagged when its p-value is ≤ alpha; default 0.005. */
  alpha?: number;
  /** Values kept in the sliding window (an integer ≥ 2·statSize); default 100. */
  windowSize?: number;
  /** Size of each of the two samples the test compares (an integer ≥ 1); default 30. */
  statSize?: number;
  /** Seed of the generator that draws the sample from the older part of the window; default 42. */
  seed?: number;
}

const DEFAULTS: Required<KSWINOptions> = { alpha: 0.005, windowSize: 100, statSize: 30, seed: 42 };
const TAG = "KSWIN";
const VERSION = 1;
/** River also requires D > 0.1, which only binds for statSize > 10 with a large alpha; kept to match it. */
const MIN_STATISTIC = 0.1;

/**
 * Exact p-value of the two-sample Kolmogorov–Smirnov test for equal sample sizes n = m: the
 * probability, under the null hypothesis, that D ≥ k/n. Under the null every interleaving of the two
 * samples is equally likely, i.e. a uniformly random lattice path from (0, 0) to (n, n) (step in i: a
 * value of the first sample, step in j: of the second), and D·n is the largest |i − j| the path
 * reaches. Hodges' recursion over the grid carries, row by row, the probability of reaching (i, j)
 * without touching |i − j| ≥ k; the mass that steps onto that boundary is summed, so the p-value is a
 * sum of positive terms (no 1 − x cancellation, no C(2n, n) overflow). O(n²) time; `row` is n + 1
 * scratch values. This is what scipy's `ks_2samp(method="exact")` returns for n = m (there via the
 * Gnedenko–Korolyuk alternating sum, which the tests use as an independent reference).
 * @internal
 */
export function ksExactPValue(n: number, k: number, row: Float64Array): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let outside = 0;
  row.fill(0, 0, n + 1);
  for (let i = 0; i <= n; i++) {
    let left = 0; // mass at (i, j − 1) after this row's update
    for (let j = 0; j <= n; j++) {
      let mass: number;
      if (i === 0 && j === 0) mass = 1;
      else {
        // From (i − 1, j) by an i-step, from (i, j − 1) by a j-step; the path is uniform over the remaining steps.
        const up = i > 0 ? ((row[j] ?? 0) * (n - i + 1)) / (2 * n - i + 1 - j) : 0;
        const side = j > 0 ? (left * (n - j + 1)) / (2 * n - i - j + 1) : 0;
        mass = up + side;
      }
      if (Math.abs(i - j) >= k) {
        outside += mass;
        mass = 0;
      }
      row[j] = mass;
      left = mass;
    }
  }
  return Math.min(1, outside);
}

/**
 * Kolmogorov–Smirnov WINdowing (Raab, Heusinger & Schleif 2020, as River's `drift.KSWIN`): keeps the
 * last `windowSize` values; once the window is full, each update compares its newest `statSize`
 * values R with `statSize` values W drawn uniformly without replacement from the older
 * `windowSize − statSize`, by the two-sample Kolmogorov–Smirnov test, and flags a drift when the
 * p-value is ≤ `alpha` (and D > 0.1, as River). No distributional assumption; suited to monitoring
 * raw values or a model's errors.
 *
 * @remarks
 * The p-value is exact for n = m = `statSize` ({@link ksExactPValue}), as scipy's
 * `ks_2samp(method="exact")` that River calls. D is computed with ties handled as scipy does (both
 * empirical CDFs are compared after every distinct value), so a constant stream gives D = 0, p = 1.
 * Differences from River: after a drift the window keeps the newest `statSize` values and refills from
 * there, as the paper describes (River assigns that window but then resets to an empty one on the next
 * update, so it needs `windowSize` fresh values before it can test again); the generator keeps running
 * across drifts (River re-seeds it on reset, replaying the same draws after every drift); the seed
 * defaults to 42 instead of an unseeded generator; and `windowSize` must be ≥ 2·`statSize` (River
 * accepts any `statSize` < `windowSize`, then fails at the first test when W cannot be drawn).
 * With `windowSize` = 2·`statSize`, W is the whole older half and the detector does not depend on the seed.
 * `pValue` and `statistic` are those of the last test (NaN before the first). Nothing is allocated per
 * update: the window, the sampling pool and the two sorted samples are Float64Arrays, and the p-value
 * of each D = k/`statSize` is computed once and cached.
 *
 * @param options - {@link KSWINOptions}: alpha 0.005, windowSize 100, statSize 30, seed 42.
 * @example
 * ```ts
 * import { KSWIN } from "streamine/algorithms";
 * // windowSize = 2·statSize: the test compares the older half with the newer half, no sampling.
 * const d = new KSWIN({ windowSize: 4, statSize: 2, alpha: 0.5 });
 * for (const x of [1, 2, 3]) d.update(x);
 * expect(Number.isNaN(d.pValue)).toBe(true); // the window is not full yet
 * d.update(4); // {1, 2} against {3, 4}: the samples do not interleave, D = 1
 * expect(d.statistic).toBe(1);
 * expect(d.pValue).toBeCloseTo(1 / 3, 12); // 2 of the C(4, 2) = 6 interleavings reach D = 1
 * expect(d.drift).toBe(true);
 * d.update(2.5); // the window restarted from {3, 4}: not full, no test
 * expect(d.drift).toBe(false);
 * ```
 * @see C. Raab, M. Heusinger and F.-M. Schleif, "Reactive Soft Prototype Computing for Concept Drift Streams", Neurocomputing 416 (2020).
 * @public
 */
export class KSWIN implements DriftDetector {
  static readonly testParams: readonly KSWINOptions[] = [{ seed: 1 }, { windowSize: 20, statSize: 10, alpha: 0.05, seed: 7 }];

  readonly options: Readonly<Required<KSWINOptions>>;
  /** Ring buffer: the oldest value is at (head − count) mod windowSize. */
  private readonly window: Float64Array;
  private head = 0;
  private count = 0;
  private rng: Random;
  private lastP = NaN;
  private lastD = NaN;
  private detected = false;
  private readonly pool: Float64Array;
  private readonly sample: Float64Array;
  private readonly recent: Float64Array;
  /** p-value of D = k/statSize, indexed by k; NaN until first needed. */
  private readonly pByK: Float64Array;
  private readonly pathRow: Float64Array;

  constructor(options?: KSWINOptions) {
    const where = "KSWIN.constructor";
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(o.alpha > 0 && o.alpha < 1, where, "alpha", "in (0, 1)", o.alpha);
    checkOption(Number.isInteger(o.statSize) && o.statSize >= 1 && o.statSize <= 1e6, where, "statSize", "an integer in [1, 1e6]", o.statSize);
    checkOption(
      Number.isInteger(o.windowSize) && o.windowSize >= 2 * o.statSize && o.windowSize <= 1e7,
      where,
      "windowSize",
      `an integer ≥ 2·statSize = ${2 * o.statSize} (statSize values are drawn from the older windowSize − statSize), at most 1e7`,
      o.windowSize,
    );
    checkOption(Number.isSafeInteger(o.seed), where, "seed", "an integer", o.seed);
    this.options = o;
    this.window = new Float64Array(o.windowSize);
    this.rng = new Random(o.seed);
    this.pool = new Float64Array(o.windowSize - o.statSize);
    this.sample = new Float64Array(o.statSize);
    this.recent = new Float64Array(o.statSize);
    this.pByK = new Float64Array(o.statSize + 1).fill(NaN);
    this.pathRow = new Float64Array(o.statSize + 1);
  }

  /** True right after the update that detected a drift. */
  get drift(): boolean {
    return this.detected;
  }

  /** p-value of the last test; NaN before the window first fills. */
  get pValue(): number {
    return this.lastP;
  }

  /** Kolmogorov–Smirnov statistic D of the last test, in [0, 1]; NaN before the window first fills. */
  get statistic(): number {
    return this.lastD;
  }

  /** Number of values in the window. */
  get width(): number {
    return this.count;
  }

  update(x: number): void {
    checkFinite("KSWIN.update", "x", x);
    const { windowSize, statSize, alpha } = this.options;
    this.detected = false;
    this.window[this.head] = x;
    this.head = this.head + 1 === windowSize ? 0 : this.head + 1;
    if (this.count < windowSize) this.count++;
    if (this.count < windowSize) return;
    const k = this.testStatistic();
    let p = this.pByK[k] ?? NaN;
    if (Number.isNaN(p)) {
      p = ksExactPValue(statSize, k, this.pathRow);
      this.pByK[k] = p;
    }
    this.lastD = k / statSize;
    this.lastP = p;
    if (p <= alpha && this.lastD > MIN_STATISTIC) {
      this.detected = true;
      this.count = statSize; // keep the newest statSize values: the ring's head stays where it is
    }
  }

  /** Draws W, sorts W and R, and returns D·statSize (an integer, since both samples have statSize values). */
  private testStatistic(): number {
    const { windowSize, statSize } = this.options;
    const { window, pool, sample, recent, rng } = this;
    const older = windowSize - statSize;
    // The window is full, so the oldest value sits at head.
    for (let c = 0; c < windowSize; c++) {
      let at = this.head + c;
      if (at >= windowSize) at -= windowSize;
      const v = window[at] ?? 0;
      if (c < older) pool[c] = v;
      else recent[c - older] = v;
    }
    // Partial Fisher–Yates: pool[0..statSize) becomes a uniform sample without replacement.
    for (let i = 0; i < statSize; i++) {
      const j = i + rng.nextInt(older - i);
      const t = pool[j] ?? 0;
      pool[j] = pool[i] ?? 0;
      pool[i] = t;
      sample[i] = t;
    }
    sample.sort();
    recent.sort();
    // Largest gap between the two empirical CDFs (in counts), measured after each distinct value.
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < statSize && j < statSize) {
      const a = sample[i] ?? 0;
      const b = recent[j] ?? 0;
      const v = a < b ? a : b;
      while (i < statSize && sample[i] === v) i++;
      while (j < statSize && recent[j] === v) j++;
      const gap = i > j ? i - j : j - i;
      if (gap > k) k = gap;
    }
    // Once one sample is exhausted the gap only shrinks, so the loop has seen the maximum.
    return k;
  }

  snapshot(): Uint8Array {
    const { windowSize } = this.options;
    const w = new SnapshotWriter(TAG, VERSION, this.options).u32(this.count);
    // The window from oldest to newest, so the bytes do not depend on where the ring's head is.
    for (let c = 0; c < this.count; c++) w.f64(this.window[(this.head - this.count + c + windowSize) % windowSize] ?? 0);
    return w.f64(this.lastP).f64(this.lastD).bool(this.detected).f64s(this.rng.state()).finish();
  }

  static restore(bytes: Uint8Array): KSWIN {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const d = new KSWIN(options as KSWINOptions);
    const count = reader.u32();
    if (count > d.options.windowSize) throw new EstimatorConfigError(`KSWIN.restore: snapshot holds ${count} values, more than windowSize ${d.options.windowSize}`);
    for (let c = 0; c < count; c++) d.window[c] = reader.f64();
    d.count = count;
    d.head = count === d.options.windowSize ? 0 : count;
    d.lastP = reader.f64();
    d.lastD = reader.f64();
    d.detected = reader.bool();
    d.rng = Random.fromState(Array.from(reader.f64s()));
    reader.end();
    return d;
  }
}
