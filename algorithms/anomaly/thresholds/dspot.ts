import { EstimatorConfigError } from "../../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../../base/validate.js";
import { checkSpotOptions, PeaksOverThreshold, readCalibrated, writeCalibrated } from "./peaks-over-threshold.js";
import type { SPOTOptions } from "./spot.js";
import type { Thresholder } from "./thresholder.js";

/** Options of {@link DSPOT}: those of {@link SPOTOptions} and the drift window. @public */
export interface DSPOTOptions extends SPOTOptions {
  /** Number of most recent normal scores whose mean is the local level subtracted from each score; default 20. */
  depth?: number;
}

type Options = Required<DSPOTOptions>;

const DEFAULTS: Options = { q: 1e-4, nInit: 1000, level: 0.98, depth: 20 };
const TAG = "DSPOT";
const VERSION = 1;

/**
 * DSPOT, SPOT with drift (Siffer et al., KDD 2017, Algorithm 2): SPOT applied to each score minus
 * the mean of the last `depth` normal scores, so a slowly moving level does not raise alarms or
 * hide them.
 *
 * @remarks
 * With M the mean of the window W of the last `depth` normal scores, a score s is judged by
 * s′ = s − M: an anomaly when s′ > z_q, where t, the peaks and z_q are SPOT's ({@link SPOT}) on
 * the s′ stream. Calibration: the first `depth` scores fill W; the next `nInit` give the s′
 * calibration batch, W sliding over each. Then an anomaly is learned by SPOT censored at z_q (see
 * {@link SPOT}) and left out of W; any other score is SPOT-learned as s′ and slides W. `threshold` is z_q on the s′ scale;
 * `isAnomaly(s)` is s − M > z_q, false during calibration. M is the plain sum of the window
 * divided by depth, O(depth) per score, so a restored detector gives identical numbers.
 *
 * @example
 * ```ts
 * import { DSPOT, Random } from "streamine/algorithms";
 * const d = new DSPOT({ q: 1e-3, nInit: 1000, depth: 10 });
 * const r = new Random(5);
 * let level = 0;
 * for (let i = 0; i < 3000; i++) {
 *   level += 0.01; // a slow upward drift: 30 by the end
 *   d.learnOne(level + r.nextGaussian());
 * }
 * expect(d.isAnomaly(level + 0.5)).toBe(false);
 * expect(d.isAnomaly(level + 10)).toBe(true);
 * ```
 * @see A. Siffer, P.-A. Fouque, A. Termier, C. Largouët, "Anomaly detection in streams with extreme value theory", KDD 2017.
 * @public
 */
export class DSPOT implements Thresholder {
  static readonly testParams: readonly DSPOTOptions[] = [{ q: 1e-2, nInit: 100, depth: 5 }, { q: 1e-3, nInit: 300, level: 0.9, depth: 1 }];

  readonly options: Readonly<Options>;
  /** The last `depth` normal scores, a ring; `head` is the oldest once full. */
  private readonly window: Float64Array;
  private head = 0;
  private size = 0;
  private readonly batch: Float64Array;
  private filled = 0;
  private readonly pot: PeaksOverThreshold;

  /** @param options - see {@link DSPOTOptions}; defaults: q 1e-4, nInit 1000, level 0.98, depth 20. */
  constructor(options?: DSPOTOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkSpotOptions(where, o);
    checkOption(Number.isSafeInteger(o.depth) && o.depth >= 1, where, "depth", "an integer ≥ 1", o.depth);
    this.options = o;
    this.window = new Float64Array(o.depth);
    this.batch = new Float64Array(o.nInit);
    this.pot = new PeaksOverThreshold(o.q);
  }

  /** z_q on the scale of scores minus the local level; +Infinity while calibrating. */
  get threshold(): number {
    return this.pot.zq;
  }

  /** M: the mean of the last `depth` normal scores (NaN before any). */
  get localLevel(): number {
    const n = this.size;
    if (n === 0) return NaN;
    const w = this.window;
    const start = n < w.length ? 0 : this.head;
    let s = 0;
    for (let i = 0; i < n; i++) s += w[(start + i) % w.length] as number;
    return s / n;
  }

  /** Whether `score` − M exceeds z_q (false while calibrating). */
  isAnomaly(score: number): boolean {
    checkFinite(`${TAG}.isAnomaly`, "score", score);
    return this.filled === this.batch.length && score - this.localLevel > this.pot.zq;
  }

  /** Learns a score (see remarks); an anomaly's value enters neither the level nor the tail fit. */
  learnOne(score: number): void {
    checkFinite(`${TAG}.learnOne`, "score", score);
    if (this.size < this.window.length) {
      this.slide(score);
      return;
    }
    const x = score - this.localLevel;
    if (this.filled < this.batch.length) {
      this.batch[this.filled++] = x;
      if (this.filled === this.batch.length) this.pot.calibrate(this.batch, this.options.level);
    } else {
      if (x > this.pot.zq) {
        this.pot.observeCensored(); // counted in the tail at z_q, but kept out of the level
        return;
      }
      this.pot.observe(x);
    }
    this.slide(score);
  }

  private slide(score: number): void {
    this.window[this.head] = score;
    this.head = this.head + 1 === this.window.length ? 0 : this.head + 1;
    if (this.size < this.window.length) this.size++;
  }

  /** Layout (version 1): options; the window in arrival order (f64s); calibrated (bool); then SPOT's state or the calibration batch so far. */
  snapshot(): Uint8Array {
    const n = this.size;
    const start = n < this.window.length ? 0 : this.head;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = this.window[(start + i) % this.window.length] as number;
    const w = new SnapshotWriter(TAG, VERSION, this.options).f64s(values);
    writeCalibrated(w, this.pot, this.batch, this.filled);
    return w.finish();
  }

  static restore(bytes: Uint8Array): DSPOT {
    const where = `${TAG}.restore`;
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const d = new DSPOT(options as DSPOTOptions);
    const values = reader.f64s();
    if (values.length > d.window.length) throw new EstimatorConfigError(`${where}: snapshot holds ${values.length} window values, depth is ${d.window.length}`);
    for (let i = 0; i < values.length; i++) d.slide(values[i] as number);
    d.filled = readCalibrated(reader, where, d.pot, d.batch);
    reader.end();
    return d;
  }
}
