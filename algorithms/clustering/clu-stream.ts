import type { Clusterer } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { Random } from "../base/random.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { nearestCenter } from "./nearest-center.js";
import { TemporalMicroClusters } from "./temporal-micro-clusters.js";
import { weightedKMeans } from "./weighted-k-means.js";

/** Options of {@link CluStream}. @public */
export interface CluStreamOptions {
  /** Macro-clusters k ≥ 1 found by the offline step; default 5 (River's `n_macro_clusters`). */
  k?: number;
  /** Micro-clusters q ≥ 2 kept online; default 100 (MOA's `maxNumKernels`, River's `max_micro_clusters`). */
  maxMicroClusters?: number;
  /** Time horizon in records: a micro-cluster whose relevance stamp is older than t − horizon may be replaced; default 1000 (MOA's `horizon`, River's `time_window`). */
  horizon?: number;
  /** Factor of the RMS deviation that makes a micro-cluster's maximum boundary, > 0; default 2 (MOA's `kernelRadiFactor`, River's `micro_cluster_r_factor`). */
  radiusFactor?: number;
  /** Records ≥ 1 buffered for the initial k-means into min(q, initSize) micro-clusters; default 100 (= the default q: MOA buffers q records). */
  initSize?: number;
  /** Runs of the offline weighted k-means++ + Lloyd, ≥ 1, the best kept; default 10. */
  restarts?: number;
  /** Seed of the k-means++ draws; default 0. */
  seed?: number;
}

type Options = Required<CluStreamOptions>;

const DEFAULTS: Options = { k: 5, maxMicroClusters: 100, horizon: 1000, radiusFactor: 2, initSize: 100, restarts: 3, seed: 0 };
const TAG = "CluStream";
const VERSION = 1;
const EMPTY = new Float64Array(0);

/** A micro-cluster as {@link CluStream.microClusters} reports it. @public */
export interface CluStreamMicroCluster {
  /** Its centre LS/n. */
  readonly center: Float64Array;
  /** The records it holds, n. */
  readonly weight: number;
  /** The RMS deviation of its records from the centre (the maximum boundary is `radiusFactor` times this). */
  readonly radius: number;
}

/**
 * CluStream (Aggarwal et al. 2003): an online step keeps q micro-clusters, CF vectors of the
 * records and of their arrival times; an offline step clusters the micro-cluster centres,
 * weighted by their sizes, into k macro-clusters by k-means.
 *
 * @remarks
 * Time is the record index t = 0, 1, 2, … (as MOA and River). The first `initSize` records are
 * buffered; k-means on them (k-means++ seeding, one Lloyd run) makes min(q, initSize)
 * micro-clusters, each the CF of the records assigned to it. Each later record is absorbed by its
 * nearest micro-cluster if within its maximum boundary, else it starts a new micro-cluster,
 * replacing one whose relevance stamp is older than the horizon or else after merging the two
 * closest (`TemporalMicroClusters` states the rules; the boundary uses the paper's RMS
 * deviation √(Σᵢ σᵢ²), where MOA and River average the per-dimension σᵢ). O(q·d) per record, and
 * O(q²·d) when two micro-clusters merge; no allocation.
 *
 * The offline step (weighted k-means++ seeding, weighted Lloyd, best of `restarts` runs on the
 * micro-cluster centres with weight n) runs when `centers` or `predictOne` is first called after
 * learning, and its result is cached until the next `learnOne`. Its draws come from a generator
 * seeded with `seed` afresh at each run (the initial k-means too), so the result is a function
 * of the micro-clusters alone: the cache and the generator hold no state that a snapshot would
 * need. It costs O(restarts·(iterations + k)·q·k·d) and allocates O(q + k·d) (0.05–0.08 ms per
 * restart measured at q = 100, k = 5, d = 2–10), so predicting after every record pays it each time.
 * With fewer than k micro-clusters there are as many macro-clusters as micro-clusters.
 * `predictOne` is the index of the nearest macro-cluster centre, in [0, k), and 0 before the
 * initial k-means. The dimension d is fixed by the first record.
 *
 * @example
 * ```ts
 * import { CluStream } from "streamine/algorithms";
 * const cs = new CluStream({ k: 2, maxMicroClusters: 4, initSize: 4 });
 * // k-means on the first 4 records: with q = 4 each is a micro-cluster of its own
 * for (const x of [[0, 0], [0, 7], [10, 10], [10, 11]]) cs.learnOne(x);
 * // (0, 2) is 2 from the singleton (0, 0), nearer than the 7 to (0, 0)'s nearest other centre: absorbed
 * cs.learnOne([0, 2]);
 * expect(cs.microClusters().map((m) => m.weight)).toEqual([2, 1, 1, 1]);
 * expect(Array.from(cs.microClusters()[0]?.center ?? [])).toEqual([0, 1]);
 * // offline: {(0, 1) × 2, (0, 7) × 1} and {(10, 10), (10, 11)}: weighted means (0, 3) and (10, 10.5)
 * const centres = cs.centers().map((c) => Array.from(c)).sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0));
 * expect(centres).toEqual([[0, 3], [10, 10.5]]);
 * expect(cs.predictOne([1, 1])).not.toBe(cs.predictOne([9, 9]));
 * ```
 * @see C. C. Aggarwal, J. Han, J. Wang, P. S. Yu (2003) "A framework for clustering evolving data streams", VLDB, 81–92.
 * @see MOA `moa.clusterers.clustream.Clustream` and River `cluster.CluStream`: the singleton boundary and the defaults.
 * @public
 */
