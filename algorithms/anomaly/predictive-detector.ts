import type { Regressor } from "../base/estimator.js";
import type { AnomalyDetector } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { openSnapshot, SnapshotReader, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, readVector, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { Pipe } from "../compose/pipe.js";
import { BaggingRegressor, type RegressorClass } from "../regression/bagging-regressor.js";
import { HoeffdingTreeRegressor } from "../regression/hoeffding-tree-regressor.js";
import { LinearRegression } from "../regression/linear-regression.js";
import { PARegressor } from "../regression/pa-regressor.js";
import { RLSRegressor } from "../regression/rls-regressor.js";

/** Options of {@link PredictiveDetector}. @public */
export interface PredictiveDetectorOptions {
  /**
   * The forecaster: a regressor to clone (`new Ctor(model.options)`: its options, not its learned
   * state) or a factory called once. It is fed the last `lags` values, newest first. Default: an
   * `RLSRegressor` with default options (an autoregressive model fitted by recursive least squares).
   */
  regressor?: Regressor | (() => Regressor);
  /** How many past values the forecast is made from; default 5. */
  lags?: number;
  /** The fading factor α in (0, 1] of the EW mean and variance of the residuals; default 0.05. */
  fading?: number;
}

type Options = Required<PredictiveDetectorOptions>;

const DEFAULTS: Options = { regressor: new RLSRegressor(), lags: 5, fading: 0.05 };
const TAG = "PredictiveDetector";
const VERSION = 1;
/** s is floored at MIN_SCALE·(1 + |last value|): a perfectly forecast stretch then a miss scores high but finite. */
const MIN_SCALE = 1e-12;

/** The regressor classes `restore` knows without being told. */
const KNOWN: readonly RegressorClass[] = [RLSRegressor, LinearRegression, PARegressor, HoeffdingTreeRegressor, BaggingRegressor, Pipe];

/** The type tag of a snapshot (see base/snapshot.ts: magic, length byte, tag). */
function tagOf(bytes: Uint8Array): string {
  const n = bytes[4] ?? 0;
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[5 + i] ?? 0);
  return s;
}

/**
 * Forecast-residual detector: a regressor forecasts each value from the previous `lags` values,
 * and the score is the absolute standardized forecast error. Univariate: feed one-element
 * vectors. Catches what a level-based z-score misses: a value normal in range but wrong for its
 * place in a trend or a cycle.
 *
 * @remarks
 * With the lags ℓ = (x_{t−1}, …, x_{t−lags}) and ŷ the regressor's forecast from ℓ, the residual
 * is r = x_t − ŷ; the score is |r − m| / s, with m and s² the EW mean and variance (α = `fading`,
 * {@link EWVar}'s recurrence) of the residuals of the values learned before. `learnOne(x_t)`
 * forecasts x_t, folds its residual into m and s², teaches the regressor (ℓ → x_t), then shifts
 * x_t into the lags.
 *
 * Cold start: 0 until `lags` values are learned and two residuals are known. s is floored at
 * 1e-12·(1 + |x_{t−1}|), so after perfect forecasts (s = 0) a miss scores very high but finite. `scoreOne` changes no state (it only asks the regressor to
 * predict). The snapshot holds the regressor's snapshot; `restore` rebuilds regressors of the
 * classes of this package (RLSRegressor, LinearRegression, PARegressor, HoeffdingTreeRegressor,
 * BaggingRegressor, Pipe) or of those passed to it.
 *
 * @example
 * ```ts
 * import { PredictiveDetector } from "streamine/algorithms";
 * const d = new PredictiveDetector({ lags: 2 });
 * for (let t = 0; t < 400; t++) d.learnOne([10 * Math.sin(t / 5) + 0.01 * Math.cos(7 * t)]);
 * const next = 10 * Math.sin(400 / 5);
 * // in range but off the sine wave
 * expect(d.scoreOne([next + 1])).toBeGreaterThan(10 * d.scoreOne([next]));
 * ```
 * @see V. Chandola, A. Banerjee, V. Kumar (2009) "Anomaly detection: a survey", ACM Computing Surveys 41(3), §9 (prediction-based detection).
 * @public
 */
export class PredictiveDetector implements AnomalyDetector {
  static readonly testParams: readonly PredictiveDetectorOptions[] = [
    { lags: 2 },
    { regressor: () => new LinearRegression(), lags: 3, fading: 0.2 },
    { regressor: new PARegressor(), lags: 1, fading: 1 },
  ];

  readonly options: Readonly<Options>;
  private model: Regressor;
  /** The last `lags` values, newest first. */
  private readonly lags: Float64Array;
  private filled = 0;
  /** Residuals learned: 0, 1 or 2 (for "two or more"). */
  private residuals = 0;
  private mean = 0;
  private variance = 0;
  private readonly x = new Float64Array(1);

