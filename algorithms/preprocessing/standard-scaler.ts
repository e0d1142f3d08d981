import type { Transformer } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { standardize, welfordUpdate } from "../kernels/scale.js";

/** Options of {@link StandardScaler}. @public */
export interface StandardScalerOptions {
  /** Whether to divide by the standard deviation (otherwise only centre); default true. */
  withStd?: boolean;
}

const DEFAULTS: Required<StandardScalerOptions> = { withStd: true };

const TAG = "StandardScaler";
const VERSION = 1;
const EMPTY = new Float64Array(0);

/**
 * Scales each feature to zero mean and unit variance with running statistics (River's
 * `preprocessing.StandardScaler`): Welford means and population variances (ddof 0), updated by
 * `learnOne`; `transformOne` applies the statistics learned so far.
 *
 * @remarks
 * A feature whose variance is still 0 (a single record, or a constant feature) scales to 0, as
 * River's `safe_div` does; before any learning every feature scales to 0 (x itself without
 * `withStd`). In a {@link Pipe}, `learnOne` learns a record before transforming it (River ≥ 0.19).
 * `transformOne` returns a scratch array that the next call overwrites: copy it to keep it.
 *
 * @example
 * ```ts
 * import { StandardScaler } from "streamine/algorithms";
 * const scaler = new StandardScaler();
 * for (const v of [1, 2, 3, 4]) scaler.learnOne([v, 10]); // mean 2.5, variance 1.25
 * const z = scaler.transformOne([5, 10]);
 * expect(z[0]).toBeCloseTo(2.5 / Math.sqrt(1.25), 12);
 * expect(z[1]).toBe(0); // a constant feature scales to 0
 * ```
 * @public
 */
export class StandardScaler implements Transformer {
  static readonly testParams: readonly StandardScalerOptions[] = [{ withStd: false }];

  readonly options: Readonly<Required<StandardScalerOptions>>;
  private readonly input = new DenseInput();
  private n = 0;
  private mean: Float64Array = EMPTY;
  private variance: Float64Array = EMPTY;
  /** 1/√variance (0 where the variance is 0), refreshed by learning: transforming takes no square roots or divisions. */
  private invStd: Float64Array = EMPTY;
  private out: Float64Array = EMPTY;

  /** @param options - see {@link StandardScalerOptions}; every option has a default. */
  constructor(options?: StandardScalerOptions) {
    const o = withDefaults("StandardScaler.constructor", options, DEFAULTS);
    checkOption(typeof o.withStd === "boolean", "StandardScaler.constructor", "withStd", "true or false", o.withStd);
    this.options = o;
  }

  /** Running means (a copy), one per feature. */
  get means(): Float64Array {
    return this.mean.slice();
  }

  /** Running population variances (a copy), one per feature. */
  get variances(): Float64Array {
    return this.variance.slice();
  }

  /** Updates the per-feature statistics with `x`. The first call fixes the input dimension. */
  learnOne(x: Vector): void {
    this.learn("StandardScaler.learnOne", x);
  }

  /** The scaled `x`, in a scratch array overwritten by the next call. Changes no learned state. */
  transformOne(x: Vector): Float64Array {
    const input = this.input;
    if (!input.read("StandardScaler.transformOne", x)) {
      if (this.out.length !== x.length) this.out = new Float64Array(x.length); // cold start only
      for (let i = 0; i < x.length; i++) this.out[i] = this.options.withStd ? 0 : (x[i] as number);
      return this.out;
    }
    standardize(input.x, this.mean, this.invStd, this.options.withStd, this.out, input.dim);
    return this.out;
  }

  /** `learnOne(x)` then `transformOne(x)`, validating x once: what a {@link Pipe} does while learning. */
  learnTransformOne(x: Vector): Float64Array {
    this.learn("StandardScaler.learnTransformOne", x);
    standardize(this.input.x, this.mean, this.invStd, this.options.withStd, this.out, this.input.dim);
    return this.out;
  }

  private learn(where: string, x: Vector): void {
    const input = this.input;
    if (!input.read(where, x)) {
      this.allocate(x.length);
      input.copy(x);
    }
    this.n++;
    welfordUpdate(input.x, this.n, this.mean, this.variance, this.invStd, input.dim);
  }

  private allocate(dim: number): void {
    this.input.fix(dim);
    this.mean = new Float64Array(dim);
    this.variance = new Float64Array(dim);
    this.invStd = new Float64Array(dim);
    this.out = new Float64Array(dim);
  }

  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options).u32(this.input.dim).f64(this.n).f64s(this.mean).f64s(this.variance).finish();
  }

  static restore(bytes: Uint8Array): StandardScaler {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const s = new StandardScaler(options as StandardScalerOptions);
    const dim = reader.u32();
    if (dim > 0) s.allocate(dim);
    s.n = reader.f64();
    s.mean.set(reader.f64s());
    s.variance.set(reader.f64s());
    for (let i = 0; i < dim; i++) {
      const v = s.variance[i] as number;
      s.invStd[i] = v > 0 ? 1 / Math.sqrt(v) : 0;
    }
    reader.end();
    return s;
  }
}
