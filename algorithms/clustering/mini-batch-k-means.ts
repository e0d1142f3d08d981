import type { Clusterer } from "../base/estimator.js";
import { EstimatorConfigError, EstimatorInputError } from "../base/input-error.js";
import { Random } from "../base/random.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { kMeansPlusPlus } from "./k-means-plus-plus.js";
import { nearestCenter } from "./nearest-center.js";

/** Options of {@link MiniBatchKMeans}. @public */
export interface MiniBatchKMeansOptions {
  /** Number of clusters k ≥ 1; default 5. */
  k?: number;
  /** Records per mini-batch for `learnOne` (`learnMany` takes its array as one batch); default 100. */
  batchSize?: number;
  /** Spark's decay factor a in [0, 1]: the weight a cluster's past keeps per time unit; default 1 (no forgetting). */
  decayFactor?: number;
  /** When > 0, sets a = 2^(−1/halfLife): the past's weight halves every halfLife time units (Spark's `setHalfLife`); default 0 (use decayFactor). */
  halfLife?: number;
  /** The time unit of the decay: "batches" (a per batch; default) or "points" (a^m for a batch of m records). */
  timeUnit?: "batches" | "points";
  /** Seed of the k-means++ draws; default 0. */
  seed?: number;
}

type Options = Required<MiniBatchKMeansOptions>;

const DEFAULTS: Options = { k: 5, batchSize: 100, decayFactor: 1, halfLife: 0, timeUnit: "batches", seed: 0 };
const TAG = "MiniBatchKMeans";
const VERSION = 1;
const EMPTY = new Float64Array(0);
/** Spark: a cluster whose weight is below this fraction of the largest is dying, and is split off the largest. */
const DYING = 1e-8;

/**
 * Mini-batch k-means with forgetting, by Spark MLlib's `StreamingKMeans` update: per batch, each
 * cluster's weight decays, then its centre moves to the weighted mean of its past and the batch
 * records assigned to it. A decay factor below 1 follows drifting clusters.
 *
 * @remarks
 * Per batch of m records, with mⱼ of them nearest to centre cⱼ (mean x̄ⱼ) and discount
 * δ = a (time unit "batches") or aᵐ ("points"): wⱼ ← δ·wⱼ; cⱼ ← cⱼ + mⱼ/(wⱼ + mⱼ)·(x̄ⱼ − cⱼ);
 * wⱼ ← wⱼ + mⱼ. Then, as in Spark, when the lightest cluster's weight is below 1e-8 of the
 * heaviest's, the heaviest is split in two (both get half its weight, centres ±1e-14·max(|c|, 1)
 * apart), so no centre stays dead.
 *
 * Start: the first batches are gathered until they hold ≥ k records; greedy k-means++ on them
 * seeds the centres (weight 0), and they are then learned as the first batch. `learnOne` buffers
 * records and learns a batch every `batchSize` of them; `learnMany(xs)` first learns any buffered
 * records as a batch, then `xs` as one batch (all rows validated before any state changes).
 * `predictOne` uses the centres of the last learned batch (0 before there are centres) and
 * changes no state. The dimension d is fixed by the first record. O(k·d) per record; batches
 * allocate nothing once the scratch has grown to the largest batch.
 *
 * @example
 * ```ts
 * import { MiniBatchKMeans, Random } from "streamine/algorithms";
 * const km = new MiniBatchKMeans({ k: 2, batchSize: 50, halfLife: 2, seed: 1 });
 * const r = new Random(3);
 * const batch = (cx: number): number[][] =>
 *   Array.from({ length: 50 }, (_, i) => [(i % 2 === 0 ? cx : -cx) + 0.1 * r.nextGaussian(), 0]);
 * for (let b = 0; b < 10; b++) km.learnMany(batch(5)); // clusters at x = ±5
 * for (let b = 0; b < 10; b++) km.learnMany(batch(8)); // they move to x = ±8
 * const xs = km.centers().map((c) => Math.abs(c[0] ?? 0));
 * expect(Math.min(...xs)).toBeGreaterThan(7.5); // the decay forgot the old positions
 * expect(km.predictOne([8, 0])).not.toBe(km.predictOne([-8, 0]));
 * ```
 * @see Apache Spark MLlib `StreamingKMeans` (mllib/clustering/StreamingKMeans.scala): the update rule, decay and dying-cluster split.
 * @see D. Sculley (2010) "Web-scale k-means clustering", WWW.
 * @see D. Arthur, S. Vassilvitskii (2007) "k-means++: the advantages of careful seeding", SODA.
 * @public
 */
