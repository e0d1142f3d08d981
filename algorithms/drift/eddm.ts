import type { DriftDetector } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";

/** Options of {@link EDDM}. @public */
export interface EDDMOptions {
  /** Updates, and errors, before a warning or a change can be flagged; default 30. */
  warmStart?: number;
  /** Warning when (p′ + 2s′)/(p′ + 2s′)_max < alpha, in (0, 1]; default 0.95. */
  alpha?: number;
  /** Change when (p′ + 2s′)/(p′ + 2s′)_max < beta, in (0, alpha]; default 0.9. */
  beta?: number;
}

const DEFAULTS: Required<EDDMOptions> = { warmStart: 30, alpha: 0.95, beta: 0.9 };
const TAG = "EDDM";
const VERSION = 1;

/**
 * The Early Drift Detection Method (Baena-García et al. 2006, River's `drift.binary.EDDM`) on a
 * stream of errors (x = 0 correct, any other value an error). It tracks the mean p′ and standard
 * deviation s′ of the distance between consecutive errors and the maximum of p′ + 2s′; errors
 * coming closer together, (p′ + 2s′)/max below `alpha`, raise a warning, below `beta` a change.
 * Designed to catch gradual drift earlier than {@link DDM}. The update after a change starts afresh.
 *
 * @remarks
 * As River: the statistics are computed once more than `warmStart` updates were seen, and tested
 * once more than `warmStart` errors were seen; s′ is the sample standard deviation (ddof 1, 0 for one
 * distance). Difference: River leaves the warning flag unchanged on an update that sets a new
 * maximum; here it is cleared (the ratio is then 1, above `alpha`).
 *
 * @param options - {@link EDDMOptions}: warmStart 30, alpha 0.95, beta 0.9.
 * @example
 * ```ts
 * import { EDDM } from "streamine/algorithms";
 * const d = new EDDM();
 * const flagged: number[] = [];
 * for (let i = 0; i < 2_000; i++) {
 *   d.update(i < 1_000 ? (i % 10 === 9 ? 1 : 0) : i % 2); // an error every 10th, then every 2nd
 *   if (d.drift) flagged.push(i);
 * }
 * // Every distance is 10 before the change, so p′ + 2s′ stays at its maximum: no alarm there.
 * expect(flagged.length).toBeGreaterThan(0);
 * expect(flagged[0]).toBeGreaterThanOrEqual(1_000);
 * ```
 * @see M. Baena-García et al., "Early drift detection method", 4th Int. Workshop on Knowledge Discovery from Data Streams, 2006.
 * @public
 */
export class EDDM implements DriftDetector {
  static readonly testParams: readonly EDDMOptions[] = [{ warmStart: 5 }, { alpha: 0.8, beta: 0.75 }];

  readonly options: Readonly<Required<EDDMOptions>>;
  private n = 0;
  private lastError = 0;
  private nErrors = 0;
  private distMean = 0;
  private distM2 = 0;
  private p2sMax = -1;
  private warned = false;
  private detected = false;

  constructor(options?: EDDMOptions) {
    const where = "EDDM.constructor";
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isInteger(o.warmStart) && o.warmStart >= 0, where, "warmStart", "an integer ≥ 0", o.warmStart);
    checkOption(o.alpha > 0 && o.alpha <= 1, where, "alpha", "in (0, 1]", o.alpha);
    checkOption(o.beta > 0 && o.beta <= o.alpha, where, "beta", `in (0, alpha = ${o.alpha}]`, o.beta);
    this.options = o;
  }

  /** True right after the update that detected a change. */
  get drift(): boolean {
    return this.detected;
  }

  /** True while errors come close enough together to warn (never together with `drift`). */
  get warning(): boolean {
    return this.warned;
  }

  /** @param x - 0 for a correct prediction; any other finite value counts as an error. */
  update(x: number): void {
    checkFinite("EDDM.update", "x", x);
    if (this.detected) this.reset();
    this.n++;
    if (x === 0) return;
    this.nErrors++;
    const dist = this.n - this.lastError;
    const delta = dist - this.distMean;
    this.distMean += delta / this.nErrors;
    this.distM2 += delta * (dist - this.distMean);
    this.lastError = this.n;
    const { warmStart, alpha, beta } = this.options;
    if (this.n <= warmStart) return;
    const s = this.nErrors > 1 ? Math.sqrt(this.distM2 / (this.nErrors - 1)) : 0;
    const p2s = this.distMean + 2 * s;
    if (p2s > this.p2sMax) {
      this.p2sMax = p2s;
      this.warned = false;
    } else if (this.nErrors > warmStart) {
      const level = p2s / this.p2sMax;
      this.detected = level < beta;
      this.warned = !this.detected && level < alpha;
    }
  }

  private reset(): void {
    this.n = 0;
    this.lastError = 0;
    this.nErrors = 0;
    this.distMean = 0;
    this.distM2 = 0;
    this.p2sMax = -1;
    this.warned = false;
    this.detected = false;
  }

  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options)
      .f64(this.n)
      .f64(this.lastError)
      .f64(this.nErrors)
      .f64(this.distMean)
      .f64(this.distM2)
      .f64(this.p2sMax)
      .bool(this.warned)
      .bool(this.detected)
      .finish();
  }

  static restore(bytes: Uint8Array): EDDM {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const d = new EDDM(options as EDDMOptions);
    d.n = reader.f64();
    d.lastError = reader.f64();
    d.nErrors = reader.f64();
    d.distMean = reader.f64();
    d.distM2 = reader.f64();
    d.p2sMax = reader.f64();
    d.warned = reader.bool();
    d.detected = reader.bool();
    reader.end();
    return d;
  }
}
