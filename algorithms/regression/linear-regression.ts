import type { Regressor } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, checkOption, readVector, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { EstimatorInputError } from "../base/input-error.js";
import { DenseInput } from "../kernels/dense-input.js";
import { adagradStep, adamStep, l1CumulativePenalty, sgdStep } from "../kernels/optim.js";
import { dot } from "../kernels/vec.js";

/** The weight optimisers of {@link LinearRegression} (River `optim.SGD`, `optim.Adam`, `optim.AdaGrad`). @public */
export type LinearOptimizer = "sgd" | "adam" | "adagrad";

/** Options of {@link LinearRegression}. @public */
export interface LinearRegressionOptions {
  /** Weight optimiser: "sgd", "adam" or "adagrad"; default "sgd". */
  optimizer?: LinearOptimizer;
  /** Learning rate of the weight optimiser; default 0.01 (for every optimiser: River's Adam/AdaGrad default to 0.1). */
  learningRate?: number;
  /** Constant learning rate of the intercept, which is updated apart from the weights; default 0.01 (0 freezes it). */
  interceptLr?: number;
  /** Initial intercept; default 0. */
  interceptInit?: number;
  /** L1 penalty, applied as River's cumulative penalty after each step; default 0. Cannot be combined with l2. */
  l1?: number;
  /** L2 penalty, added to each weight's gradient as l2·w; default 0. */
  l2?: number;
  /** Bound on |∂loss/∂prediction| before it is applied; default 1e12. */
  clipGradient?: number;
  /** Adam's first-moment decay β₁; default 0.9 (unused by the other optimisers). */
  beta1?: number;
  /** Adam's second-moment decay β₂; default 0.999 (unused by the other optimisers). */
  beta2?: number;
  /** Adam's and AdaGrad's denominator guard; default 1e-8. */
  eps?: number;
}

const DEFAULTS: Required<LinearRegressionOptions> = {
  optimizer: "sgd",
  learningRate: 0.01,
  interceptLr: 0.01,
  interceptInit: 0,
  l1: 0,
  l2: 0,
  clipGradient: 1e12,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
};

const TAG = "LinearRegression";
const VERSION = 1;
const EMPTY = new Float64Array(0);

/**
 * Linear regression trained online on the squared loss (River's `linear_model.LinearRegression`).
 *
 * @remarks
 * Each `learnOne(x, y)` computes the loss gradient 2·(ŷ − y), clips it to ±`clipGradient`, moves
 * the intercept by `interceptLr` times it, then gives the per-weight gradient x·g + l2·w to the
 * optimiser; with `l1` the cumulative L1 penalty follows. The input dimension is fixed by the first
 * `learnOne`; before any learning `predictOne` answers the initial intercept (0 by default).
 *
 * @example
 * ```ts
 * import { LinearRegression } from "streamine/algorithms";
 * const model = new LinearRegression({ learningRate: 0.1, interceptLr: 0.1 });
 * expect(model.predictOne([1])).toBe(0); // cold start: the initial intercept
 * model.learnOne([1], 1);                // gradient 2·(0 − 1) = −2: w = 0.2, intercept = 0.2
 * expect(model.predictOne([2])).toBeCloseTo(0.6, 12);
 * ```
 * @see River `linear_model.LinearRegression`; Y. Tsuruoka et al., "Stochastic gradient descent
 * training for L1-regularized log-linear models with cumulative penalty", ACL 2009.
 * @public
 */
export class LinearRegression implements Regressor {
  static readonly testParams: readonly LinearRegressionOptions[] = [
    { optimizer: "adam", learningRate: 0.05 },
    { optimizer: "adagrad", learningRate: 0.1, l2: 0.01 },
    { l1: 0.001, interceptLr: 0.1, clipGradient: 5 },
  ];

