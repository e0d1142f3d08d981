import type { Clusterer } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { Random } from "../base/random.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { kMeansPlusPlus } from "./k-means-plus-plus.js";
import { nearestCenter } from "./nearest-center.js";

/** Options of {@link SequentialKMeans}. @public */
export interface SequentialKMeansOptions {
  /** Number of clusters k ≥ 1; default 5. */
  k?: number;
  /** How the k centres start: "kmeans++" (greedy k-means++ on the first `initSize` records; default) or "first" (the first k records, MacQueen's rule). */
  init?: "kmeans++" | "first";
  /** Records buffered for the "kmeans++" init, ≥ k; default 100. Ignored by "first". */
  initSize?: number;
  /** 0 (default): MacQueen's rate 1/nⱼ, each centre the mean of its records. h > 0: rate max(1/nⱼ, 1 − 2^(−1/h)), so a record's weight halves after h later records of its cluster. */
  halfLife?: number;
  /** Seed of the k-means++ draws; default 0. */
  seed?: number;
}

type Options = Required<SequentialKMeansOptions>;

const DEFAULTS: Options = { k: 5, init: "kmeans++", initSize: 100, halfLife: 0, seed: 0 };
const TAG = "SequentialKMeans";
const VERSION = 1;
const EMPTY = new Float64Array(0);

/**
 * MacQueen's sequential k-means: each record moves its nearest centre toward itself by the
 * rate 1/nⱼ (nⱼ records so far in that cluster), so every centre stays the mean of the records
 * assigned to it; or, with `halfLife`, by a fixed rate that forgets old records (drift).
 *
 * @remarks
 * Learning x: j = argminⱼ ‖x − cⱼ‖² (ties to the lower index), nⱼ ← nⱼ + 1, cⱼ ← cⱼ + η·(x − cⱼ)
 * with η = 1/nⱼ, or max(1/nⱼ, 1 − 2^(−1/h)) with `halfLife` h. O(k·d) per record, no allocation.
 *
 * Start: "first" makes the first k records the centres (nⱼ = 1). "kmeans++" buffers the first
 * `initSize` records, seeds the centres from them by greedy k-means++ (nⱼ = 1) and then learns the
 * other buffered records in arrival order. Cold start: `predictOne` answers 0 until a centre
 * exists, and, under "first", the nearest of the centres so far. `predictOne` changes no state.
 * The dimension d is fixed by the first `learnOne`. State: k·d centres, k counts (and the init
 * buffer until it is used).
 *
 * @example
 * ```ts
 * import { SequentialKMeans } from "streamine/algorithms";
 * const km = new SequentialKMeans({ k: 2, init: "first" });
 * for (const x of [[0, 0], [10, 10], [0, 2], [10, 12]]) km.learnOne(x);
 * // each centre is the mean of its records: (0, 1) and (10, 11)
 * expect(Array.from(km.centers()[0] ?? [])).toEqual([0, 1]);
 * expect(Array.from(km.centers()[1] ?? [])).toEqual([10, 11]);
 * expect(km.predictOne([9, 9])).toBe(1);
 * ```
 * @see J. MacQueen (1967) "Some methods for classification and analysis of multivariate observations", Proc. 5th Berkeley Symp. Math. Statist. Probab. 1, 281–297.
 * @see D. Arthur, S. Vassilvitskii (2007) "k-means++: the advantages of careful seeding", SODA.
 * @public
 */
export class SequentialKMeans implements Clusterer {
  static readonly testParams: readonly SequentialKMeansOptions[] = [
    { k: 3, init: "first" },
    { k: 2, initSize: 10, halfLife: 20, seed: 7 },
    { k: 4, init: "first", halfLife: 5 },
  ];

  readonly options: Readonly<Options>;
  private readonly input = new DenseInput();
  private random: Random;
  /** Centres that exist (k once initialised). */
  private live = 0;
  /** Row-major k×d. */
  private centroids: Float64Array = EMPTY;
  /** Records learned per centre (the seed record counts). */
  private counts: Float64Array = EMPTY;
  /** "kmeans++" only: the first initSize records, row-major, until the centres are seeded. */
  private buffer: Float64Array = EMPTY;
  private buffered = 0;
  /** The fixed rate of `halfLife` (0 for MacQueen's 1/n). */
  private readonly floorRate: number;

