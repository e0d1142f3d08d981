import { EstimatorConfigError } from "../../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../../base/validate.js";
import { RollingQuantile } from "../../stats/rolling-quantile.js";
import type { Thresholder } from "./thresholder.js";

/** Options of {@link QuantileFilter}. @public */
export interface QuantileFilterOptions {
  /** The quantile of recent scores used as the threshold; default 0.99 (about 1 % of normal scores flagged). */
  q?: number;
  /** Number of most recent scores the quantile is taken over; no decision until it is full; default 1000. */
  windowSize?: number;
  /** Whether a flagged score enters the window clipped to the threshold rather than as itself (see remarks); default false (River). */
  protect?: boolean;
}

type Options = Required<QuantileFilterOptions>;

const DEFAULTS: Options = { q: 0.99, windowSize: 1000, protect: false };
const TAG = "QuantileFilter";
const VERSION = 1;

/**
 * Flags the scores above a quantile of the recent scores (River's `anomaly.QuantileFilter`),
 * the exact type-7 q-quantile of the last `windowSize` scores ({@link RollingQuantile}).
 *
 * @remarks
 * `isAnomaly(s)` is s ≥ threshold (River's rule), false until the window is full (threshold
 * +Infinity). To keep a detector from learning anomalies (River's `protect_anomaly_detector`),
 * learn it only when `isAnomaly` is false, as in the example.
 *
 * `protect` guards the threshold itself: a flagged score is learned as the threshold, not as its
 * value, so a burst of anomalies cannot drag the threshold up to them (leaving flagged scores
 * out altogether would lower the quantile at every step, each cutting the top 1 − q of what is
 * left). The clipping still biases the threshold down, as the clipped values sit at the
 * interpolated quantile, below the scores they replace: on N(0, 1) data with an EW z-score,
 * q = 0.99 and windows of 200, 3.6 % of 2·10⁴ scores were flagged with `protect`, 1.4 % without.
 * Hence off by default; turn it on where bursts of anomalies are expected. Cost O(windowSize)
 * per score; state: the window.
 *
 * @example
 * ```ts
 * import { EWZScore, QuantileFilter, Random } from "streamine/algorithms";
 * const detector = new EWZScore({ fading: 0.05 });
 * const filter = new QuantileFilter({ q: 0.99, windowSize: 200 });
 * const r = new Random(2);
 * let flagged = 0;
 * for (let i = 0; i < 2000; i++) {
 *   const x = [i === 1500 ? 25 : r.nextGaussian()];
 *   const score = detector.scoreOne(x);
 *   const anomaly = filter.isAnomaly(score);
 *   if (anomaly) flagged++;
 *   else detector.learnOne(x); // the detector never learns a flagged value
 *   filter.learnOne(score);
 *   if (i === 1500) expect(anomaly).toBe(true);
 * }
 * expect(flagged).toBeLessThan(60); // about 1 % of 1800 decisions (and a few more while the EW z settles)
 * ```
 * @see River `anomaly.QuantileFilter` (https://riverml.xyz/latest/api/anomaly/QuantileFilter/).
 * @public
 */
export class QuantileFilter implements Thresholder {
  static readonly testParams: readonly QuantileFilterOptions[] = [{ q: 0.9, windowSize: 20, protect: true }, { q: 0.5, windowSize: 7 }, { q: 1, windowSize: 1 }];

  readonly options: Readonly<Options>;
  private readonly quantile: RollingQuantile;
  /** The window in arrival order (a ring; `head` is the oldest once full), for the snapshot. */
  private readonly ring: Float64Array;
  private head = 0;
  private size = 0;

  /** @param options - see {@link QuantileFilterOptions}; defaults: q 0.99, windowSize 1000, protect false. */
  constructor(options?: QuantileFilterOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(typeof o.q === "number" && o.q >= 0 && o.q <= 1, where, "q", "a number in [0, 1]", o.q);
    checkOption(Number.isSafeInteger(o.windowSize) && o.windowSize >= 1, where, "windowSize", "an integer ≥ 1", o.windowSize);
    checkOption(typeof o.protect === "boolean", where, "protect", "a boolean", o.protect);
    this.options = o;
    this.quantile = new RollingQuantile(o.q, o.windowSize);
    this.ring = new Float64Array(o.windowSize);
  }

  /** The q-quantile of the window; +Infinity until the window is full. */
  get threshold(): number {
    return this.size === this.ring.length ? this.quantile.get() : Infinity;
  }

  /** Whether `score` ≥ threshold (false until the window is full). */
  isAnomaly(score: number): boolean {
    checkFinite(`${TAG}.isAnomaly`, "score", score);
    return score >= this.threshold;
  }

  /** Learns a score; with `protect`, a flagged score enters the window as the threshold. */
  learnOne(score: number): void {
    checkFinite(`${TAG}.learnOne`, "score", score);
    const t = this.threshold;
    this.push(this.options.protect && score >= t ? t : score);
  }

  private push(v: number): void {
    this.quantile.update(v);
    this.ring[this.head] = v;
    this.head = this.head + 1 === this.ring.length ? 0 : this.head + 1;
    if (this.size < this.ring.length) this.size++;
  }

  /** Layout (version 1): options; the window in arrival order (f64s), replayed by restore. */
  snapshot(): Uint8Array {
    const n = this.size;
    const start = n < this.ring.length ? 0 : this.head;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = this.ring[(start + i) % this.ring.length] as number;
    return new SnapshotWriter(TAG, VERSION, this.options).f64s(values).finish();
  }

  static restore(bytes: Uint8Array): QuantileFilter {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const f = new QuantileFilter(options as QuantileFilterOptions);
    const values = reader.f64s();
    reader.end();
    if (values.length > f.ring.length) throw new EstimatorConfigError(`${TAG}.restore: snapshot holds ${values.length} scores, more than windowSize ${f.ring.length}`);
    for (let i = 0; i < values.length; i++) f.push(values[i] as number);
    return f;
  }
}