  readonly options: Readonly<Required<LinearRegressionOptions>>;
  /** The options read on every step, in an object of fixed shape (the frozen options object is slower to read). */
  private readonly hot: {
    readonly optimizer: "sgd" | "adam" | "adagrad";
    readonly learningRate: number;
    readonly interceptLr: number;
    readonly l1: number;
    readonly l2: number;
    readonly clipGradient: number;
  };
  private readonly input = new DenseInput();
  private weights: Float64Array = EMPTY;
  /** Adam's first moments, or AdaGrad's sums of squared gradients. */
  private moment1: Float64Array = EMPTY;
  /** Adam's second moments. */
  private moment2: Float64Array = EMPTY;
  /** Penalty each weight has received so far (cumulative L1). */
  private cumL1: Float64Array = EMPTY;
  // Initialised here, not only in the constructor: a field that starts out undefined is stored
  // boxed, and every update of it would allocate (estimators.bench.ts).
  private intercept = 0;
  /** Optimiser steps taken (River `n_iterations`, drives Adam's bias correction). */
  private nIterations = 0;
  /** Total penalty each weight could have received (cumulative L1). */
  private maxCumL1 = 0;

  /** @param options - see {@link LinearRegressionOptions}; every option has a default. */
  constructor(options?: LinearRegressionOptions) {
    const where = "LinearRegression.constructor";
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(["sgd", "adam", "adagrad"].includes(o.optimizer), where, "optimizer", '"sgd", "adam" or "adagrad"', o.optimizer);
    checkOption(Number.isFinite(o.learningRate) && o.learningRate > 0, where, "learningRate", "a finite number > 0", o.learningRate);
    checkOption(Number.isFinite(o.interceptLr) && o.interceptLr >= 0, where, "interceptLr", "a finite number ≥ 0", o.interceptLr);
    checkOption(Number.isFinite(o.interceptInit), where, "interceptInit", "a finite number", o.interceptInit);
    checkOption(Number.isFinite(o.l1) && o.l1 >= 0, where, "l1", "a finite number ≥ 0", o.l1);
    checkOption(Number.isFinite(o.l2) && o.l2 >= 0, where, "l2", "a finite number ≥ 0", o.l2);
    checkOption(o.l1 === 0 || o.l2 === 0, where, "l1", "0 when l2 is set (combining L1 and L2 is not supported, as in River)", o.l1);
    checkOption(Number.isFinite(o.clipGradient) && o.clipGradient > 0, where, "clipGradient", "a finite number > 0", o.clipGradient);
    checkOption(o.beta1 >= 0 && o.beta1 < 1, where, "beta1", "in [0, 1)", o.beta1);
    checkOption(o.beta2 >= 0 && o.beta2 < 1, where, "beta2", "in [0, 1)", o.beta2);
    checkOption(Number.isFinite(o.eps) && o.eps > 0, where, "eps", "a finite number > 0", o.eps);
    this.options = o;
    this.hot = { optimizer: o.optimizer, learningRate: o.learningRate, interceptLr: o.interceptLr, l1: o.l1, l2: o.l2, clipGradient: o.clipGradient };
    this.intercept = o.interceptInit;
  }

  /** The learned weights (a copy), one per feature; empty before the first `learnOne`. */
  get coefficients(): Float64Array {
    return this.weights.slice();
  }

  /** The learned intercept. */
  get bias(): number {
    return this.intercept;
  }

  /** Predicts y for `x`; the initial intercept (default 0) before any learning. Changes no state. */
  predictOne(x: Vector): number {
    const input = this.input;
    if (input.dim === 0) return this.predictCold(x);
    return input.dot("LinearRegression.predictOne", x, this.weights) + this.intercept;
  }

  /** Takes one optimiser step on (x, y). The first call fixes the input dimension. */
  learnOne(x: Vector, y: number): void {
    const input = this.input;
    if (input.dim === 0) {
      this.learnFirst(x, y);
      return;
    }
    // Validated in place, not copied: the step reads the caller's x (estimators.bench.ts).
    const wx = input.dot("LinearRegression.learnOne", x, this.weights);
    checkFinite("LinearRegression.learnOne", "y", y);
    this.step(wx, y, x);
  }

  // The cold paths live in methods of their own so that the hot ones stay small enough for V8 to
  // inline into the caller's loop (estimators.bench.ts).

  private predictCold(x: Vector): number {
    this.input.read("LinearRegression.predictOne", x);
    return this.intercept;
  }

