import type { AnomalyDetector } from "../base/estimator.js";
import { EstimatorConfigError, EstimatorInputError } from "../base/input-error.js";
import { Random } from "../base/random.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { RcfPointStore } from "./rcf-point-store.js";
import { RcfSampler } from "./rcf-sampler.js";
import { attributeTree, scoreTree } from "./rcf-score.js";
import { NONE, RcfTree } from "./rcf-tree.js";

/** Options of {@link RandomCutForest}. @public */
export interface RandomCutForestOptions {
  /** Number of trees; default 50 (AWS `numberOfTrees`). */
  trees?: number;
  /** Points kept per tree (the reservoir's size); default 256 (AWS). */
  sampleSize?: number;
  /** Consecutive records concatenated into the point the trees see (internal shingling); default 1 (AWS). */
  shingleSize?: number;
  /** Scores are 0 until this many points (shingles) have been learned; default max(1, ⌊sampleSize / 4⌋) (AWS: 0.25 × sampleSize). */
  outputAfter?: number;
  /** Rate of the samplers' bias to recent points, per point; 0 for a uniform sample; default 1 / (10 × sampleSize) (AWS). */
  timeDecay?: number;
  /** Seed of the random generator (samplers and cuts); default 42. */
  seed?: number;
}

/** An attribution of a score to each dimension of the point: `high[q]` for x[q] above the data, `low[q]` below (AWS `DiVector`). @public */
export interface DiVector {
  readonly high: Float64Array;
  readonly low: Float64Array;
}

/** A node of a tree as {@link RandomCutForest.trees} shows it. @public */
export type RcfNode =
  | { readonly leaf: true; readonly point: Float64Array; readonly mass: number }
  | {
      readonly leaf: false;
      /** Cut: `point[dim] <= value` goes left. */
      readonly dim: number;
      readonly value: number;
      /** Bounding box of the points below. */
      readonly min: Float64Array;
      readonly max: Float64Array;
      readonly mass: number;
      readonly left: RcfNode;
      readonly right: RcfNode;
    };

/** One tree of a {@link RandomCutForest} and its sampler's reservoir: copies. @public */
export interface RcfTreeView {
  readonly root: RcfNode | null;
  readonly sample: readonly { readonly point: Float64Array; readonly weight: number }[];
}

type Options = Required<RandomCutForestOptions>;

const DEFAULTS: Options = { trees: 50, sampleSize: 256, shingleSize: 1, outputAfter: 64, timeDecay: 1 / 2560, seed: 42 };
const TAG = "RandomCutForest";
const VERSION = 1;
/** trees × sampleSize + 1 point-store slots must be indexable by Int32. */
const MAX_POINTS = 2 ** 30;
/** At most this many values per point (dim × shingleSize). */
const MAX_DIM = 2 ** 20;

/**
 * Random Cut Forest (Guha, Mishra, Roy & Schrijvers 2016; the AWS `RandomCutForest`): each tree
 * keeps a time-decayed random sample of the stream and a random cut tree over it, updated by
 * inserting and deleting points; a point is anomalous when adding it would change the trees a
 * lot — when random cuts separate it early. Also tells which dimension made a point anomalous,
 * and in which direction ({@link RandomCutForest.attribution}).
 *
 * @remarks
 * Learning: the last `shingleSize` records, oldest first, form the point (nothing is learned
 * until that many records have come). Each tree's sampler gives the point the weight
 * log(−log u) − timeDecay · t (u uniform in (0, 1), t the point's index) and keeps the
 * `sampleSize` smallest weights (AWS CompactSampler); a point it accepts is inserted into the
 * tree, the one it evicts deleted. Points are stored once per forest, counted by reference.
 *
 * Score (AWS `getAnomalyScore`, the mean over trees): in each tree, from the leaf x reaches,
 * s = 1 / (depth + 1) (depth of the root 0) or, when x equals the leaf's point, (1 − m / 2M) /
 * (depth + log2(m + 1)) with m the leaf's and M the tree's mass; then on the way up, at each
 * node of depth i whose box x is outside of, with p the probability that a random cut of the box
 * grown to hold x separates x, s ← p / (i + 1) + (1 − p) · s; times log2(M + 1). Higher is more
 * anomalous; about 1 or below for typical points. 0 until `outputAfter` points were learned.
 * `scoreOne` changes no state.
 *
 * Differences from AWS: values are float64 (AWS stores float32, so its points compare and cut at
 * float precision); each tree's insertion draws its cuts top-down as in the paper (AWS walks
 * bottom-up, the same distribution); the samplers accept every point until full (AWS's
 * `initialAcceptFraction` 1) and draw from one generator of the forest; shingles are stored whole
 * (AWS shares overlapping shingles); `outputAfter` may exceed `sampleSize`; no parallel execution,
 * no centre of mass, no sequence indexes; `timeDecay` is fixed.
 *
 * @example
 * ```ts
 * import { RandomCutForest, Random } from "streamine/algorithms";
 * const rcf = new RandomCutForest({ trees: 30, sampleSize: 64, seed: 1 });
 * const r = new Random(7);
 * expect(rcf.scoreOne([0, 0, 0])).toBe(0); // cold start
 * for (let i = 0; i < 500; i++) rcf.learnOne([r.nextGaussian(), r.nextGaussian(), r.nextGaussian()]);
 * const inlier = rcf.scoreOne([0, 0, 0]);
 * const outlier = rcf.scoreOne([0, 0, 8]);
 * expect(outlier).toBeGreaterThan(2 * inlier);
 * const { high, low } = rcf.attribution([0, 0, 8]);
 * expect(high[2]).toBeGreaterThan(high[0] + high[1] + low[0] + low[1] + low[2]); // feature 2, too high
 * ```
 * @see S. Guha, N. Mishra, G. Roy, O. Schrijvers, "Robust Random Cut Forest Based Anomaly Detection on Streams", ICML 2016.
 * @see aws/random-cut-forest-by-aws (Java): RandomCutForest, CompactSampler, AnomalyScoreVisitor, AnomalyAttributionVisitor.
 * @public
 */
