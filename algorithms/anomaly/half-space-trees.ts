import type { AnomalyDetector } from "../base/estimator.js";
import { EstimatorConfigError, EstimatorInputError } from "../base/input-error.js";
import { Random } from "../base/random.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { buildHalfSpaceTree, checkLimits, fixedLimits, MAX_FEATURES } from "./half-space-tree-build.js";

/** Options of {@link HalfSpaceTrees}. @public */
export interface HalfSpaceTreesOptions {
  /** Number of trees; default 10 (River). */
  trees?: number;
  /** Depth of the leaves: a tree has `height + 1` levels and `2^(height+1) − 1` nodes; default 8 (River), at most 20. */
  height?: number;
  /** Records per window: the masses pivot every `windowSize` learned records; default 250. */
  windowSize?: number;
  /** Scoring stops at the first node on the path whose reference mass is below this; default 0.1 × windowSize. */
  sizeLimit?: number;
  /**
   * The range of each feature the trees' work-space is drawn from: null (default) for [0, 1] on
   * every feature (River), an array of `[min, max]` pairs (fixes the dimension), or `"learn"` for
   * each feature's min and max over the first window.
   */
  limits?: readonly (readonly [number, number])[] | "learn" | null;
  /** Seed of the random generator that draws the trees; default 42. */
  seed?: number;
}

/** River's settings (`anomaly.HalfSpaceTrees` defaults): 10 trees of height 8, windows of 250. @public */
export const riverHalfSpaceTrees: Readonly<HalfSpaceTreesOptions> = Object.freeze({ trees: 10, height: 8, windowSize: 250 });

/** The paper's default settings (Tan, Ting & Liu 2011): 25 trees of height 15, windows of 250. @public */
export const paperHalfSpaceTrees: Readonly<HalfSpaceTreesOptions> = Object.freeze({ trees: 25, height: 15, windowSize: 250 });

/** One tree of a {@link HalfSpaceTrees} model: copies of its flat arrays. @public */
export interface HalfSpaceTree {
  /** Split feature of each internal node; node i's children are 2i + 1 and 2i + 2, internal nodes first. */
  readonly feature: Uint16Array;
  /** Split value of each internal node: `x[feature] < value` goes left. */
  readonly value: Float64Array;
  /** Mass of each node (internal nodes, then leaves) in the window being filled. */
  readonly lMass: Uint32Array;
  /** Mass of each node in the reference window (the last complete one). */
  readonly rMass: Uint32Array;
}

type Options = Required<HalfSpaceTreesOptions>;

const DEFAULTS: Options = { trees: 10, height: 8, windowSize: 250, sizeLimit: 25, limits: null, seed: 42 };
const MAX_HEIGHT = 20;
const TAG = "HalfSpaceTrees";
const VERSION = 1;
const NO_FEATURES = new Uint16Array(0);
const NO_MASS = new Uint32Array(0);
const NO_VALUES = new Float64Array(0);

