import type { Regressor } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { Random } from "../base/random.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkFinite, checkOption, withDefaults } from "../base/validate.js";
import { DenseInput } from "../kernels/dense-input.js";
import type { Vector } from "../base/vector.js";
import { Pipe } from "../compose/pipe.js";
import { HoeffdingTreeRegressor } from "./hoeffding-tree-regressor.js";
import { LinearRegression } from "./linear-regression.js";
import { PARegressor } from "./pa-regressor.js";
import { RLSRegressor } from "./rls-regressor.js";

/** A regressor class the ensemble can rebuild members of: constructor from options, and `restore`. @public */
export interface RegressorClass {
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each class has its own option type
  new (options?: any): Regressor;
  restore(bytes: Uint8Array): Regressor;
}

/** Options of {@link BaggingRegressor}. @public */
export interface BaggingRegressorOptions {
  /**
   * The member model: a regressor to clone (`new Ctor(model.options)`: its options, not its
   * learned state) or a factory called once per member. Default: a `HoeffdingTreeRegressor` with
   * default options.
   */
  model?: Regressor | (() => Regressor);
  /** Number of members; default 10. */
  nModels?: number;
  /** Seed of the Poisson(1) draws; default 42. */
  seed?: number;
}

const DEFAULTS: Required<BaggingRegressorOptions> = {
  model: new HoeffdingTreeRegressor(),
  nModels: 10,
  seed: 42,
};

const TAG = "BaggingRegressor";
const VERSION = 1;
const EXP_MINUS_1 = Math.exp(-1);

/** The classes `restore` knows without being told. */
const KNOWN: readonly RegressorClass[] = [HoeffdingTreeRegressor, LinearRegression, RLSRegressor, PARegressor, Pipe];

/** The type tag at the head of a snapshot (see base/snapshot.ts): magic, length byte, tag. */
function tagOf(bytes: Uint8Array): string {
  const n = bytes[4] ?? 0;
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[5 + i] ?? 0);
  return s;
}

/**
 * Online bagging for regression (Oza and Russell; River's `ensemble.BaggingRegressor`): each
 * member learns each record k times, k drawn from Poisson(1) with the ensemble's seeded
 * generator, which simulates bootstrap resampling on a stream. Predicts the members' mean.
 *
 * @remarks
 * Cold start: the members' mean before learning (0 for the default trees). The dimension is fixed
 * by the first `learnOne`. The snapshot holds every member's snapshot and the generator's state;
 * `restore` rebuilds members of the classes it knows (HoeffdingTreeRegressor, LinearRegression,
 * RLSRegressor, PARegressor, Pipe) or that it is given.
 * Differences from River: the seed defaults to 42 instead of an unseeded generator, and a factory
 * may be given instead of a model to clone.
 *
 * @example
 * ```ts
 * import { BaggingRegressor, HoeffdingTreeRegressor } from "streamine/algorithms";
 * const tree = new HoeffdingTreeRegressor({ gracePeriod: 50, leafPrediction: "mean" });
 * const bag = new BaggingRegressor({ model: tree, nModels: 5, seed: 1 });
 * expect(bag.predictOne([0.5])).toBe(0); // cold start: every tree answers 0
 * for (let i = 0; i < 300; i++) {
 *   const x = (i % 10) / 10; // 0, 0.1, …, 0.9
 *   bag.learnOne([x], x < 0.45 ? -1 : 1);
 * }
 * expect(bag.models.length).toBe(5);
 * // every member split at 0.4 into pure leaves, so the mean of the members is the step
 * expect(bag.predictOne([0.2])).toBeCloseTo(-1, 9);
 * expect(bag.predictOne([0.8])).toBeCloseTo(1, 9);
 * ```
 * @see N. C. Oza, S. Russell, "Online bagging and boosting", AISTATS 2001.
 * @public
 */
export class BaggingRegressor implements Regressor {
  static readonly testParams: readonly BaggingRegressorOptions[] = [
    { model: new HoeffdingTreeRegressor({ gracePeriod: 20, leafPrediction: "mean" }), nModels: 3, seed: 7 },
    { model: () => new HoeffdingTreeRegressor({ gracePeriod: 30 }), nModels: 2 },
  ];

  readonly options: Readonly<Required<BaggingRegressorOptions>>;
  private members: Regressor[];
  private rng: Random;
  /** Input dimension, fixed by the first learnOne; −1 before. */
  /** Validates and holds the current record; its dimension is fixed by the first learnOne. */
  private readonly input = new DenseInput();