export class RandomCutForest implements AnomalyDetector {
  static readonly testParams: readonly RandomCutForestOptions[] = [
    { trees: 5, sampleSize: 16, seed: 7 },
    { trees: 3, sampleSize: 8, shingleSize: 3, outputAfter: 4, timeDecay: 0.05 },
    { trees: 2, sampleSize: 32, outputAfter: 40, timeDecay: 0 },
  ];

  readonly options: Readonly<Options>;
  private readonly input = new DenseInput();
  private rng: Random;
  /** Records learned. */
  private seen = 0;
  /** Points (shingles) learned: the sequence index of the next one. */
  private updates = 0;
  /** The last shingleSize records, oldest first (shingleSize × dim). */
  private shingle = new Float64Array(0);
  /** Scratch: the point a query makes with the shingle. */
  private query = new Float64Array(0);
  /** Scratch: a path from the root to a leaf. */
  private readonly path: Int32Array;
  private store = new RcfPointStore(0, 0);
  private forest: RcfTree[] = [];
  private samplers: RcfSampler[] = [];

  /**
   * @param options - see {@link RandomCutForestOptions}; defaults: trees 50, sampleSize 256, shingleSize 1,
   * outputAfter sampleSize / 4, timeDecay 1 / (10 × sampleSize), seed 42.
   */
  constructor(options?: RandomCutForestOptions) {
    const where = `${TAG}.constructor`;
    const given: unknown = typeof options === "object" && options !== null ? options.sampleSize : undefined;
    const size = typeof given === "number" && Number.isInteger(given) && given >= 1 ? given : DEFAULTS.sampleSize;
    const o = withDefaults(where, options, { ...DEFAULTS, outputAfter: Math.max(1, Math.floor(size / 4)), timeDecay: 1 / (10 * size) });
    checkOption(Number.isInteger(o.trees) && o.trees >= 1, where, "trees", "an integer ≥ 1", o.trees);
    checkOption(Number.isInteger(o.sampleSize) && o.sampleSize >= 1, where, "sampleSize", "an integer ≥ 1", o.sampleSize);
    checkOption(o.trees * o.sampleSize < MAX_POINTS, where, "sampleSize", `at most 2^30 / trees (${Math.floor(MAX_POINTS / o.trees)})`, o.sampleSize);
    checkOption(Number.isInteger(o.shingleSize) && o.shingleSize >= 1 && o.shingleSize <= 65_536, where, "shingleSize", "an integer in [1, 65536]", o.shingleSize);
    checkOption(Number.isSafeInteger(o.outputAfter) && o.outputAfter >= 1, where, "outputAfter", "an integer ≥ 1", o.outputAfter);
    checkOption(typeof o.timeDecay === "number" && Number.isFinite(o.timeDecay) && o.timeDecay >= 0, where, "timeDecay", "a finite number ≥ 0", o.timeDecay);
    checkOption(Number.isSafeInteger(o.seed), where, "seed", "an integer", o.seed);
    this.options = o;
    this.rng = new Random(o.seed);
    this.path = new Int32Array(o.sampleSize);
  }