  private learnFirst(x: Vector, y: number): void {
    this.input.read("LinearRegression.learnOne", x);
    checkFinite("LinearRegression.learnOne", "y", y);
    this.allocate(x.length);
    this.step(0, y, x);
  }

  /** Learns the records of `X` in order with targets `y`: exactly a loop of `learnOne`, all validated first. */
  learnMany(X: readonly Vector[], y: ArrayLike<number>): void {
    const where = "LinearRegression.learnMany";
    if (!Array.isArray(X)) throw new EstimatorInputError(`${where}: X must be an array of vectors`);
    if (y === null || typeof y !== "object" || y.length !== X.length) {
      throw new EstimatorInputError(`${where}: y must be an array of ${X.length} numbers, one per record of X`);
    }
    const input = this.input;
    const first = X[0];
    for (let i = 0; i < X.length; i++) {
      const xi = X[i] as Vector;
      const at = `${where} (record X[${i}])`;
      if (input.dim > 0) readVector(at, xi, input.dim, input.x);
      else {
        input.read(at, xi);
        if (xi.length !== (first as Vector).length) throw new EstimatorInputError(`${at}: x has ${xi.length} feature${xi.length === 1 ? "" : "s"}, expected ${(first as Vector).length}`);
      }
      checkFinite(where, `y[${i}]`, y[i]);
    }
    if (first !== undefined && input.dim === 0) this.allocate(first.length);
    for (let i = 0; i < X.length; i++) {
      input.copy(X[i] as Vector);
      this.step(dot(this.weights, input.x, input.dim), y[i] as number, input.x);
    }
  }

  private allocate(dim: number): void {
    this.input.fix(dim);
    this.weights = new Float64Array(dim);
    this.moment1 = new Float64Array(this.options.optimizer === "sgd" ? 0 : dim);
    this.moment2 = new Float64Array(this.options.optimizer === "adam" ? dim : 0);
    this.cumL1 = new Float64Array(this.options.l1 > 0 ? dim : 0);
  }

  /** One River GLM step on the validated vector `x`, whose product with the weights is `wx`. */
  private step(wx: number, y: number, x: Vector): void {
    const { optimizer, learningRate, interceptLr, l1, l2, clipGradient } = this.hot;
    const w = this.weights;
    const d = this.input.dim;
    let g = 2 * (wx + this.intercept - y);
    if (g > clipGradient) g = clipGradient;
    else if (g < -clipGradient) g = -clipGradient;
    this.intercept -= interceptLr * g;
    if (optimizer === "sgd") sgdStep(w, x, g, l2, learningRate, d);
    else this.adaptiveStep(x, g);
    this.nIterations++;
    if (l1 > 0) {
      this.maxCumL1 += l1 * learningRate;
      l1CumulativePenalty(w, this.cumL1, this.maxCumL1, d);
    }
  }

  /** Adam's or AdaGrad's step, apart from `step` to keep the plain SGD path small. */
  private adaptiveStep(x: Vector, g: number): void {
    const { beta1, beta2, eps, learningRate, l2 } = this.options;
    const d = this.input.dim;
    if (this.hot.optimizer === "adam") {
      const t = this.nIterations + 1;
      const lrT = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      adamStep(this.weights, x, g, l2, lrT, this.moment1, this.moment2, beta1, beta2, eps, d);
    } else adagradStep(this.weights, x, g, l2, learningRate, this.moment1, eps, d);
  }

  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options)
      .u32(this.input.dim)
      .f64(this.intercept)
      .f64(this.nIterations)
      .f64(this.maxCumL1)
      .f64s(this.weights)
      .f64s(this.moment1)
      .f64s(this.moment2)
      .f64s(this.cumL1)
      .finish();
  }

  static restore(bytes: Uint8Array): LinearRegression {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const m = new LinearRegression(options as LinearRegressionOptions);
    const dim = reader.u32();
    if (dim > 0) m.allocate(dim);
    m.intercept = reader.f64();
    m.nIterations = reader.f64();
    m.maxCumL1 = reader.f64();
    m.weights.set(reader.f64s());
    m.moment1.set(reader.f64s());
    m.moment2.set(reader.f64s());
    m.cumL1.set(reader.f64s());
    reader.end();
    return m;
  }
}
