import type { DriftDetector } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";

/** Options of {@link DDM}. @public */
export interface DDMOptions {
  /** Updates before a warning or a change can be flagged; default 30. */
  warmStart?: number;
  /** Warning when p + s > p_min + warningThreshold · s_min (≈ 95 % confidence); default 2. */
  warningThreshold?: number;
  /** Change when p + s > p_min + driftThreshold · s_min (≈ 99 % confidence); default 3. */
  driftThreshold?: number;
}

const DEFAULTS: Required<DDMOptions> = { warmStart: 30, warningThreshold: 2, driftThreshold: 3 };
const TAG = "DDM";
const VERSION = 1;

/**
 * The Drift Detection Method (Gama et al. 2004, River's `drift.binary.DDM`) on a stream of
 * errors: x = 0 is a correct prediction, any other value counts as an error. It tracks the error
 * rate p and its binomial standard deviation s = √(p(1 − p)/n), remembers p_min and s_min where
 * p + s was smallest, and flags a warning, then a change, when p + s rises 2, then 3, s_min above
 * p_min. The update after a change starts afresh.
 *
 * @remarks
 * Semantics and defaults are River's. Like River (and MOA), a stream without any error for more
 * than `warmStart` updates has s_min = 0, so the first error afterwards is flagged as a change.
 *
 * @param options - {@link DDMOptions}: warmStart 30, warningThreshold 2, driftThreshold 3.
 * @example
 * ```ts
 * import { DDM } from "streamine/algorithms";
 * const d = new DDM();
 * const flagged: number[] = [];
 * for (let i = 0; i < 1_000; i++) {
 *   d.update(i < 500 ? (i % 10 === 0 ? 1 : 0) : i % 2); // 10 % errors, then 50 %
 *   if (d.drift) flagged.push(i);
 * }
 * expect(flagged[0]).toBeGreaterThanOrEqual(500);
 * expect(flagged[0]).toBeLessThan(600);
 * ```
 * @see J. Gama, P. Medas, G. Castillo, P. Rodrigues, "Learning with drift detection", SBIA 2004.
 * @public
 */
export class DDM implements DriftDetector {
  static readonly testParams: readonly DDMOptions[] = [{ warmStart: 5 }, { warningThreshold: 1, driftThreshold: 1.5 }];

  readonly options: Readonly<Required<DDMOptions>>;
  private n = 0;
  private p = 0;
  private pMin = Infinity;
  private sMin = Infinity;
  private psMin = Infinity;
  private warned = false;
  private detected = false;

  constructor(options?: DDMOptions) {
    const where = "DDM.constructor";
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isInteger(o.warmStart) && o.warmStart >= 0, where, "warmStart", "an integer ≥ 0", o.warmStart);
    checkOption(Number.isFinite(o.warningThreshold) && o.warningThreshold > 0, where, "warningThreshold", "a finite number > 0", o.warningThreshold);
    checkOption(
      Number.isFinite(o.driftThreshold) && o.driftThreshold >= o.warningThreshold,
      where,
      "driftThreshold",
      `a finite number ≥ warningThreshold (${o.warningThreshold})`,
      o.driftThreshold,
    );
    this.options = o;
  }

  /** True right after the update that detected a change. */
  get drift(): boolean {
    return this.detected;
  }

  /** True while the error rate is in the warning zone (never together with `drift`). */
  get warning(): boolean {
    return this.warned;
  }

  /** The error rate since the last change. */
  get estimation(): number {
    return this.p;
  }

  /** @param x - 0 for a correct prediction; any other finite value counts as an error. */
  update(x: number): void {
    checkFinite("DDM.update", "x", x);
    if (this.detected) this.reset();
    this.n++;
    this.p += ((x !== 0 ? 1 : 0) - this.p) / this.n;
    if (this.n <= this.options.warmStart) return;
    const s = Math.sqrt((this.p * (1 - this.p)) / this.n);
    const ps = this.p + s;
    if (ps <= this.psMin) {
      this.pMin = this.p;
      this.sMin = s;
      this.psMin = ps;
    }
    this.warned = ps > this.pMin + this.options.warningThreshold * this.sMin;
    if (ps > this.pMin + this.options.driftThreshold * this.sMin) {
      this.detected = true;
      this.warned = false;
    }
  }

  private reset(): void {
    this.n = 0;
    this.p = 0;
    this.pMin = Infinity;
    this.sMin = Infinity;
    this.psMin = Infinity;
    this.warned = false;
    this.detected = false;
  }

  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options)
      .f64(this.n)
      .f64(this.p)
      .f64(this.pMin)
      .f64(this.sMin)
      .f64(this.psMin)
      .bool(this.warned)
      .bool(this.detected)
      .finish();
  }

  static restore(bytes: Uint8Array): DDM {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const d = new DDM(options as DDMOptions);
    d.n = reader.f64();
    d.p = reader.f64();
    d.pMin = reader.f64();
    d.sMin = reader.f64();
    d.psMin = reader.f64();
    d.warned = reader.bool();
    d.detected = reader.bool();
    reader.end();
    return d;
  }
}