  /** Learns one record: shifts it into the shingle and, once the shingle is full, offers the point to every tree's sampler. */
  learnOne(x: Vector): void {
    const input = this.input;
    if (!input.read(`${TAG}.learnOne`, x)) {
      if (x.length * this.options.shingleSize > MAX_DIM) {
        throw new EstimatorInputError(`${TAG}.learnOne: x has ${x.length} features; with shingleSize ${this.options.shingleSize} at most ${Math.floor(MAX_DIM / this.options.shingleSize)} are supported`);
      }
      this.allocate(x.length);
      input.copy(x);
    }
    const shingle = this.shingle;
    const d = input.dim;
    shingle.copyWithin(0, d);
    shingle.set(input.x, shingle.length - d);
    if (++this.seen >= this.options.shingleSize) this.update(shingle);
  }

  /** The anomaly score of x (with the last shingleSize − 1 records before it); higher is more anomalous; 0 before `outputAfter` points. Changes no state. */
  scoreOne(x: Vector): number {
    if (!this.input.read(`${TAG}.scoreOne`, x) || this.updates < this.options.outputAfter) return 0;
    const q = this.pointOf(this.input.x);
    const { forest, store, path } = this;
    let sum = 0;
    for (let t = 0; t < forest.length; t++) sum += scoreTree(forest[t] as RcfTree, store, q, path);
    return sum / forest.length;
  }

  /**
   * How much each dimension of the point x makes (x with the last shingleSize − 1 records before
   * it, so shingleSize × dim entries, oldest record first), above (`high`) or below (`low`) the
   * data: the entries sum to {@link RandomCutForest.scoreOne}'s score (AWS `getAnomalyAttribution`).
   * All 0 before `outputAfter` points. Changes no state.
   */
  attribution(x: Vector): DiVector {
    const known = this.input.read(`${TAG}.attribution`, x);
    const size = (known ? this.input.dim : x.length) * this.options.shingleSize;
    const high = new Float64Array(size);
    const low = new Float64Array(size);
    if (!known || this.updates < this.options.outputAfter) return { high, low };
    const q = this.pointOf(this.input.x);
    const scratch = { high: new Float64Array(size), low: new Float64Array(size), min: new Float64Array(size), max: new Float64Array(size) };
    for (const tree of this.forest) attributeTree(tree, this.store, q, this.path, high, low, scratch);
    for (let i = 0; i < size; i++) {
      high[i] = (high[i] as number) / this.forest.length;
      low[i] = (low[i] as number) / this.forest.length;
    }
    return { high, low };
  }

  /** Copies of every tree and its sampler's reservoir (empty before the first record). */
  trees(): RcfTreeView[] {
    const dim = this.shingle.length;
    const vals = this.store.values;
    const pointAt = (slot: number): Float64Array => vals.slice(slot * dim, (slot + 1) * dim);
    return this.forest.map((tree, t) => {
      const node = (c: number): RcfNode => {
        if (c < 0) return { leaf: true, point: pointAt(tree.leafPoint[~c] as number), mass: tree.leafMass[~c] as number };
        const box = { min: tree.boxMin.slice(c * dim, (c + 1) * dim), max: tree.boxMax.slice(c * dim, (c + 1) * dim) };
        const [dimension, value, mass] = [tree.cutDim[c] as number, tree.cutValue[c] as number, tree.mass[c] as number];
        return { leaf: false, dim: dimension, value, ...box, mass, left: node(tree.left[c] as number), right: node(tree.right[c] as number) };
      };
      const sampler = this.samplers[t] as RcfSampler;
      const sample = Array.from({ length: sampler.size }, (_, i) => ({ point: pointAt(sampler.point[i] as number), weight: sampler.weight[i] as number }));
      return { root: tree.root === NONE ? null : node(tree.root), sample };
    });
  }