  /** @param options - see {@link PredictiveDetectorOptions}; defaults: regressor RLSRegressor(), lags 5, fading 0.05. */
  constructor(options?: PredictiveDetectorOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isSafeInteger(o.lags) && o.lags >= 1, where, "lags", "an integer ≥ 1", o.lags);
    checkOption(typeof o.fading === "number" && o.fading > 0 && o.fading <= 1, where, "fading", "a number in (0, 1]", o.fading);
    const r = o.regressor;
    const isModel = typeof r === "object" && r !== null && typeof r.learnOne === "function" && typeof r.predictOne === "function" && typeof r.snapshot === "function";
    checkOption(typeof r === "function" || isModel, where, "regressor", "a regressor or a function returning one", r);
    this.options = o;
    this.model = typeof r === "function" ? r() : clone(r);
    this.lags = new Float64Array(o.lags);
  }

  /** The forecaster (read only: learning through it bypasses the detector). */
  get regressor(): Regressor {
    return this.model;
  }

  /** Learns one value `[v]`: its residual, the regressor's lesson, the lags. */
  learnOne(x: Vector): void {
    readVector(`${TAG}.learnOne`, x, 1, this.x);
    const v = this.x[0] as number;
    const lags = this.lags;
    if (this.filled === lags.length) {
      const r = v - this.model.predictOne(lags);
      if (this.residuals === 0) {
        this.mean = r;
        this.residuals = 1;
      } else {
        const a = this.options.fading;
        const d = r - this.mean;
        this.mean = a * r + (1 - a) * this.mean;
        this.variance = (1 - a) * (this.variance + a * d * d);
        this.residuals = 2;
      }
      this.model.learnOne(lags, v);
    } else {
      this.filled++;
    }
    lags.copyWithin(1, 0, lags.length - 1);
    lags[0] = v;
  }

  /** |residual − m| / s (see remarks); 0 during the cold start. */
  scoreOne(x: Vector): number {
    readVector(`${TAG}.scoreOne`, x, 1, this.x);
    if (this.filled < this.lags.length || this.residuals < 2) return 0;
    const dist = Math.abs((this.x[0] as number) - this.model.predictOne(this.lags) - this.mean);
    return dist / Math.max(Math.sqrt(this.variance), MIN_SCALE * (1 + Math.abs(this.lags[0] as number)));
  }

  /**
   * Layout (version 1): header { regressor: { class, options }, lags, fading }; lags filled; the
   * lags (f64s); residuals learned (0, 1, 2+); their mean and variance; the regressor's snapshot.
   */
  snapshot(): Uint8Array {
    const part = this.model.snapshot();
    const header = { regressor: { class: tagOf(part), options: this.model.options }, lags: this.options.lags, fading: this.options.fading };
    const w = new SnapshotWriter(TAG, VERSION, header);
    w.u32(this.filled).f64s(this.lags).u32(this.residuals).f64(this.mean).f64(this.variance).u32(part.length);
    for (let i = 0; i < part.length; i++) w.u8(part[i] as number);
    return w.finish();
  }

  /** Rebuilds a detector from `snapshot()` bytes; a regressor of a class outside this package needs its class in `classes`. */
  static restore(bytes: Uint8Array, classes: readonly RegressorClass[] = []): PredictiveDetector {
    const where = `${TAG}.restore`;
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const header = options as { regressor: { class: string; options: object }; lags: number; fading: number };
    const Template = [...classes, ...KNOWN].find((c) => c.name === header.regressor.class);
    if (Template === undefined) {
      const tag = header.regressor.class;
      throw new EstimatorConfigError(`${where}: the regressor is a ${tag} snapshot; pass the class: PredictiveDetector.restore(bytes, [${tag}])`);
    }
    const d = new PredictiveDetector({ regressor: new Template(header.regressor.options), lags: header.lags, fading: header.fading });
    const filled = reader.u32();
    const lags = reader.f64s();
    if (lags.length !== d.lags.length || filled > lags.length) {
      throw new EstimatorConfigError(`${where}: snapshot holds ${lags.length} lags (${filled} filled), its options ${d.lags.length}`);
    }
    d.filled = filled;
    d.lags.set(lags);
    d.residuals = Math.min(reader.u32(), 2);
    d.mean = reader.f64();
    d.variance = reader.f64();
    d.model = Template.restore(bytesOf(reader));
    reader.end();
    return d;
  }
}

function bytesOf(reader: SnapshotReader): Uint8Array {
  const out = new Uint8Array(reader.u32());
  for (let i = 0; i < out.length; i++) out[i] = reader.u8();
  return out;
}

function clone(model: Regressor): Regressor {
  const Ctor = model.constructor as new (options: object) => Regressor;
  return new Ctor(model.options);
}