  /** @param options - see {@link BaggingRegressorOptions}; defaults: model HoeffdingTreeRegressor(), nModels 10, seed 42. */
  constructor(options?: BaggingRegressorOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isInteger(o.nModels) && o.nModels >= 1, where, "nModels", "an integer ≥ 1", o.nModels);
    checkOption(Number.isSafeInteger(o.seed), where, "seed", "an integer", o.seed);
    const m = o.model;
    const isModel = typeof m === "object" && m !== null && typeof m.learnOne === "function" && typeof m.snapshot === "function";
    checkOption(typeof m === "function" || isModel, where, "model", "a regressor or a function returning one", m);
    this.options = o;
    this.members = Array.from({ length: o.nModels }, () => (typeof m === "function" ? m() : clone(m)));
    this.rng = new Random(o.seed);
  }

  /** The members (read only: learning through them bypasses the bagging). */
  get models(): readonly Regressor[] {
    return this.members;
  }

  learnOne(x: Vector, y: number): void {
    const where = `${TAG}.learnOne`;
    const input = this.input;
    if (!input.read(where, x)) {
      checkFinite(where, "y", y);
      input.fix(x.length);
      input.copy(x);
    } else {
      checkFinite(where, "y", y);
    }
    const members = this.members;
    for (let i = 0; i < members.length; i++) {
      const m = members[i] as Regressor;
      for (let k = this.poisson1(); k > 0; k--) m.learnOne(input.x, y);
    }
  }

  /** A Poisson(1) draw by Knuth's multiplication method (River's `utils.random.poisson`). */
  private poisson1(): number {
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.rng.next();
    } while (p > EXP_MINUS_1);
    return k - 1;
  }

  predictOne(x: Vector): number {
    // Before the first record the members see x itself (validated here; they answer their cold start).
    const input: Vector = this.input.read(`${TAG}.predictOne`, x) ? this.input.x : x;
    const members = this.members;
    let s = 0;
    for (let i = 0; i < members.length; i++) s += (members[i] as Regressor).predictOne(input);
    return s / members.length;
  }

  snapshot(): Uint8Array {
    const parts = this.members.map((m) => m.snapshot());
    const first = this.members[0] as Regressor;
    const header = { model: { class: tagOf(parts[0] as Uint8Array), options: first.options }, nModels: this.options.nModels, seed: this.options.seed };
    const w = new SnapshotWriter(TAG, VERSION, header);
    w.u32(this.input.dim === 0 ? 0 : this.input.dim + 1).f64s(this.rng.state()).u32(parts.length);
    for (const p of parts) {
      w.u32(p.length);
      for (let i = 0; i < p.length; i++) w.u8(p[i] as number);
    }
    return w.finish();
  }

  /**
   * Rebuilds an ensemble from `snapshot()` bytes. Members of a class other than the regressors of
   * this family and Pipe need their class passed in `classes`.
   */
  static restore(bytes: Uint8Array, classes: readonly RegressorClass[] = []): BaggingRegressor {
    const where = `${TAG}.restore`;
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const header = options as { model: { class: string; options: object }; nModels: number; seed: number };
    const known = [...classes, ...KNOWN];
    const find = (tag: string): RegressorClass => {
      const cls = known.find((c) => c.name === tag);
      if (cls === undefined) {
        throw new EstimatorConfigError(`${where}: members are ${tag} snapshots; pass the class: BaggingRegressor.restore(bytes, [${tag}])`);
      }
      return cls;
    };
    const Template = find(header.model.class);
    const b = new BaggingRegressor({ model: new Template(header.model.options), nModels: header.nModels, seed: header.seed });
    const dim = reader.u32() - 1; // format v1 stores dim + 1, 0 before the first record
    if (dim > 0) b.input.fix(dim);
    b.rng = Random.fromState(Array.from(reader.f64s()));
    const n = reader.u32();
    if (n !== header.nModels) throw new EstimatorConfigError(`${where}: snapshot holds ${n} members, its options say ${header.nModels}`);
    b.members = [];
    for (let i = 0; i < n; i++) {
      const part = new Uint8Array(reader.u32());
      for (let j = 0; j < part.length; j++) part[j] = reader.u8();
      b.members.push(find(tagOf(part)).restore(part));
    }
    reader.end();
    return b;
  }
}

function clone(model: Regressor): Regressor {
  const Ctor = model.constructor as new (options: object) => Regressor;
  return new Ctor(model.options);
}

