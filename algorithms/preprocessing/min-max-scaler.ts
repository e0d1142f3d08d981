import type { Transformer } from "../base/estimator.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { minMaxScale, minMaxUpdate } from "../kernels/scale.js";

/** Options of {@link MinMaxScaler}. @public */
export interface MinMaxScalerOptions {
  /** Whether to clamp transformed values to [0, 1] (values outside the range seen so far); default false, as River. */
  clip?: boolean;
}

const DEFAULTS: Required<MinMaxScalerOptions> = { clip: false };

const TAG = "MinMaxScaler";
const VERSION = 1;
const EMPTY = new Float64Array(0);

/**
 * Scales each feature to [0, 1] by the running minimum and maximum (River's
 * `preprocessing.MinMaxScaler`): (x − min)/(max − min), 0 while max = min.
 *
 * @remarks
 * `learnOne` widens the ranges; `transformOne` applies the ranges learned so far, so a value
 * outside them maps outside [0, 1] unless `clip` is set. Before any learning every feature scales
 * to 0. `transformOne` returns a scratch array that the next call overwrites.
 *
 * @example
 * ```ts
 * import { MinMaxScaler } from "streamine/algorithms";
 * const scaler = new MinMaxScaler();
 * scaler.learnOne([0, 5]);
 * scaler.learnOne([10, 5]);
 * expect([...scaler.transformOne([2.5, 5])]).toEqual([0.25, 0]);
 * ```
 * @public
 */
export class MinMaxScaler implements Transformer {
  static readonly testParams: readonly MinMaxScalerOptions[] = [{ clip: true }];

  readonly options: Readonly<Required<MinMaxScalerOptions>>;
  private readonly input = new DenseInput();
  private min: Float64Array = EMPTY;
  private max: Float64Array = EMPTY;
  private out: Float64Array = EMPTY;

  /** @param options - see {@link MinMaxScalerOptions}; every option has a default. */
  constructor(options?: MinMaxScalerOptions) {
    const o = withDefaults("MinMaxScaler.constructor", options, DEFAULTS);
    checkOption(typeof o.clip === "boolean", "MinMaxScaler.constructor", "clip", "true or false", o.clip);
    this.options = o;
  }

  /** Widens the per-feature ranges to include `x`. The first call fixes the input dimension. */
  learnOne(x: Vector): void {
    this.learn("MinMaxScaler.learnOne", x);
  }

  /** `learnOne(x)` then `transformOne(x)`, validating x once: what a {@link Pipe} does while learning. */
  learnTransformOne(x: Vector): Float64Array {
    this.learn("MinMaxScaler.learnTransformOne", x);
    minMaxScale(this.input.x, this.min, this.max, this.options.clip, this.out, this.input.dim);
    return this.out;
  }

  private learn(where: string, x: Vector): void {
    const input = this.input;
    if (!input.read(where, x)) {
      this.allocate(x.length);
      input.copy(x);
    }
    minMaxUpdate(input.x, this.min, this.max, input.dim);
  }

  /** The scaled `x`, in a scratch array overwritten by the next call. Changes no learned state. */
  transformOne(x: Vector): Float64Array {
    const input = this.input;
    if (!input.read("MinMaxScaler.transformOne", x)) {
      if (this.out.length !== x.length) this.out = new Float64Array(x.length); // cold start only
      this.out.fill(0);
      return this.out;
    }
    minMaxScale(input.x, this.min, this.max, this.options.clip, this.out, input.dim);
    return this.out;
  }

  private allocate(dim: number): void {
    this.input.fix(dim);
    this.min = new Float64Array(dim).fill(Infinity);
    this.max = new Float64Array(dim).fill(-Infinity);
    this.out = new Float64Array(dim);
  }

  snapshot(): Uint8Array {
    return new SnapshotWriter(TAG, VERSION, this.options).u32(this.input.dim).f64s(this.min).f64s(this.max).finish();
  }

  static restore(bytes: Uint8Array): MinMaxScaler {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const s = new MinMaxScaler(options as MinMaxScalerOptions);
    const dim = reader.u32();
    if (dim > 0) s.allocate(dim);
    s.min.set(reader.f64s());
    s.max.set(reader.f64s());
    reader.end();
    return s;
  }
}
