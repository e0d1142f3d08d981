import type { Estimator, Regressor, Transformer } from "../base/estimator.js";
import { EstimatorConfigError, EstimatorInputError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { MinMaxScaler } from "../preprocessing/min-max-scaler.js";
import { StandardScaler } from "../preprocessing/standard-scaler.js";
import { LinearRegression } from "../regression/linear-regression.js";
import { PARegressor } from "../regression/pa-regressor.js";
import { RLSRegressor } from "../regression/rls-regressor.js";

/** One step of a {@link Pipe}, by class name and options. @public */
export interface PipeStep {
  /** The step's class: "StandardScaler" or "MinMaxScaler" (before the last), "LinearRegression", "RLSRegressor" or "PARegressor" (last). */
  readonly name: string;
  /** The step's options; default `{}` (the class's defaults). */
  readonly options?: object;
}

/** Options of {@link Pipe}. @public */
export interface PipeOptions {
  /** Transformers then one regressor; default StandardScaler → LinearRegression, both with defaults. */
  steps?: readonly PipeStep[];
}

/** A transformer that can learn and transform a record in one pass (the scalers); a Pipe uses it when present. */
interface FusedTransformer extends Transformer {
  learnTransformOne(x: Vector): Float64Array;
}

interface StepClass {
  new (options?: object): Estimator;
  restore(bytes: Uint8Array): Estimator;
}

// The classes a Pipe can build from options and restore from bytes, by snapshot tag.
const TRANSFORMERS: Readonly<Record<string, StepClass>> = { StandardScaler, MinMaxScaler };
const REGRESSORS: Readonly<Record<string, StepClass>> = { LinearRegression, RLSRegressor, PARegressor };

const DEFAULTS: Required<PipeOptions> = { steps: [{ name: "StandardScaler" }, { name: "LinearRegression" }] };
const TAG = "Pipe";
const VERSION = 1;

function stepClass(where: string, step: PipeStep, last: boolean): StepClass {
  const known = last ? REGRESSORS : TRANSFORMERS;
  const cls = typeof step?.name === "string" && Object.hasOwn(known, step.name) ? known[step.name] : undefined;
  if (cls === undefined) {
    throw new EstimatorConfigError(
      `${where}: ${last ? "the last step" : "a step before the last"} must be one of ${Object.keys(known).join(", ")}, got ${JSON.stringify(step?.name)}`,
    );
  }
  return cls;
}

function nameOf(step: object, known: Readonly<Record<string, StepClass>>): string {
  for (const [name, cls] of Object.entries(known)) if (step instanceof cls) return name;
  return step.constructor.name;
}

/** Re-throws an input error of a step under the pipe's own `Class.method`, keeping the step's detail. */
function rethrow(where: string, e: unknown): never {
  if (e instanceof EstimatorInputError) throw new EstimatorInputError(`${where}: ${e.message}`);
  throw e;
}

/**
 * A pipeline of transformers ending in a regressor (River's `compose.Pipeline`), itself a
 * {@link Regressor}. Build one with {@link pipe}.
 *
 * @remarks
 * `learnOne(x, y)`: each transformer first learns x, then transforms it for the next step; the
 * regressor learns last (River ≥ 0.19; River's older "learn during predict" mode is not offered).
 * `predictOne(x)`: transformers only transform, so prediction changes no state. An invalid input
 * throws before any step changes. `snapshot` holds every step's snapshot; `Pipe.restore` rebuilds
 * the steps of the classes listed in {@link PipeStep} (a pipe over other classes learns and
 * predicts, but cannot be restored).
 *
 * @example
 * ```ts
 * import { Pipe, pipe, StandardScaler, LinearRegression } from "streamine/algorithms";
 * const model = pipe(new StandardScaler(), new LinearRegression({ interceptLr: 0.1 }));
 * expect(model.predictOne([1, 2])).toBe(0); // cold start
 * model.learnOne([1, 2], 3);
 * const copy = Pipe.restore(model.snapshot());
 * expect(copy.predictOne([4, 5])).toBe(model.predictOne([4, 5]));
 * expect(model.options.steps.map((s) => s.name)).toEqual(["StandardScaler", "LinearRegression"]);
 * ```
 * @public
 */
export class Pipe implements Regressor {
  static readonly testParams: readonly PipeOptions[] = [
    { steps: [{ name: "MinMaxScaler" }, { name: "PARegressor", options: { mode: 2 } }] },
    { steps: [{ name: "StandardScaler", options: { withStd: false } }, { name: "StandardScaler" }, { name: "RLSRegressor" }] },
    { steps: [{ name: "LinearRegression", options: { optimizer: "adam" } }] },
  ];

  readonly options: Readonly<Required<PipeOptions>>;
  private readonly transformers: Transformer[];
  /** Per transformer: whether it has `learnTransformOne`. */
  private readonly fused: boolean[];
  private readonly last: Regressor;

  /**
   * @param options - see {@link PipeOptions}; default StandardScaler → LinearRegression.
   * @param instances - @internal the step instances matching `options.steps` ({@link Pipe.of}).
   */
  constructor(options?: PipeOptions, instances?: readonly Estimator[]) {
    const where = "Pipe.constructor";
    const o = withDefaults(where, options, DEFAULTS);
    if (!Array.isArray(o.steps) || o.steps.length === 0) {
      throw new EstimatorConfigError(`${where}: option steps must be a non-empty array of { name, options }, got ${String(o.steps)}`);
    }
    const n = o.steps.length;
    const steps = instances === undefined ? o.steps.map((s, i) => new (stepClass(where, s, i === n - 1))(s.options)) : [...instances];
    this.options = Object.freeze({ steps: Object.freeze(o.steps.map((s) => Object.freeze({ ...s }))) });
    this.last = steps.pop() as Regressor;
    this.transformers = steps as Transformer[];
    this.fused = this.transformers.map((t) => typeof (t as Partial<FusedTransformer>).learnTransformOne === "function");
  }

  /** A pipe over existing (possibly trained) step instances; see {@link pipe}. */
  static of(...steps: [...Transformer[], Regressor]): Pipe {
    const where = "pipe";
    if (steps.length === 0) throw new EstimatorConfigError(`${where}: give at least one step, the regressor last`);
    const n = steps.length;
    const described = steps.map((step, i): PipeStep => {
      const method = i === n - 1 ? "predictOne" : "transformOne";
      if (typeof (step as unknown as Record<string, unknown>)?.[method] !== "function") {
        throw new EstimatorConfigError(`${where}: step ${i} must be ${i === n - 1 ? "a regressor" : "a transformer"} (with ${method})`);
      }
      return { name: nameOf(step, i === n - 1 ? REGRESSORS : TRANSFORMERS), options: step.options };
    });
    return new Pipe({ steps: described }, steps);
  }

  /** The steps, transformers first and the regressor last (the live instances). */
  get steps(): readonly Estimator[] {
    return [...this.transformers, this.last];
  }

  /** Transforms `x` through every transformer and predicts with the regressor. Changes no state. */
  predictOne(x: Vector): number {
    try {
      const ts = this.transformers;
      let v: Vector = x;
      for (let i = 0; i < ts.length; i++) v = (ts[i] as Transformer).transformOne(v);
      return this.last.predictOne(v);
    } catch (e) {
      return rethrow("Pipe.predictOne", e);
    }
  }

  /** Each transformer learns then transforms `x`; the regressor learns the result with `y`. */
  learnOne(x: Vector, y: number): void {
    checkFinite("Pipe.learnOne", "y", y);
    try {
      const ts = this.transformers;
      const fused = this.fused;
      let v: Vector = x;
      for (let i = 0; i < ts.length; i++) {
        const t = ts[i] as Transformer;
        if (fused[i] === true) v = (t as FusedTransformer).learnTransformOne(v);
        else {
          t.learnOne(v);
          v = t.transformOne(v);
        }
      }
      this.last.learnOne(v, y);
    } catch (e) {
      rethrow("Pipe.learnOne", e);
    }
  }

  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    const steps = this.steps;
    w.u32(steps.length);
    for (const step of steps) {
      const bytes = step.snapshot();
      w.u32(bytes.length);
      for (let i = 0; i < bytes.length; i++) w.u8(bytes[i] as number);
    }
    return w.finish();
  }

  static restore(bytes: Uint8Array): Pipe {
    const where = "Pipe.restore";
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const steps = (options as Required<PipeOptions>).steps;
    const count = reader.u32();
    if (!Array.isArray(steps) || count !== steps.length) {
      throw new EstimatorConfigError(`${where}: the snapshot holds ${count} steps, its options ${Array.isArray(steps) ? steps.length : "none"}`);
    }
    const classes = steps.map((s, i) => stepClass(where, s, i === count - 1));
    const restored = classes.map((cls) => cls.restore(bytesOf(reader.u32(), () => reader.u8())));
    reader.end();
    return new Pipe({ steps }, restored);
  }
}

function bytesOf(n: number, next: () => number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next();
  return out;
}

/**
 * Chains transformers and a final regressor into one {@link Pipe} (River's `a | b | model`),
 * keeping the given instances.
 *
 * @param steps - zero or more transformers (e.g. {@link StandardScaler}), then one regressor.
 * @example
 * ```ts
 * import { pipe, MinMaxScaler, PARegressor } from "streamine/algorithms";
 * const scaler = new MinMaxScaler();
 * const model = pipe(scaler, new PARegressor());
 * model.learnOne([0, 10], 1);
 * model.learnOne([10, 20], 2);
 * expect([...scaler.transformOne([5, 15])]).toEqual([0.5, 0.5]); // the pipe trained this instance
 * ```
 * @public
 */
export function pipe(...steps: [...Transformer[], Regressor]): Pipe {
  return Pipe.of(...steps);
}
