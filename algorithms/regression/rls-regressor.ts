import type { Regressor } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { matVec, rlsDowndate, setScaledIdentity } from "../kernels/matrix.js";
import { axpy, dot } from "../kernels/vec.js";

/** Options of {@link RLSRegressor}. @public */
export interface RLSRegressorOptions {
  /** Forgetting factor λ in (0, 1]: a record's weight is multiplied by λ at each later record; 1 never forgets. Default 0.99 (River's `RLS`). */
  forgettingFactor?: number;
  /** Initial inverse correlation matrix P₀ = δ·I; larger δ means a weaker pull of the weights towards 0. Default 1e6 (River's `RLS`). */
  delta?: number;
  /** Whether to learn an intercept (a constant feature 1 appended to x); default true. */
  learnIntercept?: boolean;
}

const DEFAULTS: Required<RLSRegressorOptions> = { forgettingFactor: 0.99, delta: 1e6, learnIntercept: true };

const TAG = "RLSRegressor";
const VERSION = 1;
const EMPTY = new Float64Array(0);

/**
 * Recursive least squares with exponential forgetting: after each record the weights minimise
 * Σₜ λⁿ⁻ᵗ (yₜ − w·xₜ)² + λⁿ/δ · |w|², updated in O(d²) per record from the inverse correlation
 * matrix P (P₀ = δ·I), without storing past records.
 *
 * @remarks
 * Update for z = (x, 1): k = P·z / (λ + zᵀ·P·z), w ← w + k·(y − w·z), P ← (P − k·zᵀ·P) / λ.
 * With λ = 1 and a large δ this is ordinary least squares on everything seen so far. With λ < 1
 * and inputs that stop varying, P grows without bound (the usual RLS wind-up): keep λ near 1.
 * The input dimension is fixed by the first `learnOne`; before any learning `predictOne` answers 0.
 *
 * @example
 * ```ts
 * import { RLSRegressor } from "streamine/algorithms";
 * const model = new RLSRegressor({ forgettingFactor: 1 });
 * expect(model.predictOne([3])).toBe(0); // cold start
 * for (const [x, y] of [[0, 1], [1, 3], [2, 5]] as const) model.learnOne([x], y); // y = 2x + 1
 * expect(model.predictOne([10])).toBeCloseTo(21, 4);
 * ```
 * @see S. Haykin, "Adaptive Filter Theory", chapter 10 (recursive least squares).
 * @public
 */
export class RLSRegressor implements Regressor {
  static readonly testParams: readonly RLSRegressorOptions[] = [{ forgettingFactor: 1, delta: 100 }, { forgettingFactor: 0.95, learnIntercept: false }];

  readonly options: Readonly<Required<RLSRegressorOptions>>;
  private readonly input = new DenseInput();
  /** Weights of the augmented input z = (x, 1) (the last one is the intercept when learned). */
  private weights: Float64Array = EMPTY;
  /** Inverse correlation matrix, row-major n×n with n = weights.length. */
  private p: Float64Array = EMPTY;
  /** Scratch: the augmented input z and P·z. */
  private z: Float64Array = EMPTY;
  private pz: Float64Array = EMPTY;

  /** @param options - see {@link RLSRegressorOptions}; every option has a default. */
  constructor(options?: RLSRegressorOptions) {
    const where = "RLSRegressor.constructor";
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(o.forgettingFactor > 0 && o.forgettingFactor <= 1, where, "forgettingFactor", "in (0, 1]", o.forgettingFactor);
    checkOption(Number.isFinite(o.delta) && o.delta > 0, where, "delta", "a finite number > 0", o.delta);
    checkOption(typeof o.learnIntercept === "boolean", where, "learnIntercept", "true or false", o.learnIntercept);
    this.options = o;
  }

  /** The learned weights (a copy), one per feature, without the intercept; empty before learning. */
  get coefficients(): Float64Array {
    return this.weights.slice(0, this.input.dim);
  }

  /** The learned intercept (0 when `learnIntercept` is false). */
  get bias(): number {
    return this.options.learnIntercept && this.weights.length > 0 ? (this.weights[this.input.dim] ?? 0) : 0;
  }

  /** Predicts y for `x`; 0 before any learning. Changes no state. */
  predictOne(x: Vector): number {
    if (!this.input.read("RLSRegressor.predictOne", x)) return 0;
    this.z.set(this.input.x);
    return dot(this.weights, this.z, this.z.length);
  }

  /** Updates the least-squares fit with (x, y). The first call fixes the input dimension. */
  learnOne(x: Vector, y: number): void {
    const input = this.input;
    const copied = input.read("RLSRegressor.learnOne", x);
    checkFinite("RLSRegressor.learnOne", "y", y);
    if (!copied) {
      this.allocate(x.length);
      setScaledIdentity(this.p, this.options.delta, this.z.length);
      input.copy(x);
    }
    const { z, pz, p, weights } = this;
    const n = z.length;
    const lambda = this.options.forgettingFactor;
    z.set(input.x);
    matVec(p, z, pz, n);
    const denom = lambda + dot(z, pz, n);
    const err = y - dot(weights, z, n);
    axpy(err / denom, pz, weights, n);
    rlsDowndate(p, pz, denom, lambda, n);
  }

  private allocate(dim: number): void {
    const n = dim + (this.options.learnIntercept ? 1 : 0);
    this.input.fix(dim);
    this.weights = new Float64Array(n);
    this.p = new Float64Array(n * n);
    this.z = new Float64Array(n);
    if (this.options.learnIntercept) this.z[dim] = 1; // the constant feature; z.set(x) never reaches it
    this.pz = new Float64Array(n);
  }

  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options).u32(this.input.dim).f64s(this.weights).f64s(this.p).finish();
  }

  static restore(bytes: Uint8Array): RLSRegressor {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const m = new RLSRegressor(options as RLSRegressorOptions);
    const dim = reader.u32();
    if (dim > 0) m.allocate(dim);
    m.weights.set(reader.f64s());
    m.p.set(reader.f64s());
    reader.end();
    return m;
  }
}