/**
 * Half-Space Trees (Tan, Ting & Liu 2011; River's `anomaly.HalfSpaceTrees`): an ensemble of
 * random trees, drawn before any data is seen, that halve a work-space around the feature
 * ranges. Each node counts the records of the window being filled (`l_mass`) and keeps the
 * counts of the last complete window (`r_mass`); a record is anomalous when it falls where the
 * reference window had little mass.
 *
 * @remarks
 * Trees: for each tree and feature, a point s drawn in the feature's [min, max] and the work range
 * s ± 2·max(s − min, max − s); each internal node splits a random feature at the mid-point of its
 * range there (`x < value` goes left). Every `windowSize` learned records the masses pivot:
 * r_mass ← l_mass, l_mass ← 0.
 *
 * Score (River's `score_one`): walking each tree from the root (depth 0), add r_mass·2^depth of
 * every node passed, up to and including the first node whose r_mass is below `sizeLimit` or the
 * leaf; the score is 1 − sum / (trees · windowSize · (2^(height+1) − 1)), in [0, 1), higher meaning
 * more anomalous. Cold start: 0 until the first pivot (River). `scoreOne` changes no state.
 *
 * Limits: values outside them are not clipped; they fall to the outermost nodes on their feature. With
 * `limits: "learn"`, the first window's records are kept (windowSize × dim numbers) and score 0; at
 * its end the trees are drawn from each feature's [min, max] over it (a feature constant at v gets
 * [v − 0.5, v + 0.5]), the kept records are counted and pivoted into the reference masses, so the
 * first scores come at the same point as with fixed limits, and the model equals one built with
 * those limits. The trees are drawn at the first `learnOne` otherwise.
 *
 * State: split features as Uint16 (so at most 65536 features), split values as Float64, masses as
 * Uint32 (integer counts ≤ windowSize: exact, half the bytes of Float64), internal nodes first
 * as node i's children are 2i + 1 and 2i + 2. Differences from River: the paper's work-space and
 * mid-point splits instead of River's padded uniform splits on range-weighted features; `sizeLimit`
 * is an option (River fixes it at 0.1 × windowSize); the seed defaults to 42; features are the
 * indices of a dense vector.
 *
 * @example
 * ```ts
 * import { HalfSpaceTrees, Random } from "streamine/algorithms";
 * const hst = new HalfSpaceTrees({ trees: 10, height: 4, windowSize: 100, seed: 1 });
 * const r = new Random(7);
 * expect(hst.scoreOne([0.5, 0.5])).toBe(0); // cold start
 * for (let i = 0; i < 300; i++) hst.learnOne([0.45 + 0.1 * r.next(), 0.45 + 0.1 * r.next()]);
 * const inlier = hst.scoreOne([0.5, 0.5]);
 * const outlier = hst.scoreOne([0.05, 0.95]);
 * expect(outlier).toBeGreaterThan(inlier);
 * expect(outlier).toBeLessThan(1);
 * ```
 * @see S. C. Tan, K. M. Ting, T. F. Liu, "Fast anomaly detection for streaming data", IJCAI 2011.
 * @public
 */
export class HalfSpaceTrees implements AnomalyDetector {
  static readonly testParams: readonly HalfSpaceTreesOptions[] = [
    { trees: 3, height: 3, windowSize: 20, seed: 7 },
    { trees: 4, height: 5, windowSize: 50, sizeLimit: 0, limits: "learn" },
    { trees: 2, height: 2, windowSize: 10, limits: [[-3, 3], [-3, 3], [-3, 3]] },
  ];

  readonly options: Readonly<Options>;
  private readonly input = new DenseInput();
  private rng: Random;
  /** Internal nodes per tree: 2^height − 1. */
  private readonly internal: number;
  /** Nodes per tree: 2^(height+1) − 1. */
  private readonly nodes: number;
  /** The largest sum a score can take (a whole window on every node of every path). */
  private readonly maxRaw: number;
  /** Records learned into the window being filled. */
  private counter = 0;
  /** True after the first pivot: the reference masses exist. */
  private pivoted = false;
  private feature: Uint16Array = NO_FEATURES;
  private value: Float64Array = NO_VALUES;
  private lMass: Uint32Array = NO_MASS;
  private rMass: Uint32Array = NO_MASS;
  /** limits "learn": the first window's records, row-major, until the trees are drawn. */
  private firstWindow: Float64Array = NO_VALUES;

  /**
   * @param options - see {@link HalfSpaceTreesOptions}; defaults: trees 10, height 8, windowSize 250,
   * sizeLimit 0.1 × windowSize, limits null ([0, 1] per feature), seed 42.
   */
  constructor(options?: HalfSpaceTreesOptions) {
    const where = `${TAG}.constructor`;
    const given: unknown = typeof options === "object" && options !== null ? options.windowSize : undefined;
    const o = withDefaults(where, options, { ...DEFAULTS, sizeLimit: typeof given === "number" ? 0.1 * given : DEFAULTS.sizeLimit });
    checkOption(Number.isInteger(o.trees) && o.trees >= 1, where, "trees", "an integer ≥ 1", o.trees);
    checkOption(Number.isInteger(o.height) && o.height >= 1 && o.height <= MAX_HEIGHT, where, "height", `an integer in [1, ${MAX_HEIGHT}]`, o.height);
    checkOption(Number.isInteger(o.windowSize) && o.windowSize >= 1 && o.windowSize <= 0xffffffff, where, "windowSize", "an integer in [1, 2^32 − 1]", o.windowSize);
    checkOption(Number.isFinite(o.sizeLimit) && o.sizeLimit >= 0, where, "sizeLimit", "a finite number ≥ 0", o.sizeLimit);
    checkOption(Number.isSafeInteger(o.seed), where, "seed", "an integer", o.seed);
    const limits = checkLimits(where, o.limits);
    this.options = Object.freeze({ ...o, limits });
    this.rng = new Random(o.seed);
    this.internal = 2 ** o.height - 1;
    this.nodes = 2 ** (o.height + 1) - 1;
    this.maxRaw = o.trees * o.windowSize * this.nodes;
    if (Array.isArray(limits)) this.input.fix(limits.length);
  }

