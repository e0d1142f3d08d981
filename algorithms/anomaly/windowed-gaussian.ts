import type { AnomalyDetector } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, readVector, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { erfc } from "./erfc.js";
import { pairwiseSum } from "../kernels/pairwise-sum.js";

/** Options of {@link WindowedGaussian}. @public */
export interface WindowedGaussianOptions {
  /** Number of past values the Gaussian is fitted to; default 6400 (NAB). */
  windowSize?: number;
  /** Once the window is full, it slides by this many values at a time; default 100 (NAB). */
  stepSize?: number;
}

type Options = Required<WindowedGaussianOptions>;

const DEFAULTS: Options = { windowSize: 6400, stepSize: 100 };
const TAG = "WindowedGaussian";
const VERSION = 1;
/** NAB replaces a zero standard deviation by this. */
const ZERO_STD = 0.000001;
const SQRT2 = Math.SQRT2;

/** Squared deviations of the window, shared by every instance (JavaScript runs one at a time). */
let scratch = new Float64Array(0);

/**
 * NAB's `windowedGaussian` baseline (Numenta Anomaly Benchmark): each value is scored by how far
 * into the tail of a normal distribution fitted to a window of the previous values it falls.
 * Univariate: feed one-element vectors.
 *
 * @remarks
 * Score of x: 1 − Q(|x − μ| / σ) = 1 − ½·erfc(|x − μ| / (σ√2)), where μ and σ are the mean and
 * population standard deviation (numpy's `std`, ddof 0) of the window and Q the normal tail
 * probability; in [0.5, 1], 1 for a value far out on either side. As in NAB, a value below μ is
 * mirrored to 2μ − x first, σ = 0 is replaced by 1e-6, and the score is 0 while nothing has been
 * learned (NAB's first record).
 *
 * Window, as NAB's `handleRecord`: during the first window every learned value is appended and
 * μ, σ are refitted at once (so the second record is scored against the first alone); after
 * that, values collect in a step buffer and only every `stepSize` values does the window drop its
 * `stepSize` oldest values, take the buffered ones and refit. Between refits the score uses the
 * last fit. Sums are numpy's pairwise summation in window order, so μ and σ are the numbers
 * `numpy.mean`/`numpy.std` give, and scores match NAB's to the last bit or so (erfc here and in
 * Python's libm differ by < 1e-15 relative).
 *
 * State: the window and step buffer (≤ windowSize + stepSize numbers) and the fit. `scoreOne`
 * changes no state; a refit costs O(windowSize) (every record during the first window).
 *
 * @example
 * ```ts
 * import { WindowedGaussian } from "streamine/algorithms";
 * const g = new WindowedGaussian({ windowSize: 4, stepSize: 2 });
 * expect(g.scoreOne([5])).toBe(0); // nothing learned yet
 * for (const v of [1, 2, 3, 4]) g.learnOne([v]); // window [1, 2, 3, 4]: μ = 2.5
 * expect(g.scoreOne([2.5])).toBe(0.5); // at the mean: tail probability ½
 * expect(g.scoreOne([1])).toBe(g.scoreOne([4])); // mirrored: same distance, same score
 * expect(g.scoreOne([100])).toBe(1);
 * ```
 * @see S. Ahmad, A. Lavin, S. Purdy, Z. Agha, "Unsupervised real-time anomaly detection for streaming data",
 * Neurocomputing 262 (2017); numenta/NAB `nab/detectors/gaussian/windowedGaussian_detector.py`.
 * @public
 */
export class WindowedGaussian implements AnomalyDetector {
  static readonly testParams: readonly WindowedGaussianOptions[] = [
    { windowSize: 20, stepSize: 5 },
    { windowSize: 7, stepSize: 1 },
    { windowSize: 10, stepSize: 10 },
  ];

  readonly options: Readonly<Options>;
  /** The window's values in arrival order, in [0, size). */
  private readonly window: Float64Array;
  /** Values learned since the last slide, in [0, buffered). */
  private readonly step: Float64Array;
  private size = 0;
  private buffered = 0;
  private mean = 0;
  private std = 1;
  private readonly x = new Float64Array(1);

  /** @param options - see {@link WindowedGaussianOptions}; defaults: windowSize 6400, stepSize 100 (NAB). */
  constructor(options?: WindowedGaussianOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isSafeInteger(o.windowSize) && o.windowSize >= 1, where, "windowSize", "an integer ≥ 1", o.windowSize);
    checkOption(
      Number.isSafeInteger(o.stepSize) && o.stepSize >= 1 && o.stepSize <= o.windowSize,
      where,
      "stepSize",
      `an integer in [1, windowSize = ${o.windowSize}]`,
      o.stepSize,
    );
    this.options = o;
    this.window = new Float64Array(o.windowSize);
    this.step = new Float64Array(o.stepSize);
  }

  /** Learns one value `[v]`: appends it to the window (first window) or to the step buffer, refitting as NAB does. */
  learnOne(x: Vector): void {
    readVector(`${TAG}.learnOne`, x, 1, this.x);
    const v = this.x[0] as number;
    const { windowSize, stepSize } = this.options;
    if (this.size < windowSize) {
      this.window[this.size++] = v;
      this.fit();
      return;
    }
    this.step[this.buffered++] = v;
    if (this.buffered === stepSize) {
      this.window.copyWithin(0, stepSize);
      this.window.set(this.step, windowSize - stepSize);
      this.buffered = 0;
      this.fit();
    }
  }

  /** The score of `[v]` in [0.5, 1] (0 before anything is learned): one minus its two-sided-mirrored normal tail probability. */
  scoreOne(x: Vector): number {
    readVector(`${TAG}.scoreOne`, x, 1, this.x);
    if (this.size === 0) return 0;
    let v = this.x[0] as number;
    const mean = this.mean;
    if (v < mean) v = 2 * mean - v; // NAB mirrors, rather than taking |v − μ|: kept for identical rounding
    return 1 - 0.5 * erfc((v - mean) / this.std / SQRT2);
  }

  /** numpy.mean and numpy.std (ddof 0) of the window, as NAB's `_updateWindow`. */
  private fit(): void {
    const n = this.size;
    const window = this.window;
    if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
    const mean = pairwiseSum(window, 0, n) / n;
    for (let i = 0; i < n; i++) {
      const d = (window[i] as number) - mean;
      scratch[i] = d * d;
    }
    const std = Math.sqrt(pairwiseSum(scratch, 0, n) / n);
    this.mean = mean;
    this.std = std === 0 ? ZERO_STD : std;
  }

  /** Layout (version 1): options; the window (f64s); the step buffer (f64s); mean; std. */
  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options)
      .f64s(this.window.subarray(0, this.size))
      .f64s(this.step.subarray(0, this.buffered))
      .f64(this.mean)
      .f64(this.std)
      .finish();
  }

  static restore(bytes: Uint8Array): WindowedGaussian {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const g = new WindowedGaussian(options as WindowedGaussianOptions);
    const window = reader.f64s();
    const step = reader.f64s();
    if (window.length > g.window.length || step.length >= g.step.length || (step.length > 0 && window.length < g.window.length)) {
      throw new EstimatorConfigError(`${TAG}.restore: snapshot holds ${window.length} window and ${step.length} buffered values, inconsistent with its options`);
    }
    g.window.set(window);
    g.size = window.length;
    g.step.set(step);
    g.buffered = step.length;
    g.mean = reader.f64();
    g.std = reader.f64();
    reader.end();
    return g;
  }
}
