import type { DriftDetector } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter, type SnapshotReader } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";

/** Options of {@link HDDM_W}. @public */
export interface HDDM_WOptions {
  /** Significance of the change test (α_D); default 0.001. */
  driftConfidence?: number;
  /** Significance of the warning test (α_W, ≥ driftConfidence); default 0.005. */
  warningConfidence?: number;
  /** Weight of the newest value in the EWMA (λ, in (0, 1)); default 0.05. */
  lambda?: number;
  /** Also flag decreases of the mean (two-sided); default false (only increases, i.e. more errors). */
  twoSidedTest?: boolean;
}

const DEFAULTS: Required<HDDM_WOptions> = { driftConfidence: 0.001, warningConfidence: 0.005, lambda: 0.05, twoSidedTest: false };
const TAG = "HDDM_W";
const VERSION = 1;

/** An EWMA and the sum of its squared weights (the "independent bounded condition" of McDiarmid's bound). */
class Ewma {
  value = 0;
  ibc = 1;
  seen = false;

  update(x: number, lambda: number): void {
    if (this.seen) {
      this.value = lambda * x + (1 - lambda) * this.value;
      this.ibc = lambda * lambda + (1 - lambda) * (1 - lambda) * this.ibc;
    } else {
      this.value = x;
      this.ibc = 1;
      this.seen = true;
    }
  }

  copy(from: Ewma): void {
    this.value = from.value;
    this.ibc = from.ibc;
    this.seen = from.seen;
  }

  clear(): void {
    this.value = 0;
    this.ibc = 1;
    this.seen = false;
  }

  write(w: SnapshotWriter): void {
    w.f64(this.value).f64(this.ibc).bool(this.seen);
  }

  read(r: SnapshotReader): void {
    this.value = r.f64();
    this.ibc = r.f64();
    this.seen = r.bool();
  }
}

/**
 * HDDM with the W-test (Frías-Blanco et al. 2015, River's `drift.binary.HDDM_W`): like
 * {@link HDDM_A} but with exponentially weighted moving averages, so recent values count more.
 * The stream's EWMA up to the cut point (where EWMA + bound was smallest) is compared with the
 * EWMA of the values since then; a difference beyond McDiarmid's bound √(ibc · ln(1/α)/2) is a
 * warning at α_W and a change at α_D. The update after a change starts afresh.
 *
 * @remarks
 * Input is an error stream (x = 0 correct, any other value an error), as in River. Defaults are
 * River's. Difference: each EWMA starts at its first value with ibc = 1, as in MOA and the paper;
 * River's starts at 0 (its `EWMean` replaces a zero mean by the next value, so a run of correct
 * predictions followed by an error jumps to 1) and decays ibc already on the first value.
 *
 * @param options - {@link HDDM_WOptions}: driftConfidence 0.001, warningConfidence 0.005, lambda 0.05, twoSidedTest false.
 * @example
 * ```ts
 * import { HDDM_W } from "streamine/algorithms";
 * const d = new HDDM_W();
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
export class HDDM_W implements DriftDetector {
  static readonly testParams: readonly HDDM_WOptions[] = [{ twoSidedTest: true }, { lambda: 0.2, driftConfidence: 0.01, warningConfidence: 0.05 }];

  readonly options: Readonly<Required<HDDM_WOptions>>;
  private readonly total = new Ewma();
  private readonly beforeIncr = new Ewma();
  private readonly afterIncr = new Ewma();
  private readonly beforeDecr = new Ewma();
  private readonly afterDecr = new Ewma();
  private incrCut = Infinity;
  private decrCut = -Infinity;
  private warned = false;
  private detected = false;

  constructor(options?: HDDM_WOptions) {
    const where = "HDDM_W.constructor";
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(o.driftConfidence > 0 && o.driftConfidence < 1, where, "driftConfidence", "in (0, 1)", o.driftConfidence);
    checkOption(
      o.warningConfidence >= o.driftConfidence && o.warningConfidence < 1,
      where,
      "warningConfidence",
      `in [driftConfidence = ${o.driftConfidence}, 1)`,
      o.warningConfidence,
    );
    checkOption(o.lambda > 0 && o.lambda < 1, where, "lambda", "in (0, 1)", o.lambda);
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

  /** The EWMA of the error indicator since the last change (0 before any update). */
  get estimation(): number {
    return this.total.value;
  }

  /** @param x - 0 for a correct prediction; any other finite value counts as an error. */
  update(x: number): void {
    checkFinite("HDDM_W.update", "x", x);
    if (this.detected) this.reset();
    const v = x !== 0 ? 1 : 0;
    const { lambda, driftConfidence, warningConfidence } = this.options;
    this.total.update(v, lambda);
    const eps = this.bound(this.total.ibc, driftConfidence);

    if (this.total.value + eps < this.incrCut) {
      this.incrCut = this.total.value + eps;
      this.beforeIncr.copy(this.total);
      this.afterIncr.clear();
    } else {
      this.afterIncr.update(v, lambda);
    }
    this.detected = this.rose(this.beforeIncr, this.afterIncr, driftConfidence);
    this.warned = !this.detected && this.rose(this.beforeIncr, this.afterIncr, warningConfidence);

    if (this.total.value - eps > this.decrCut) {
      this.decrCut = this.total.value - eps;
      this.beforeDecr.copy(this.total);
      this.afterDecr.clear();
    } else {
      this.afterDecr.update(v, lambda);
    }
    if (this.options.twoSidedTest) {
      if (this.rose(this.afterDecr, this.beforeDecr, driftConfidence)) this.detected = true;
      else if (this.rose(this.afterDecr, this.beforeDecr, warningConfidence)) this.warned = true;
    }
  }

  private bound(ibc: number, confidence: number): number {
    return Math.sqrt((ibc * Math.log(1 / confidence)) / 2);
  }

  /** Whether `later` exceeds `earlier` beyond McDiarmid's bound at `confidence`. */
  private rose(earlier: Ewma, later: Ewma, confidence: number): boolean {
    if (!earlier.seen || !later.seen) return false;
    return later.value - earlier.value > this.bound(earlier.ibc + later.ibc, confidence);
  }

  private reset(): void {
    this.total.clear();
    this.beforeIncr.clear();
    this.afterIncr.clear();
    this.beforeDecr.clear();
    this.afterDecr.clear();
    this.incrCut = Infinity;
    this.decrCut = -Infinity;
    this.warned = false;
    this.detected = false;
  }

  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    for (const e of [this.total, this.beforeIncr, this.afterIncr, this.beforeDecr, this.afterDecr]) e.write(w);
    return w.f64(this.incrCut).f64(this.decrCut).bool(this.warned).bool(this.detected).finish();
  }

  static restore(bytes: Uint8Array): HDDM_W {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const d = new HDDM_W(options as HDDM_WOptions);
    for (const e of [d.total, d.beforeIncr, d.afterIncr, d.beforeDecr, d.afterDecr]) e.read(reader);
    d.incrCut = reader.f64();
    d.decrCut = reader.f64();
    d.warned = reader.bool();
    d.detected = reader.bool();
    reader.end();
    return d;
  }
}