  /** Learns one record: counts it on its path in every tree, and pivots the masses at the end of a window. */
  learnOne(x: Vector): void {
    const input = this.input;
    if (!input.read(`${TAG}.learnOne`, x)) {
      if (x.length > MAX_FEATURES) throw new EstimatorInputError(`${TAG}.learnOne: x has ${x.length} features, at most ${MAX_FEATURES} are supported`);
      input.fix(x.length);
      input.copy(x);
    }
    const windowSize = this.options.windowSize;
    if (this.lMass.length === 0) {
      if (this.options.limits !== "learn") {
        this.build(fixedLimits(this.options.limits, input.dim));
      } else {
        if (this.firstWindow.length === 0) this.firstWindow = new Float64Array(windowSize * input.dim);
        this.firstWindow.set(input.x, this.counter * input.dim);
        if (++this.counter === windowSize) this.buildFromFirstWindow();
        return;
      }
    }
    this.count(input.x);
    if (++this.counter === windowSize) this.pivot();
  }

  /** The anomaly score of `x` in [0, 1): higher is more anomalous; 0 before the first pivot. Changes no state. */
  scoreOne(x: Vector): number {
    if (!this.input.read(`${TAG}.scoreOne`, x) || !this.pivoted) return 0;
    const xs = this.input.x;
    const { feature, value, rMass, internal, nodes } = this;
    const { trees, sizeLimit } = this.options;
    let raw = 0;
    for (let t = 0; t < trees; t++) {
      const splits = t * internal;
      const masses = t * nodes;
      let node = 0;
      let weight = 1;
      for (;;) {
        const m = rMass[masses + node] as number;
        raw += m * weight;
        if (m < sizeLimit || node >= internal) break;
        const f = feature[splits + node] as number;
        node = (xs[f] as number) < (value[splits + node] as number) ? 2 * node + 1 : 2 * node + 2;
        weight *= 2;
      }
    }
    return 1 - raw / this.maxRaw;
  }

  /** Copies of the trees' arrays (empty before the trees are drawn). */
  trees(): HalfSpaceTree[] {
    if (this.lMass.length === 0) return [];
    const { internal, nodes } = this;
    return Array.from({ length: this.options.trees }, (_, t) => ({
      feature: this.feature.slice(t * internal, (t + 1) * internal),
      value: this.value.slice(t * internal, (t + 1) * internal),
      lMass: this.lMass.slice(t * nodes, (t + 1) * nodes),
      rMass: this.rMass.slice(t * nodes, (t + 1) * nodes),
    }));
  }

  /** Adds one to l_mass on x's path in every tree. */
  private count(xs: Float64Array): void {
    const { feature, value, lMass, internal, nodes } = this;
    const trees = this.options.trees;
    for (let t = 0; t < trees; t++) {
      const splits = t * internal;
      const masses = t * nodes;
      let node = 0;
      lMass[masses] = (lMass[masses] as number) + 1;
      while (node < internal) {
        const f = feature[splits + node] as number;
        node = (xs[f] as number) < (value[splits + node] as number) ? 2 * node + 1 : 2 * node + 2;
        lMass[masses + node] = (lMass[masses + node] as number) + 1;
      }
    }
  }

