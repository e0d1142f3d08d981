import type { AnomalyDetector } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { cholesky, choleskyQuadraticForm } from "../kernels/cholesky.js";

/** Options of {@link Mahalanobis}. @public */
export interface MahalanobisOptions {
  /** The fading factor α in (0, 1]: the weight of the newest record in the mean and covariance; default 0.01 (a memory of about 100 records). */
  fading?: number;
  /** Shrinkage λ in [0, 1] of the covariance toward `target`: Σ̂ = (1 − λ)·Σ + λ·T; default 0.1. */
  shrinkage?: number;
  /** The shrinkage target T: "diagonal" (Σ's own diagonal: keeps the variances, damps the correlations; default) or "identity" (trace(Σ)/d · I). */
  target?: "diagonal" | "identity";
  /** Added to the diagonal of Σ̂ so that it is positive definite even for constant features; default 1e-9 (in squared units of the features). */
  ridge?: number;
}

type Options = Required<MahalanobisOptions>;

const DEFAULTS: Options = { fading: 0.01, shrinkage: 0.1, target: "diagonal", ridge: 1e-9 };
const TAG = "Mahalanobis";
const VERSION = 1;
const EMPTY = new Float64Array(0);

/**
 * Squared Mahalanobis distance of a record from an exponentially weighted mean, under an
 * exponentially weighted covariance shrunk toward its diagonal: a multivariate detector for
 * correlated features (fraud, IoT sensor groups) that adapts to drift.
 *
 * @remarks
 * Learning (the vector form of {@link EWVar}'s recurrence): with d = x − μ, μ ← μ + α·d and
 * Σ ← (1 − α)(Σ + α·d·dᵀ), the first record setting μ (Σ = 0).
 *
 * Score of x: D² = (x − μ)ᵀ Σ̂⁻¹ (x − μ) with Σ̂ = (1 − λ)·Σ + λ·T + ridge·I, solved through a Cholesky
 * factor of Σ̂ (computed when a score needs it after learning, O(d³); each score then O(d²)).
 * The score is the squared distance itself, not a probability: for Gaussian data it is about
 * χ²_d-distributed, so its scale depends on the dimension d, and a thresholder
 * ({@link QuantileFilter}, {@link SPOT}) turns it into decisions; keeping D² avoids the rounding
 * of a tail probability to 1 far out, where the anomalies are. Shrinkage keeps Σ̂ well
 * conditioned when the memory 1/α is short compared with d (Ledoit & Wolf); λ = 0 gives the plain
 * EW Mahalanobis distance.
 *
 * Cold start: 0 until two records are learned. The dimension is fixed by the first `learnOne`;
 * `scoreOne` before it only validates x. `scoreOne` changes no state (it may refresh the cached
 * factor, which is not part of the state). State: d + d² numbers.
 *
 * @example
 * ```ts
 * import { Mahalanobis, Random } from "streamine/algorithms";
 * const m = new Mahalanobis({ fading: 0.02, shrinkage: 0 });
 * const r = new Random(1);
 * for (let i = 0; i < 2000; i++) {
 *   const a = r.nextGaussian();
 *   m.learnOne([a, a + 0.1 * r.nextGaussian()]); // two strongly correlated features
 * }
 * // (1, 1) follows the correlation; (1, −1) is as far from the mean per feature but breaks it
 * expect(m.scoreOne([1, -1])).toBeGreaterThan(50 * m.scoreOne([1, 1]));
 * ```
 * @see P. C. Mahalanobis (1936) "On the generalised distance in statistics", Proc. Nat. Inst. Sci. India 2.
 * @see O. Ledoit, M. Wolf (2004) "A well-conditioned estimator for large-dimensional covariance matrices", J. Multivariate Analysis 88.
 * @public
 */
export class Mahalanobis implements AnomalyDetector {
  static readonly testParams: readonly MahalanobisOptions[] = [
    { fading: 0.1, shrinkage: 0.2 },
    { fading: 0.5, shrinkage: 0, target: "identity" },
    { fading: 0.05, shrinkage: 1, target: "identity", ridge: 1e-6 },
  ];

  readonly options: Readonly<Options>;
  private readonly input = new DenseInput();
  /** Records learned: 0, 1 or 2 (for "two or more"). */
  private count = 0;
  private mean: Float64Array = EMPTY;
  /** The EW covariance Σ, row-major d×d, symmetric. */
  private cov: Float64Array = EMPTY;
  /** Scratch: Σ̂, its Cholesky factor, x − μ, and the forward-substitution vector. */
  private shrunk: Float64Array = EMPTY;
  private factor: Float64Array = EMPTY;
  private diff: Float64Array = EMPTY;
  private solve: Float64Array = EMPTY;
  /** True when `factor` is not the factor of the current Σ̂. */
  private stale = true;