  /** Offers the point to every tree's sampler; inserts it where accepted, deleting what each evicts. */
  private update(point: Float64Array): void {
    const { store, forest, samplers, rng } = this;
    const slot = store.add(point);
    const decay = -this.options.timeDecay * this.updates++;
    for (let t = 0; t < forest.length; t++) {
      const sampler = samplers[t] as RcfSampler;
      const tree = forest[t] as RcfTree;
      let u = rng.next();
      while (u === 0) u = rng.next();
      const weight = decay + Math.log(-Math.log(u));
      if (sampler.size === sampler.capacity) {
        if (!(weight < (sampler.weight[0] as number))) continue;
        const evicted = sampler.evictMax();
        tree.delete(evicted, store);
        store.release(evicted);
      }
      const kept = tree.insert(slot, store, rng);
      store.retain(kept);
      sampler.add(weight, kept);
    }
    store.dropIfUnused(slot);
  }

  /** x with the last shingleSize − 1 records before it (x itself when shingleSize is 1); a scratch buffer. */
  private pointOf(x: Float64Array): Float64Array {
    if (this.options.shingleSize === 1) return x;
    const { query, shingle } = this;
    const d = x.length;
    const rest = shingle.length - d;
    for (let i = 0; i < rest; i++) query[i] = shingle[i + d] as number;
    for (let i = 0; i < d; i++) query[rest + i] = x[i] as number;
    return query;
  }

  /** Fixes the dimension (first record, or restore) and allocates the trees, samplers and point store. */
  private allocate(dim: number): void {
    const { trees, sampleSize, shingleSize } = this.options;
    const size = dim * shingleSize;
    this.input.fix(dim);
    this.shingle = new Float64Array(size);
    this.query = new Float64Array(size);
    this.store = new RcfPointStore(size, trees * sampleSize + 1);
    this.forest = Array.from({ length: trees }, () => new RcfTree(size, sampleSize));
    this.samplers = Array.from({ length: trees }, () => new RcfSampler(sampleSize));
  }

  /**
   * Layout (version 1): options; dim (0 before the first record); the generator's state; records
   * and points learned (f64); then, once dim is known, the shingle (f64s); the stored points,
   * numbered by first appearance in the samplers (count, then the values); and each tree (in
   * pre-order, see `RcfTree.write`) followed by its sampler (heap order). Slot numbers are not
   * written, so a restored model writes the same bytes.
   */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    w.u32(this.input.dim).f64s(this.rng.state()).f64(this.seen).f64(this.updates);
    if (this.input.dim === 0) return w.finish();
    w.f64s(this.shingle);
    const { store, forest, samplers } = this;
    const ids = new Int32Array(store.refs.length).fill(-1);
    const order: number[] = [];
    for (const sampler of samplers) {
      for (let i = 0; i < sampler.size; i++) {
        const slot = sampler.point[i] as number;
        if ((ids[slot] as number) < 0) ids[slot] = order.push(slot) - 1;
      }
    }
    const d = this.shingle.length;
    w.u32(order.length);
    for (const slot of order) for (let q = 0; q < d; q++) w.f64(store.values[slot * d + q] as number);
    for (let t = 0; t < forest.length; t++) {
      (forest[t] as RcfTree).write(w, ids);
      (samplers[t] as RcfSampler).write(w, ids);
    }
    return w.finish();
  }

  static restore(bytes: Uint8Array): RandomCutForest {
    const where = `${TAG}.restore`;
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const m = new RandomCutForest(options as RandomCutForestOptions);
    const dim = reader.u32();
    m.rng = Random.fromState(Array.from(reader.f64s()));
    m.seen = reader.f64();
    m.updates = reader.f64();
    if (dim > 0) {
      m.allocate(dim);
      const shingle = reader.f64s();
      if (shingle.length !== m.shingle.length) throw new EstimatorConfigError(`${where}: snapshot holds a shingle of ${shingle.length} values, expected ${m.shingle.length}`);
      m.shingle.set(shingle);
      const points = reader.u32();
      if (points > m.options.trees * m.options.sampleSize) throw new EstimatorConfigError(`${where}: snapshot holds ${points} points, more than trees × sampleSize`);
      const point = new Float64Array(shingle.length);
      // A fresh store hands out slots 0, 1, 2…: slot = id.
      for (let i = 0; i < points; i++) {
        for (let q = 0; q < point.length; q++) point[q] = reader.f64();
        m.store.add(point);
      }
      for (let t = 0; t < m.forest.length; t++) {
        (m.forest[t] as RcfTree).read(reader, m.store, points, where);
        const sampler = m.samplers[t] as RcfSampler;
        sampler.read(reader, points, where);
        for (let i = 0; i < sampler.size; i++) m.store.retain(sampler.point[i] as number);
      }
    }
    reader.end();
    return m;
  }
}