  /** @param options - see {@link SequentialKMeansOptions}; defaults: k 5, init "kmeans++", initSize 100, halfLife 0 (rate 1/n), seed 0. */
  constructor(options?: SequentialKMeansOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isInteger(o.k) && o.k >= 1, where, "k", "an integer ≥ 1", o.k);
    checkOption(o.init === "kmeans++" || o.init === "first", where, "init", '"kmeans++" or "first"', o.init);
    checkOption(Number.isInteger(o.initSize) && o.initSize >= o.k, where, "initSize", `an integer ≥ k (${o.k}): k-means++ picks the centres among these records`, o.initSize);
    checkOption(typeof o.halfLife === "number" && o.halfLife >= 0 && Number.isFinite(o.halfLife), where, "halfLife", "a finite number ≥ 0 (records; 0 for MacQueen's 1/n)", o.halfLife);
    checkOption(Number.isSafeInteger(o.seed), where, "seed", "a safe integer", o.seed);
    this.options = o;
    this.random = new Random(o.seed);
    this.floorRate = o.halfLife > 0 ? 1 - Math.pow(2, -1 / o.halfLife) : 0;
  }

  /** Learns one record (see remarks). */
  learnOne(x: Vector): void {
    const input = this.input;
    if (input.readToLearn(`${TAG}.learnOne`, x)) this.allocate(input.dim);
    const xs = input.x;
    const d = input.dim;
    const k = this.options.k;
    if (this.live === k) {
      this.update(xs, d);
    } else if (this.options.init === "first") {
      this.centroids.set(xs, this.live * d);
      this.counts[this.live++] = 1;
    } else {
      this.buffer.set(xs, this.buffered * d);
      if (++this.buffered === this.options.initSize) this.seed(d);
    }
  }

  /** The cluster of x: the index of its nearest centre, in [0, k); 0 before any centre exists. */
  predictOne(x: Vector): number {
    if (!this.input.read(`${TAG}.predictOne`, x)) return 0;
    return nearestCenter(this.input.x, this.centroids, this.live, this.input.dim);
  }

  /** Copies of the centres that exist (k once initialised; none before the first record). */
  centers(): Float64Array[] {
    const d = this.input.dim;
    const out: Float64Array[] = [];
    for (let j = 0; j < this.live; j++) out.push(this.centroids.slice(j * d, j * d + d));
    return out;
  }

  private update(xs: Float64Array, d: number): void {
    const c = this.centroids;
    const j = nearestCenter(xs, c, this.live, d);
    const n = (this.counts[j] as number) + 1;
    this.counts[j] = n;
    const rate = Math.max(1 / n, this.floorRate);
    const row = j * d;
    for (let i = 0; i < d; i++) c[row + i] = (c[row + i] as number) + rate * ((xs[i] as number) - (c[row + i] as number));
  }

  /** k-means++ on the buffer, then the other buffered records learned in order. */
  private seed(d: number): void {
    const { k, initSize } = this.options;
    const chosen = new Int32Array(k);
    kMeansPlusPlus(this.buffer, initSize, d, k, this.random, this.centroids, chosen);
    this.counts.fill(1);
    this.live = k;
    const seeds = new Set(chosen);
    const x = new Float64Array(d);
    for (let p = 0; p < initSize; p++) {
      if (seeds.has(p)) continue;
      x.set(this.buffer.subarray(p * d, p * d + d));
      this.update(x, d);
    }
    this.buffer = EMPTY;
    this.buffered = 0;
  }

  private allocate(d: number): void {
    const { k, init, initSize } = this.options;
    this.centroids = new Float64Array(k * d);
    this.counts = new Float64Array(k);
    this.buffer = init === "kmeans++" ? new Float64Array(initSize * d) : EMPTY;
  }

  /** Layout (version 1): options; dim; live centres; centres (f64s); counts (f64s); buffered records (f64s); random state (f64s). */
  snapshot(): Uint8Array {
    const d = this.input.dim;
    return new SnapshotWriter(TAG, VERSION, this.options)
      .u32(d)
      .u32(this.live)
      .f64s(this.centroids)
      .f64s(this.counts)
      .f64s(this.buffer.subarray(0, this.buffered * d))
      .f64s(this.random.state())
      .finish();
  }

  static restore(bytes: Uint8Array): SequentialKMeans {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const m = new SequentialKMeans(options as SequentialKMeansOptions);
    const { k, init, initSize } = m.options;
    const dim = reader.u32();
    const live = reader.u32();
    const centroids = reader.f64s();
    const counts = reader.f64s();
    const buffered = reader.f64s();
    const state = reader.f64s();
    reader.end();
    const bad = (what: string): never => {
      throw new EstimatorConfigError(`${TAG}.restore: snapshot is inconsistent (${what})`);
    };
    if (dim === 0) {
      if (live !== 0 || centroids.length !== 0 || buffered.length !== 0) bad("state before the first record");
    } else {
      if (live > k || centroids.length !== k * dim || counts.length !== k) bad(`${centroids.length} centre values for k = ${k}, d = ${dim}`);
      if (buffered.length % dim !== 0 || buffered.length > initSize * dim || (buffered.length > 0 && (init !== "kmeans++" || live > 0))) bad("init buffer");
      m.input.fix(dim);
      m.allocate(dim);
      m.centroids.set(centroids);
      m.counts.set(counts);
      if (live === k) m.buffer = EMPTY;
      else m.buffer.set(buffered);
      m.buffered = buffered.length / dim;
      m.live = live;
    }
    m.random = Random.fromState(Array.from(state));
    return m;
  }
}
