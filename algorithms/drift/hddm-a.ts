import type { DriftDetector } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";

/** Options of {@link HDDM_A}. @public */
export interface HDDM_AOptions {
  /** Significance of the change test (α_D); default 0.001. */
  driftConfidence?: number;
  /** Significance of the warning test (α_W, ≥ driftConfidence); default 0.005. */
  warningConfidence?: number;
  /** Also flag decreases of the mean (two-sided); default false (only increases, i.e. more errors). */
  twoSidedTest?: boolean;
}

const DEFAULTS: Required<HDDM_AOptions> = { driftConfidence: 0.001, warningConfidence: 0.005, twoSidedTest: false };
const TAG = "HDDM_A";
const VERSION = 1;

/**
 * HDDM with the A-test (Frías-Blanco et al. 2015, River's `drift.binary.HDDM_A`): compares the mean
 * of the whole stream with the mean of its prefix up to a cut point, the cut point being where the
 * Hoeffding lower bound of the running mean was smallest (largest, for decreases). A difference
 * beyond the Hoeffding bound √(m/2 · ln(2/α)), m = (n − n_cut)/(n_cut · n), is a warning at α_W and
 * a change at α_D. The update after a change starts afresh.
 *
 * @remarks
 * Input is an error stream as in River: x = 0 is a correct prediction and any other value counts
 * as an error (1). The bounds assume values in [0, 1]. Semantics and defaults are River's (after MOA).
 *
 * @param options - {@link HDDM_AOptions}: driftConfidence 0.001, warningConfidence 0.005, twoSidedTest false.
 * @example
 * ```ts
 * import { HDDM_A } from "streamine/algorithms";
 * const d = new HDDM_A();
 * const flagged: number[] = [];
 * for (let i = 0; i < 2_000; i++) {
 *   d.update(i < 1_000 ? (i % 10 === 0 ? 1 : 0) : i % 2); // 10 % errors, then 50 %
 *   if (d.drift) flagged.push(i);
 * }
 * expect(flagged[0]).toBeGreaterThanOrEqual(1_000);
 * expect(flagged[0]).toBeLessThan(1_100);
 * ```
 * @see I. Frías-Blanco et al., "Online and non-parametric drift detection methods based on Hoeffding's bounds", IEEE TKDE 27(3), 2015.
 * @public
 */
export class HDDM_A implements DriftDetector {
  static readonly testParams: readonly HDDM_AOptions[] = [{ twoSidedTest: true }, { driftConfidence: 0.01, warningConfidence: 0.05 }];

  readonly options: Readonly<Required<HDDM_AOptions>>;
  /** Whole stream since the last change: count and mean. */
  private n = 0;
  private mean = 0;
  /** Prefix at the cut point for increases. */
  private nMin = 0;
  private meanMin = 0;
  /** Prefix at the cut point for decreases. */
  private nMax = 0;
  private meanMax = 0;
  private warned = false;
  private detected = false;

  constructor(options?: HDDM_AOptions) {
    const where = "HDDM_A.constructor";
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(o.driftConfidence > 0 && o.driftConfidence < 1, where, "driftConfidence", "in (0, 1)", o.driftConfidence);
    checkOption(
      o.warningConfidence >= o.driftConfidence && o.warningConfidence < 1,
      where,
      "warningConfidence",
      `in [driftConfidence = ${o.driftConfidence}, 1)`,
      o.warningConfidence,
    );
    checkOption(typeof o.twoSidedTest === "boolean", where, "twoSidedTest", "a boolean", o.twoSidedTest);
    this.options = o;
  }

  /** True right after the update that detected a change. */
  get drift(): boolean {
    return this.detected;
  }

  /** True when the warning test fires but the change test does not. */
  get warning(): boolean {
    return this.warned;
  }

  /** The error rate since the last change. */
  get estimation(): number {
    return this.mean;
  }

  /** @param x - 0 for a correct prediction; any other finite value counts as an error. */
  update(x: number): void {
    checkFinite("HDDM_A.update", "x", x);
    if (this.detected) this.reset();
    this.n++;
    this.mean += ((x !== 0 ? 1 : 0) - this.mean) / this.n;
    if (this.nMin === 0) this.setMin();
    if (this.nMax === 0) this.setMax();
    const epsZ = this.hoeffding(this.n);
    if (this.meanMin + this.hoeffding(this.nMin) >= this.mean + epsZ) this.setMin();
    if (this.meanMax - this.hoeffding(this.nMax) <= this.mean - epsZ) this.setMax();
    const { driftConfidence, warningConfidence } = this.options;
    this.detected = this.differs(this.nMin, this.mean - this.meanMin, driftConfidence);
    this.warned = !this.detected && this.differs(this.nMin, this.mean - this.meanMin, warningConfidence);
    if (this.options.twoSidedTest) {
      if (this.differs(this.nMax, this.meanMax - this.mean, driftConfidence)) this.detected = true;
      else if (this.differs(this.nMax, this.meanMax - this.mean, warningConfidence)) this.warned = true;
    }
  }

  private setMin(): void {
    this.nMin = this.n;
    this.meanMin = this.mean;
  }

  private setMax(): void {
    this.nMax = this.n;
    this.meanMax = this.mean;
  }

  private hoeffding(n: number): number {
    return Math.sqrt((1 / (2 * n)) * Math.log(1 / this.options.driftConfidence));
  }

  /** Whether a prefix of `nCut` values and the whole stream differ in mean by `diff` beyond the bound at `confidence`. */
  private differs(nCut: number, diff: number, confidence: number): boolean {
    if (nCut === this.n) return false;
    const m = (this.n - nCut) / nCut / this.n;
    return diff >= Math.sqrt((m / 2) * Math.log(2 / confidence));
  }

  private reset(): void {
    this.n = 0;
    this.mean = 0;
    this.nMin = 0;
    this.meanMin = 0;
    this.nMax = 0;
    this.meanMax = 0;
    this.warned = false;
    this.detected = false;
  }

  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options)
      .f64(this.n)
      .f64(this.mean)
      .f64(this.nMin)
      .f64(this.meanMin)
      .f64(this.nMax)
      .f64(this.meanMax)
      .bool(this.warned)
      .bool(this.detected)
      .finish();
  }

  static restore(bytes: Uint8Array): HDDM_A {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const d = new HDDM_A(options as HDDM_AOptions);
    d.n = reader.f64();
    d.mean = reader.f64();
    d.nMin = reader.f64();
    d.meanMin = reader.f64();
    d.nMax = reader.f64();
    d.meanMax = reader.f64();
    d.warned = reader.bool();
    d.detected = reader.bool();
    reader.end();
    return d;
  }
}