export class CluStream implements Clusterer {
  static readonly testParams: readonly CluStreamOptions[] = [
    { k: 3, maxMicroClusters: 10, initSize: 20, restarts: 2 },
    { k: 2, maxMicroClusters: 6, horizon: 30, radiusFactor: 1, initSize: 3, restarts: 1, seed: 7 },
    { k: 4, maxMicroClusters: 8, horizon: 5, initSize: 8, restarts: 3, seed: 3 },
  ];

  readonly options: Readonly<Options>;
  private readonly input = new DenseInput();
  /** Records learned; the next record's timestamp. */
  private seen = 0;
  /** The first initSize records, row-major, until the initial k-means. */
  private buffer: Float64Array = EMPTY;
  private micro: TemporalMicroClusters | null = null;
  /** The offline step's result (macroCount × d), valid while `fresh`. */
  private macro: Float64Array = EMPTY;
  private macroCount = 0;
  private fresh = false;
  private assignment = new Int32Array(0);

  /** @param options - see {@link CluStreamOptions}; defaults: k 5, maxMicroClusters 100, horizon 1000, radiusFactor 2, initSize 100, restarts 3, seed 0. */
  constructor(options?: CluStreamOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isInteger(o.k) && o.k >= 1, where, "k", "an integer ≥ 1", o.k);
    checkOption(Number.isInteger(o.maxMicroClusters) && o.maxMicroClusters >= 2, where, "maxMicroClusters", "an integer ≥ 2 (two are merged to make room)", o.maxMicroClusters);
    checkOption(typeof o.horizon === "number" && Number.isFinite(o.horizon) && o.horizon >= 0, where, "horizon", "a finite number ≥ 0 (records)", o.horizon);
    checkOption(typeof o.radiusFactor === "number" && Number.isFinite(o.radiusFactor) && o.radiusFactor > 0, where, "radiusFactor", "a finite number > 0", o.radiusFactor);
    checkOption(Number.isInteger(o.initSize) && o.initSize >= 1, where, "initSize", "an integer ≥ 1", o.initSize);
    checkOption(Number.isInteger(o.restarts) && o.restarts >= 1, where, "restarts", "an integer ≥ 1", o.restarts);
    checkOption(Number.isSafeInteger(o.seed), where, "seed", "a safe integer", o.seed);
    this.options = o;
  }

  /** Learns one record (see remarks). */
  learnOne(x: Vector): void {
    const input = this.input;
    if (input.readToLearn(`${TAG}.learnOne`, x)) this.allocate(input.dim);
    const t = this.seen++;
    this.fresh = false;
    const d = input.dim;
    if (this.micro !== null) {
      this.micro.learn(input.x, t);
      return;
    }
    this.buffer.set(input.x, t * d);
    if (t + 1 === this.options.initSize) this.initialise(d);
  }

  /** The macro-cluster of x: the index of the nearest centre of {@link CluStream.centers}; 0 before the initial k-means. */
  predictOne(x: Vector): number {
    if (!this.input.read(`${TAG}.predictOne`, x)) return 0;
    this.offline();
    return nearestCenter(this.input.x, this.macro, this.macroCount, this.input.dim);
  }

  /** Copies of the macro-cluster centres (min(k, micro-clusters) of them; none before the initial k-means). */
  centers(): Float64Array[] {
    this.offline();
    const d = this.input.dim;
    const out: Float64Array[] = [];
    for (let j = 0; j < this.macroCount; j++) out.push(this.macro.slice(j * d, j * d + d));
    return out;
  }

  /** The micro-clusters, in storage order (none before the initial k-means). */
  microClusters(): CluStreamMicroCluster[] {
    const m = this.micro;
    if (m === null) return [];
    const { points, d } = m;
    const out: CluStreamMicroCluster[] = [];
    for (let j = 0; j < m.size; j++) {
      out.push({ center: points.centers.slice(j * d, j * d + d), weight: points.n[j] as number, radius: points.radius(j) });
    }
    return out;
  }

  /** Weighted k-means of the micro-cluster centres, unless cached. */
  private offline(): void {
    if (this.fresh) return;
    this.fresh = true;
    const m = this.micro;
    this.macroCount = m === null ? 0 : Math.min(this.options.k, m.size);
    if (m === null || this.macroCount === 0) return;
    const { points, d } = m;
    if (this.assignment.length < m.size) this.assignment = new Int32Array(m.q);
    const random = new Random(this.options.seed);
    weightedKMeans(points.centers, points.n, m.size, d, this.macroCount, random, this.macro, this.assignment, { restarts: this.options.restarts });
  }

  /** k-means on the buffered records makes the first micro-clusters. */
  private initialise(d: number): void {
    const { maxMicroClusters: q, initSize, radiusFactor, horizon, seed } = this.options;
    const k = Math.min(q, initSize);
    const labels = new Int32Array(initSize);
    const centres = new Float64Array(k * d);
    weightedKMeans(this.buffer, new Float64Array(initSize).fill(1), initSize, d, k, new Random(seed), centres, labels, { restarts: 1 });
    const micro = new TemporalMicroClusters(d, q, radiusFactor, horizon);
    micro.seed(this.buffer, initSize, labels, k);
    this.micro = micro;
    this.buffer = EMPTY;
  }

  private allocate(d: number): void {
    this.buffer = new Float64Array(this.options.initSize * d);
    this.macro = new Float64Array(this.options.k * d);
  }

  /** Layout (version 1): options; dim; records seen; buffered records (f64s); per micro-cluster n, LS, SS, LST, SST (f64s each). */
  snapshot(): Uint8Array {
    const d = this.input.dim;
    const m = this.micro;
    const rows = m === null ? 0 : m.size;
    const buffered = m === null ? this.seen : 0;
    return new SnapshotWriter(TAG, VERSION, this.options)
      .u32(d)
      .f64(this.seen)
      .f64s(this.buffer.subarray(0, buffered * d))
      .f64s(m === null ? EMPTY : m.points.n.subarray(0, rows))
      .f64s(m === null ? EMPTY : m.points.ls.subarray(0, rows * d))
      .f64s(m === null ? EMPTY : m.points.ss.subarray(0, rows * d))
      .f64s(m === null ? EMPTY : m.times.ls.subarray(0, rows))
      .f64s(m === null ? EMPTY : m.times.ss.subarray(0, rows))
      .finish();
  }

  static restore(bytes: Uint8Array): CluStream {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const c = new CluStream(options as CluStreamOptions);
    const { initSize, maxMicroClusters: q, radiusFactor, horizon } = c.options;
    const dim = reader.u32();
    const seen = reader.f64();
    const buffered = reader.f64s();
    const [n, ls, ss, lst, sst] = [reader.f64s(), reader.f64s(), reader.f64s(), reader.f64s(), reader.f64s()];
    reader.end();
    const bad = (what: string): never => {
      throw new EstimatorConfigError(`${TAG}.restore: snapshot is inconsistent (${what})`);
    };
    if (!Number.isSafeInteger(seen) || seen < 0) bad(`${seen} records seen`);
    if (dim === 0) {
      if (seen !== 0 || buffered.length !== 0 || n.length !== 0) bad("state before the first record");
      return c;
    }
    const rows = n.length;
    const buffering = seen < initSize;
    if (buffering && (buffered.length !== seen * dim || rows !== 0)) bad(`${buffered.length} buffered values after ${seen} records, d = ${dim}`);
    if (!buffering && (buffered.length !== 0 || rows < 1 || rows > q)) bad(`${rows} micro-clusters for maxMicroClusters = ${q}`);
    if (ls.length !== rows * dim || ss.length !== rows * dim || lst.length !== rows || sst.length !== rows) bad(`micro-cluster arrays for ${rows} rows, d = ${dim}`);
    c.input.fix(dim);
    c.allocate(dim);
    c.seen = seen;
    if (buffering) {
      c.buffer.set(buffered);
    } else {
      const micro = new TemporalMicroClusters(dim, q, radiusFactor, horizon);
      micro.points.load(n, ls, ss);
      micro.times.load(n, lst, sst);
      c.micro = micro;
      c.buffer = EMPTY;
    }
    return c;
  }
}