  /** r_mass ← l_mass, l_mass ← 0, by swapping the arrays (the paper preset's masses are 6.5 MB). */
  private pivot(): void {
    const reference = this.rMass;
    this.rMass = this.lMass;
    this.lMass = reference.fill(0);
    this.counter = 0;
    this.pivoted = true;
  }

  private allocate(): void {
    const trees = this.options.trees;
    this.feature = new Uint16Array(trees * this.internal);
    this.value = new Float64Array(trees * this.internal);
    this.lMass = new Uint32Array(trees * this.nodes);
    this.rMass = new Uint32Array(trees * this.nodes);
  }

  private build([lo, hi]: readonly [Float64Array, Float64Array]): void {
    this.allocate();
    for (let t = 0; t < this.options.trees; t++) buildHalfSpaceTree(this.rng, lo, hi, this.options.height, this.feature, this.value, t * this.internal);
  }

  /** limits "learn": draws the trees from the first window's ranges, then counts and pivots its records. */
  private buildFromFirstWindow(): void {
    const dim = this.input.dim;
    const rows = this.firstWindow;
    const lo = new Float64Array(dim).fill(Infinity);
    const hi = new Float64Array(dim).fill(-Infinity);
    for (let i = 0; i < rows.length; i++) {
      const q = i % dim;
      const v = rows[i] as number;
      if (v < (lo[q] as number)) lo[q] = v;
      if (v > (hi[q] as number)) hi[q] = v;
    }
    for (let q = 0; q < dim; q++) {
      if (lo[q] === hi[q]) {
        lo[q] = (lo[q] as number) - 0.5;
        hi[q] = (hi[q] as number) + 0.5;
      }
    }
    this.build([lo, hi]);
    for (let r = 0; r < rows.length; r += dim) this.count(rows.subarray(r, r + dim));
    this.firstWindow = NO_VALUES;
    this.pivot();
  }

  /**
   * Layout (version 1): options; dim (0 until the first record or given limits fix it); the generator's state; the
   * window counter; pivoted; whether the trees exist; then either the trees (split features u16,
   * split values f64, l_mass u32, r_mass u32) or the kept first-window records (f64).
   */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    const built = this.lMass.length > 0;
    w.u32(this.input.dim).f64s(this.rng.state()).u32(this.counter).bool(this.pivoted).bool(built);
    if (!built) return w.f64s(this.firstWindow.subarray(0, this.counter * this.input.dim)).finish();
    const { feature, lMass, rMass } = this;
    for (let i = 0; i < feature.length; i++) w.u16(feature[i] as number);
    w.f64s(this.value);
    for (let i = 0; i < lMass.length; i++) w.u32(lMass[i] as number);
    for (let i = 0; i < rMass.length; i++) w.u32(rMass[i] as number);
    return w.finish();
  }

  static restore(bytes: Uint8Array): HalfSpaceTrees {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const m = new HalfSpaceTrees(options as HalfSpaceTreesOptions);
    const dim = reader.u32();
    if (dim > 0 && m.input.dim === 0) m.input.fix(dim);
    if (dim !== m.input.dim) throw new EstimatorConfigError(`${TAG}.restore: snapshot holds ${dim} features, its limits ${m.input.dim}`);
    m.rng = Random.fromState(Array.from(reader.f64s()));
    m.counter = reader.u32();
    m.pivoted = reader.bool();
    if (reader.bool()) {
      m.allocate();
      const { feature, lMass, rMass } = m;
      for (let i = 0; i < feature.length; i++) feature[i] = reader.u16();
      const values = reader.f64s();
      if (values.length !== m.value.length) throw new EstimatorConfigError(`${TAG}.restore: snapshot holds ${values.length} split values, its options ${m.value.length}`);
      m.value.set(values);
      for (let i = 0; i < lMass.length; i++) lMass[i] = reader.u32();
      for (let i = 0; i < rMass.length; i++) rMass[i] = reader.u32();
    } else {
      const kept = reader.f64s();
      if (m.options.limits === "learn" && dim > 0) {
        m.firstWindow = new Float64Array(m.options.windowSize * dim);
        m.firstWindow.set(kept);
      }
    }
    reader.end();
    return m;
  }
}
