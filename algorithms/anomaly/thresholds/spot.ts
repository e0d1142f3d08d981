import { openSnapshot, SnapshotWriter } from "../../base/snapshot.js";
import { checkFinite, withDefaults } from "../../base/validate.js";
import { checkSpotOptions, PeaksOverThreshold, readCalibrated, writeCalibrated } from "./peaks-over-threshold.js";
import type { Thresholder } from "./thresholder.js";

/** Options of {@link SPOT}. @public */
export interface SPOTOptions {
  /** The risk q: the target probability that a normal score exceeds the threshold (the false-alarm rate); default 1e-4. Must be below 1 − level. */
  q?: number;
  /** Scores in the calibration batch (no alarms while it fills); default 1000. */
  nInit?: number;
  /** The quantile of the calibration batch taken as the initial threshold t (peaks are the excesses over it); default 0.98 (the paper's). */
  level?: number;
}

type Options = Required<SPOTOptions>;

const DEFAULTS: Options = { q: 1e-4, nInit: 1000, level: 0.98 };
const TAG = "SPOT";
const VERSION = 1;

/**
 * SPOT, Streaming Peaks-Over-Threshold (Siffer, Fouque, Termier & Largouët, KDD 2017): a
 * threshold on scores with a stated false-alarm rate q, from extreme value theory, without
 * assuming the scores' distribution.
 *
 * @remarks
 * Calibration: the first `nInit` scores are kept; t is their `level` quantile (type 7), the
 * excesses over t (peaks) are fitted by a generalized Pareto distribution GPD(γ, σ) by
 * Grimshaw's maximum-likelihood method, and the threshold is z_q = t + σ/γ·((q·n/N_t)^(−γ) − 1)
 * (t − σ·ln(q·n/N_t) for γ = 0), n the scores seen and N_t the peaks. By the Pickands–Balkema–de
 * Haan theorem, P(score > z_q) ≈ q for any score distribution in a domain of attraction.
 *
 * Stream (Algorithm 1): a score in (t, z_q] is a new peak (refit, new z_q); one at or below t is
 * only counted. A score above z_q is an anomaly, and here is learned censored: counted, with a
 * peak at z_q − t, so its magnitude is never learned. The paper drops it instead; but then the
 * excesses are truncated at z_q, the fit's tail gets lighter, z_q falls and more is dropped:
 * on Exp(1) scores with q = 1e-3 that gave 1.8e-3 alarms over 2e5 scores (N(0, 1): 5.2e-3), and
 * with q = 1e-2 z_q fell below t within 8000 scores, after which nothing is learned. Censored,
 * the same runs give 1.1e-3 and 8.5e-5 for q = 1e-4 (test/algorithms/anomaly/spot.test.ts). `isAnomaly(s)` is
 * s > z_q, false during calibration (z_q = +Infinity). Memory: the peaks, about (1 − level)·n
 * numbers, growing with the stream as in the paper; each peak refits the GPD in O(N_t). The
 * stream's distribution is assumed stationary: use {@link DSPOT} under drift. If no calibration
 * score exceeds t (a constant batch), z_q = t.
 *
 * @example
 * ```ts
 * import { Random, SPOT } from "streamine/algorithms";
 * const spot = new SPOT({ q: 1e-3, nInit: 2000 });
 * const r = new Random(3);
 * for (let i = 0; i < 2000; i++) spot.learnOne(-Math.log(1 - r.next())); // Exp(1) scores
 * // t is the 98 % quantile of the batch, near ln(50) ≈ 3.9; z_q lies beyond it
 * expect(spot.tail.t).toBeGreaterThan(3.4);
 * expect(spot.tail.t).toBeLessThan(4.4);
 * expect(spot.threshold).toBeGreaterThan(spot.tail.t);
 * expect(spot.isAnomaly(20)).toBe(true);
 * expect(spot.isAnomaly(1)).toBe(false);
 * ```
 * @see A. Siffer, P.-A. Fouque, A. Termier, C. Largouët, "Anomaly detection in streams with extreme value theory", KDD 2017.
 * @see S. D. Grimshaw (1993) "Computing maximum likelihood estimates for the generalized Pareto distribution", Technometrics 35(2).
 * @public
 */
export class SPOT implements Thresholder {
  static readonly testParams: readonly SPOTOptions[] = [{ q: 1e-2, nInit: 100 }, { q: 1e-3, nInit: 300, level: 0.9 }];

  readonly options: Readonly<Options>;
  private readonly batch: Float64Array;
  private filled = 0;
  private readonly pot: PeaksOverThreshold;

  /** @param options - see {@link SPOTOptions}; defaults: q 1e-4, nInit 1000, level 0.98. */
  constructor(options?: SPOTOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkSpotOptions(where, o);
    this.options = o;
    this.batch = new Float64Array(o.nInit);
    this.pot = new PeaksOverThreshold(o.q);
  }

  /** z_q; +Infinity while calibrating. */
  get threshold(): number {
    return this.pot.zq;
  }

  /** The initial threshold t and the GPD fit of the excesses over it (NaN and 0 while calibrating). */
  get tail(): { t: number; gamma: number; sigma: number; peaks: number } {
    return { t: this.pot.t, gamma: this.pot.fit.gamma, sigma: this.pot.fit.sigma, peaks: this.pot.nPeaks };
  }

  /** Whether `score` exceeds z_q (false while calibrating). */
  isAnomaly(score: number): boolean {
    checkFinite(`${TAG}.isAnomaly`, "score", score);
    return score > this.pot.zq;
  }

  /** Learns a score: into the calibration batch, as a peak, as a count, or censored at z_q (an anomaly). */
  learnOne(score: number): void {
    checkFinite(`${TAG}.learnOne`, "score", score);
    if (this.filled < this.batch.length) {
      this.batch[this.filled++] = score;
      if (this.filled === this.batch.length) this.pot.calibrate(this.batch, this.options.level);
      return;
    }
    if (score > this.pot.zq) this.pot.observeCensored();
    else this.pot.observe(score);
  }

  /** Layout (version 1): options; calibrated (bool); then t, n, peaks, γ, σ, z_q, or the calibration scores so far (f64s). */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    writeCalibrated(w, this.pot, this.batch, this.filled);
    return w.finish();
  }

  static restore(bytes: Uint8Array): SPOT {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const s = new SPOT(options as SPOTOptions);
    s.filled = readCalibrated(reader, `${TAG}.restore`, s.pot, s.batch);
    reader.end();
    return s;
  }
}
