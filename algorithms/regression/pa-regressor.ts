import type { Regressor } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { axpy, dot, sqNorm } from "../kernels/vec.js";

/** Options of {@link PARegressor}. @public */
export interface PARegressorOptions {
  /** Aggressiveness C > 0: caps the step (PA-I) or softens it (PA-II); default 1. */
  C?: number;
  /** 0: plain PA (step to the tube edge), 1: PA-I (step ≤ C), 2: PA-II (step loss/(|x|² + 1/(2C))); default 1. */
  mode?: 0 | 1 | 2;
  /** Width ε of the insensitive tube: errors up to ε cost nothing; default 0.1. */
  eps?: number;
  /** Whether to learn an intercept (moved by the same step as the weights); default true. */
  learnIntercept?: boolean;
}

const DEFAULTS: Required<PARegressorOptions> = { C: 1, mode: 1, eps: 0.1, learnIntercept: true };

const TAG = "PARegressor";
const VERSION = 1;
const EMPTY = new Float64Array(0);

/**
 * Online passive-aggressive regression (River's `linear_model.PARegressor`): stays passive while
 * |y − ŷ| ≤ ε, otherwise moves the weights along x just enough (PA), at most C (PA-I), or by a
 * C-softened step (PA-II) to bring the prediction back to the edge of the ε-tube.
 *
 * @remarks
 * With loss ℓ = max(0, |y − ŷ| − ε) and τ = ℓ/|x|² (PA), min(C, ℓ/|x|²) (PA-I) or
 * ℓ/(|x|² + 1/(2C)) (PA-II), the update is w ← w + τ·sign(y − ŷ)·x and, with `learnIntercept`,
 * b ← b + τ·sign(y − ŷ). As in River, |x|² leaves out the intercept's constant feature.
 * The input dimension is fixed by the first `learnOne`; before any learning `predictOne` answers 0.
 *
 * @example
 * ```ts
 * import { PARegressor } from "streamine/algorithms";
 * const model = new PARegressor({ C: 1, mode: 1, eps: 0.1, learnIntercept: false });
 * model.learnOne([1, 1], 1); // loss 0.9, τ = min(1, 0.9 / 2) = 0.45: w = [0.45, 0.45]
 * expect(model.predictOne([1, 1])).toBeCloseTo(0.9, 12); // on the edge of the ε-tube
 * model.learnOne([1, 1], 0.95); // |0.95 − 0.9| ≤ ε: passive
 * expect(model.predictOne([1, 1])).toBeCloseTo(0.9, 12);
 * ```
 * @see K. Crammer et al., "Online Passive-Aggressive Algorithms", JMLR 7 (2006).
 * @public
 */
export class PARegressor implements Regressor {
  static readonly testParams: readonly PARegressorOptions[] = [{ mode: 2, C: 0.01, eps: 0.1, learnIntercept: false }, { mode: 0, eps: 0 }];

  readonly options: Readonly<Required<PARegressorOptions>>;
  private readonly input = new DenseInput();
  private weights: Float64Array = EMPTY;
  private intercept = 0;

  /** @param options - see {@link PARegressorOptions}; every option has a default. */
  constructor(options?: PARegressorOptions) {
    const where = "PARegressor.constructor";
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isFinite(o.C) && o.C > 0, where, "C", "a finite number > 0", o.C);
    checkOption(o.mode === 0 || o.mode === 1 || o.mode === 2, where, "mode", "0, 1 or 2", o.mode);
    checkOption(Number.isFinite(o.eps) && o.eps >= 0, where, "eps", "a finite number ≥ 0", o.eps);
    checkOption(typeof o.learnIntercept === "boolean", where, "learnIntercept", "true or false", o.learnIntercept);
    this.options = o;
  }

  /** The learned weights (a copy), one per feature; empty before learning. */
  get coefficients(): Float64Array {
    return this.weights.slice();
  }

  /** The learned intercept. */
  get bias(): number {
    return this.intercept;
  }

  /** Predicts y for `x`; 0 before any learning. Changes no state. */
  predictOne(x: Vector): number {
    const input = this.input;
    if (!input.read("PARegressor.predictOne", x)) return 0;
    return dot(this.weights, input.x, input.dim) + this.intercept;
  }

  /** One passive-aggressive step on (x, y). The first call fixes the input dimension. */
  learnOne(x: Vector, y: number): void {
    const input = this.input;
    const copied = input.read("PARegressor.learnOne", x);
    checkFinite("PARegressor.learnOne", "y", y);
    if (!copied) {
      input.fix(x.length);
      this.weights = new Float64Array(x.length);
      input.copy(x);
    }
    const { C, mode, eps, learnIntercept } = this.options;
    const d = input.dim;
    const err = y - (dot(this.weights, input.x, d) + this.intercept);
    const loss = Math.abs(err) - eps;
    if (loss <= 0) return;
    const norm = sqNorm(input.x, d);
    let tau: number;
    if (mode === 2) tau = loss / (norm + 0.5 / C);
    else if (norm === 0) tau = 0;
    else tau = mode === 1 ? Math.min(C, loss / norm) : loss / norm;
    const step = err > 0 ? tau : -tau;
    axpy(step, input.x, this.weights, d);
    if (learnIntercept) this.intercept += step;
  }

  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options).u32(this.input.dim).f64(this.intercept).f64s(this.weights).finish();
  }

  static restore(bytes: Uint8Array): PARegressor {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const m = new PARegressor(options as PARegressorOptions);
    const dim = reader.u32();
    if (dim > 0) {
      m.input.fix(dim);
      m.weights = new Float64Array(dim);
    }
    m.intercept = reader.f64();
    m.weights.set(reader.f64s());
    reader.end();
    return m;
  }
}