export class MiniBatchKMeans implements Clusterer {
  static readonly testParams: readonly MiniBatchKMeansOptions[] = [
    { k: 3, batchSize: 10 },
    { k: 2, batchSize: 7, halfLife: 3, timeUnit: "points", seed: 5 },
    { k: 4, batchSize: 1, decayFactor: 0.9 },
  ];

  readonly options: Readonly<Options>;
  private readonly input = new DenseInput();
  private random: Random;
  /** The discount a per time unit. */
  private readonly decay: number;
  private initialised = false;
  /** Row-major k×d centres and their weights. */
  private centroids: Float64Array = EMPTY;
  private weights: Float64Array = EMPTY;
  /** Records waiting for the next batch (learnOne), row-major batchSize×d; before init, all records so far. */
  private pending: Float64Array = EMPTY;
  private nPending = 0;
  /** Scratch of a batch: per-cluster sums (k×d) and counts, and `learnMany`'s rows. */
  private sums: Float64Array = EMPTY;
  private sizes: Float64Array = EMPTY;
  private rows: Float64Array = EMPTY;

  /** @param options - see {@link MiniBatchKMeansOptions}; defaults: k 5, batchSize 100, decayFactor 1, halfLife 0, timeUnit "batches", seed 0. */
  constructor(options?: MiniBatchKMeansOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isInteger(o.k) && o.k >= 1, where, "k", "an integer ≥ 1", o.k);
    checkOption(Number.isInteger(o.batchSize) && o.batchSize >= 1, where, "batchSize", "an integer ≥ 1", o.batchSize);
    checkOption(typeof o.decayFactor === "number" && o.decayFactor >= 0 && o.decayFactor <= 1, where, "decayFactor", "a number in [0, 1]", o.decayFactor);
    checkOption(typeof o.halfLife === "number" && o.halfLife >= 0 && Number.isFinite(o.halfLife), where, "halfLife", "a finite number ≥ 0 (0: use decayFactor)", o.halfLife);
    checkOption(o.halfLife === 0 || o.decayFactor === 1, where, "halfLife", "0 when decayFactor is set (give one of them)", o.halfLife);
    checkOption(o.timeUnit === "batches" || o.timeUnit === "points", where, "timeUnit", '"batches" or "points"', o.timeUnit);
    checkOption(Number.isSafeInteger(o.seed), where, "seed", "a safe integer", o.seed);
    this.options = o;
    this.random = new Random(o.seed);
    this.decay = o.halfLife > 0 ? Math.pow(2, -1 / o.halfLife) : o.decayFactor;
  }

  /** Buffers one record; every `batchSize` records are learned as a batch. */
  learnOne(x: Vector): void {
    const input = this.input;
    if (input.readToLearn(`${TAG}.learnOne`, x)) this.allocate(input.dim);
    const d = input.dim;
    this.reserve(this.nPending + 1, d);
    this.pending.set(input.x, this.nPending * d);
    this.nPending++;
    if (this.initialised ? this.nPending === this.options.batchSize : this.nPending >= Math.max(this.options.k, this.options.batchSize)) {
      this.flush(d);
    }
  }

  /** Learns buffered records as a batch, then `xs` as one batch. Every row is validated first. */
  learnMany(xs: readonly Vector[]): void {
    const where = `${TAG}.learnMany`;
    if (!Array.isArray(xs)) throw new EstimatorInputError(`${where}: xs must be an array of vectors`);
    if (xs.length === 0) return;
    const input = this.input;
    const fresh = input.dim === 0;
    const probe = new DenseInput();
    let d = input.dim;
    if (fresh) {
      this.readRow(where, probe, xs, 0); // validates the first row, whose length fixes d
      d = (xs[0] as Vector).length;
    }
    probe.fix(d);
    if (this.rows.length < xs.length * d) this.rows = new Float64Array(Math.max(xs.length * d, 2 * this.rows.length));
    const rows = this.rows;
    for (let p = 0; p < xs.length; p++) {
      this.readRow(where, probe, xs, p);
      rows.set(probe.x, p * d);
    }
    if (fresh) {
      input.fix(d);
      this.allocate(d);
    }
    if (this.initialised) {
      if (this.nPending > 0) this.batch(this.pending, this.nPending, d);
      this.nPending = 0;
      this.batch(rows, xs.length, d);
    } else {
      this.reserve(this.nPending + xs.length, d);
      this.pending.set(rows.subarray(0, xs.length * d), this.nPending * d);
      this.nPending += xs.length;
      if (this.nPending >= this.options.k) this.flush(d);
    }
  }

  /** Validates row p of `xs` into `probe`, the error naming the row. */
  private readRow(where: string, probe: DenseInput, xs: readonly Vector[], p: number): void {
    try {
      probe.read(where, xs[p] as Vector);
    } catch (e) {
      if (e instanceof EstimatorInputError) throw new EstimatorInputError(e.message.replace(`${where}: x`, `${where}: xs[${p}]`));
      throw e;
    }
  }

  /** The cluster of x: the index of its nearest centre, in [0, k); 0 before the centres are seeded. */
  predictOne(x: Vector): number {
    if (!this.input.read(`${TAG}.predictOne`, x) || !this.initialised) return 0;
    return nearestCenter(this.input.x, this.centroids, this.options.k, this.input.dim);
  }

  /** Copies of the k centres (none before they are seeded). */
  centers(): Float64Array[] {
    const d = this.input.dim;
    const out: Float64Array[] = [];
    if (this.initialised) for (let j = 0; j < this.options.k; j++) out.push(this.centroids.slice(j * d, j * d + d));
    return out;
  }

  /** The weight of each cluster (records learned, discounted by the decay); empty before seeding. */
  clusterWeights(): Float64Array {
    return this.initialised ? this.weights.slice() : EMPTY;
  }

  /** Learns the pending records as one batch (seeding the centres from them first, if needed). */
  private flush(d: number): void {
    const n = this.nPending;
    if (!this.initialised) {
      kMeansPlusPlus(this.pending, n, d, this.options.k, this.random, this.centroids, new Int32Array(this.options.k));
      this.initialised = true;
    }
    this.batch(this.pending, n, d);
    this.nPending = 0;
    if (this.pending.length > this.options.batchSize * d) this.pending = new Float64Array(this.options.batchSize * d);
  }

  /** Spark's StreamingKMeansModel.update on the n rows of `points`. */
  private batch(points: Float64Array, n: number, d: number): void {
    const { k, timeUnit } = this.options;
    const { centroids, weights, sums, sizes } = this;
    const x = this.input.x;
    sums.fill(0);
    sizes.fill(0);
    for (let p = 0; p < n; p++) {
      const at = p * d;
      for (let i = 0; i < d; i++) x[i] = points[at + i] as number;
      const j = nearestCenter(x, centroids, k, d);
      sizes[j] = (sizes[j] as number) + 1;
      const row = j * d;
      for (let i = 0; i < d; i++) sums[row + i] = (sums[row + i] as number) + (x[i] as number);
    }
    const discount = timeUnit === "points" ? Math.pow(this.decay, n) : this.decay;
    for (let j = 0; j < k; j++) {
      const m = sizes[j] as number;
      const w = (weights[j] as number) * discount;
      const total = w + m;
      weights[j] = total;
      if (m === 0) continue;
      const lambda = m / Math.max(total, 1e-16);
      const row = j * d;
      for (let i = 0; i < d; i++) {
        const c = centroids[row + i] as number;
        centroids[row + i] = c + lambda * ((sums[row + i] as number) / m - c);
      }
    }
    this.splitDying(d);
  }

  /** Spark: the lightest cluster, if dying, is moved next to the heaviest, which gives it half its weight. */
  private splitDying(d: number): void {
    const { weights, centroids } = this;
    let hi = 0;
    let lo = 0;
    for (let j = 1; j < this.options.k; j++) {
      if ((weights[j] as number) > (weights[hi] as number)) hi = j;
      if ((weights[j] as number) < (weights[lo] as number)) lo = j;
    }
    const heaviest = weights[hi] as number;
    if (hi === lo || !((weights[lo] as number) < DYING * heaviest)) return;
    weights[hi] = heaviest / 2;
    weights[lo] = heaviest / 2;
    for (let i = 0; i < d; i++) {
      const c = centroids[hi * d + i] as number;
      const p = 1e-14 * Math.max(Math.abs(c), 1);
      centroids[hi * d + i] = c + p;
      centroids[lo * d + i] = c - p;
    }
  }

  /** Grows the pending buffer to hold n records (only before the centres are seeded can it exceed batchSize). */
  private reserve(n: number, d: number): void {
    if (this.pending.length >= n * d) return;
    const grown = new Float64Array(Math.max(n * d, 2 * this.pending.length));
    grown.set(this.pending.subarray(0, this.nPending * d));
    this.pending = grown;
  }

  private allocate(d: number): void {
    const { k, batchSize } = this.options;
    this.centroids = new Float64Array(k * d);
    this.weights = new Float64Array(k);
    this.pending = new Float64Array(batchSize * d);
    this.sums = new Float64Array(k * d);
    this.sizes = new Float64Array(k);
  }

  /** Layout (version 1): options; dim; seeded; centres (f64s); weights (f64s); pending records (f64s); random state (f64s). */
  snapshot(): Uint8Array {
    const d = this.input.dim;
    return new SnapshotWriter(TAG, VERSION, this.options)
      .u32(d)
      .bool(this.initialised)
      .f64s(this.centroids)
      .f64s(this.weights)
      .f64s(this.pending.subarray(0, this.nPending * d))
      .f64s(this.random.state())
      .finish();
  }

  static restore(bytes: Uint8Array): MiniBatchKMeans {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const m = new MiniBatchKMeans(options as MiniBatchKMeansOptions);
    const k = m.options.k;
    const dim = reader.u32();
    const initialised = reader.bool();
    const centroids = reader.f64s();
    const weights = reader.f64s();
    const pending = reader.f64s();
    const state = reader.f64s();
    reader.end();
    const bad = (what: string): never => {
      throw new EstimatorConfigError(`${TAG}.restore: snapshot is inconsistent (${what})`);
    };
    if (dim === 0) {
      if (initialised || centroids.length !== 0 || pending.length !== 0) bad("state before the first record");
    } else {
      if (centroids.length !== k * dim || weights.length !== k) bad(`${centroids.length} centre values for k = ${k}, d = ${dim}`);
      if (pending.length % dim !== 0) bad("pending records");
      m.input.fix(dim);
      m.allocate(dim);
      m.centroids.set(centroids);
      m.weights.set(weights);
      m.nPending = 0;
      m.reserve(pending.length / dim, dim);
      m.pending.set(pending);
      m.nPending = pending.length / dim;
      m.initialised = initialised;
    }
    m.random = Random.fromState(Array.from(state));
    return m;
  }
}