  /** @param options - see {@link MahalanobisOptions}; defaults: fading 0.01, shrinkage 0.1, target "diagonal", ridge 1e-9. */
  constructor(options?: MahalanobisOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(typeof o.fading === "number" && o.fading > 0 && o.fading <= 1, where, "fading", "a number in (0, 1] (the weight of the newest record)", o.fading);
    checkOption(typeof o.shrinkage === "number" && o.shrinkage >= 0 && o.shrinkage <= 1, where, "shrinkage", "a number in [0, 1]", o.shrinkage);
    checkOption(o.target === "diagonal" || o.target === "identity", where, "target", '"diagonal" or "identity"', o.target);
    checkOption(typeof o.ridge === "number" && o.ridge > 0 && Number.isFinite(o.ridge), where, "ridge", "a finite number > 0", o.ridge);
    this.options = o;
  }

  /** Learns one record: updates the EW mean and covariance. */
  learnOne(x: Vector): void {
    const input = this.input;
    if (input.readToLearn(`${TAG}.learnOne`, x)) this.allocate(input.dim);
    const xs = input.x;
    const { mean, cov, diff } = this;
    const n = xs.length;
    if (this.count === 0) {
      mean.set(xs);
      this.count = 1;
      return;
    }
    const a = this.options.fading;
    for (let i = 0; i < n; i++) {
      const d = (xs[i] as number) - (mean[i] as number);
      diff[i] = d;
      mean[i] = (mean[i] as number) + a * d;
    }
    const keep = 1 - a;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      const di = diff[i] as number;
      // a·(dᵢ·dⱼ), not (a·dᵢ)·dⱼ: the product is then the same number for (i, j) and (j, i), so Σ stays exactly symmetric.
      for (let j = 0; j < n; j++) cov[row + j] = keep * ((cov[row + j] as number) + a * (di * (diff[j] as number)));
    }
    this.count = 2;
    this.stale = true;
  }

  /** The squared Mahalanobis distance of x (see remarks); 0 before two records are learned. */
  scoreOne(x: Vector): number {
    if (!this.input.read(`${TAG}.scoreOne`, x) || this.count < 2) return 0;
    const n = this.input.dim;
    if (this.stale) this.refactor(n);
    const { diff, mean } = this;
    const xs = this.input.x;
    for (let i = 0; i < n; i++) diff[i] = (xs[i] as number) - (mean[i] as number);
    return choleskyQuadraticForm(this.factor, diff, this.solve, n);
  }

  /** The current EW mean and covariance Σ (copies; empty before the first record). */
  moments(): { mean: Float64Array; cov: Float64Array } {
    return { mean: this.mean.slice(), cov: this.cov.slice() };
  }

  /** Σ̂ = (1 − λ)Σ + λT + ridge·I, and its Cholesky factor. */
  private refactor(n: number): void {
    const { cov, shrunk } = this;
    const { shrinkage: lambda, target, ridge } = this.options;
    let trace = 0;
    for (let i = 0; i < n; i++) trace += cov[i * n + i] as number;
    const level = trace / n;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) shrunk[row + j] = (1 - lambda) * (cov[row + j] as number);
      const t = target === "identity" ? level : (cov[row + i] as number);
      shrunk[row + i] = (shrunk[row + i] as number) + lambda * t + ridge;
    }
    // Σ is positive semi-definite and ridge > 0, so only rounding in an extreme scale can fail here.
    if (!cholesky(shrunk, this.factor, n)) {
      throw new EstimatorConfigError(`${TAG}.scoreOne: the shrunk covariance is not positive definite; raise the ridge option (now ${ridge})`);
    }
    this.stale = false;
  }

  private allocate(n: number): void {
    this.mean = new Float64Array(n);
    this.cov = new Float64Array(n * n);
    this.shrunk = new Float64Array(n * n);
    this.factor = new Float64Array(n * n);
    this.diff = new Float64Array(n);
    this.solve = new Float64Array(n);
  }

  /** Layout (version 1): options; dim (0 before the first record); records learned (0, 1, 2+); mean (f64s); Σ (f64s). */
  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options).u32(this.input.dim).u32(this.count).f64s(this.mean).f64s(this.cov).finish();
  }

  static restore(bytes: Uint8Array): Mahalanobis {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const m = new Mahalanobis(options as MahalanobisOptions);
    const dim = reader.u32();
    m.count = Math.min(reader.u32(), 2);
    const mean = reader.f64s();
    const cov = reader.f64s();
    reader.end();
    if (mean.length !== dim || cov.length !== dim * dim) {
      throw new EstimatorConfigError(`${TAG}.restore: snapshot holds a mean of ${mean.length} and a covariance of ${cov.length} numbers for dimension ${dim}`);
    }
    if (dim > 0) {
      m.input.fix(dim);
      m.allocate(dim);
      m.mean.set(mean);
      m.cov.set(cov);
    }
    return m;
  }
}
