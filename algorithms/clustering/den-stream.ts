import type { Clusterer } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { DampedMicroClusters } from "./damped-micro-clusters.js";
import { initialMicroClusters } from "./den-stream-init.js";
import { landingScore, mergeRecord, prune, pruningPeriod } from "./den-stream-online.js";
import { microClusterDbscan, weightedClusterMeans } from "./micro-cluster-dbscan.js";
import { nearestCenter } from "./nearest-center.js";

/** Options of {@link DenStream}. @public */
export interface DenStreamOptions {
  /** Decay rate λ > 0: a record weighs 2^(−λ·Δt) after Δt time units; default 0.25 (River's `decaying_factor`, MOA's `lambda`). */
  lambda?: number;
  /** ε > 0: the largest radius of a micro-cluster, and half the offline reach distance; default 0.02 (River, MOA: for features scaled to [0, 1]). */
  epsilon?: number;
  /** μ: the weight of a core micro-cluster; default 2 (River). */
  mu?: number;
  /** β in (0, 1]: a micro-cluster is potential when its weight is ≥ βμ, which must exceed 1; default 0.75 (River). */
  beta?: number;
  /** Records ≥ 1 buffered for the initial DBSCAN; default 1000 (River's `n_samples_init`, MOA's `initPoints`). */
  initSize?: number;
  /** Records per time unit, an integer ≥ 1; default 100 (River's `stream_speed`, MOA's `speed`). */
  streamSpeed?: number;
}

type Options = Required<DenStreamOptions>;

const DEFAULTS: Options = { lambda: 0.25, epsilon: 0.02, mu: 2, beta: 0.75, initSize: 1000, streamSpeed: 100 };
const TAG = "DenStream";
const VERSION = 1;
const EMPTY = new Float64Array(0);

/** A micro-cluster as {@link DenStream.microClusters} reports it. @public */
export interface DenStreamMicroCluster {
  readonly kind: "potential" | "outlier";
  /** Its centre LS/n. */
  readonly center: Float64Array;
  /** Its faded weight at the time of the next record. */
  readonly weight: number;
  /** The RMS deviation of its records from the centre (≤ ε). */
  readonly radius: number;
}

/**
 * DenStream (Cao et al. 2006): density-based clustering of an evolving stream with noise. Fading
 * micro-clusters of radius ≤ ε are kept online, potential ones (weight ≥ βμ) and outlier ones;
 * on demand, DBSCAN over the potential micro-clusters gives clusters of any shape. Where a record
 * would land doubles as an anomaly score.
 *
 * @remarks
 * Time: record i (from 0) arrives at t = ⌊i / streamSpeed⌋, and weighs 2^(−λ(t′ − t)) at t′.
 * The first `initSize` records are buffered, then scanned by `initialMicroClusters` into
 * the first potential micro-clusters. Each later record x (the paper's Merging, `mergeRecord`):
 * if the nearest potential micro-cluster (by centre) would keep a radius ≤ ε with x, it absorbs
 * x; else if the nearest outlier micro-cluster would, it absorbs x and becomes potential once its
 * weight is ≥ βμ; else x starts an outlier micro-cluster. Every Tp = ⌈(1/λ)·log₂(βμ/(βμ − 1))⌉
 * time units (at the first record of such a unit) `prune` deletes the potential
 * micro-clusters lighter than βμ, and the outlier ones created at t_o lighter than
 * ξ = (2^(−λ(t − t_o + Tp)) − 1)/(2^(−λ·Tp) − 1).
 * O((p + o)·d) per record for p potential and o outlier micro-clusters.
 *
 * Offline (run when `centers` or `predictOne` is first called after learning, cached until the
 * next `learnOne`): `microClusterDbscan` with the paper's rule — a potential micro-cluster
 * of weight ≥ μ is core, and reaches the potential micro-clusters within 2ε of its centre;
 * a non-core one joins its nearest reaching core. A cluster's centre is the weighted mean of its
 * micro-clusters' centres. `predictOne` is the index of the nearest cluster centre; 0 while there
 * is no cluster (before the initial scan, or when no micro-cluster is core).
 *
 * `scoreOne(x)` (higher = more anomalous, in [0, 3]) says where x would land if it were the next
 * record (`landingScore`), graded by u(r) = r/(r + ε) of a distance r: u(distance to the nearest
 * potential centre) when that micro-cluster would absorb x; 1 + u(distance to the nearest outlier
 * centre) when that one would; else 2 + u(distance to the nearest potential centre), 3 when there
 * is none. So a record in a dense region scores below 1, one in a sparse but recurring region in
 * [1, 2), and a record in empty space 2 or more, rising with its distance from the dense regions.
 * 0 before the initial scan. `scoreOne` and `predictOne` change no state. The dimension d is fixed by the
 * first record. No randomness.
 *
 * @example
 * ```ts
 * import { DenStream } from "streamine/algorithms";
 * const ds = new DenStream({ epsilon: 1, initSize: 6 });
 * // all at time 0 (100 records per time unit), each weighing 1
 * for (const x of [[0, 0], [0, 0.75], [0.75, 0], [5, 5], [5, 5.75], [5.75, 5]]) ds.learnOne(x);
 * // the initial scan: two neighbourhoods of weight 3 ≥ βμ = 1.5 make two potential micro-clusters,
 * // both core (3 ≥ μ = 2) and 7.07 apart (> 2ε): two clusters, centred on their means
 * expect(ds.centers().map((c) => Array.from(c))).toEqual([[0.25, 0.25], [5.25, 5.25]]);
 * expect(ds.predictOne([1, 1])).toBe(0);
 * expect(ds.predictOne([4, 4])).toBe(1);
 * ds.learnOne([20, 20]); // far from both: a new outlier micro-cluster
 * expect(ds.microClusters().map((m) => m.kind)).toEqual(["potential", "potential", "outlier"]);
 * expect(ds.scoreOne([0.1, 0.1])).toBeLessThan(1); // would join a potential micro-cluster
 * const nearOutlier = ds.scoreOne([20, 20.1]); // would join the outlier one
 * expect(nearOutlier >= 1 && nearOutlier < 2).toBe(true);
 * expect(ds.scoreOne([-20, 20])).toBeGreaterThanOrEqual(2); // would land nowhere
 * ```
 * @see F. Cao, M. Ester, W. Qian, A. Zhou (2006) "Density-based clustering over an evolving data stream with noise", SIAM SDM, 328–339.
 * @see River `cluster.DenStream` and MOA `moa.clusterers.denstream.WithDBSCAN`: the defaults.
 * @public
 */
export class DenStream implements Clusterer {
  static readonly testParams: readonly DenStreamOptions[] = [
    { epsilon: 0.6, initSize: 50, streamSpeed: 10 },
    { lambda: 0.05, epsilon: 1, mu: 3, beta: 0.5, initSize: 20, streamSpeed: 1 },
    { epsilon: 0.3, mu: 1.5, beta: 1, initSize: 10, streamSpeed: 5 },
  ];

  readonly options: Readonly<Options>;
  private readonly input = new DenseInput();
  /** Tp, the pruning period in time units. */
  private readonly period: number;
  /** βμ, the weight of a potential micro-cluster. */
  private readonly minPotential: number;
  /** Records learned. */
  private seen = 0;
  /** The first initSize records, row-major, until the initial scan. */
  private buffer: Float64Array = EMPTY;
  private potential: DampedMicroClusters | null = null;
  private outlier: DampedMicroClusters | null = null;
  /** The offline step's result, valid while `fresh`: cluster centres (clusterCount × d), and scratch. */
  private fresh = false;
  private clusterCount = 0;
  private clusterCenters: Float64Array = EMPTY;
  private weights: Float64Array = EMPTY;
  private labels = new Int32Array(0);

  /** @param options - see {@link DenStreamOptions}; defaults: lambda 0.25, epsilon 0.02, mu 2, beta 0.75, initSize 1000, streamSpeed 100. */
  constructor(options?: DenStreamOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    const positive = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v) && v > 0;
    checkOption(positive(o.lambda), where, "lambda", "a finite number > 0", o.lambda);
    checkOption(positive(o.epsilon), where, "epsilon", "a finite number > 0", o.epsilon);
    checkOption(positive(o.beta) && o.beta <= 1, where, "beta", "a number in (0, 1]", o.beta);
    checkOption(positive(o.mu) && o.beta * o.mu > 1, where, "mu", `a finite number with beta·mu > 1 (mu > ${1 / o.beta}), so that pruning has a period`, o.mu);
    checkOption(Number.isInteger(o.initSize) && o.initSize >= 1, where, "initSize", "an integer ≥ 1", o.initSize);
    checkOption(Number.isInteger(o.streamSpeed) && o.streamSpeed >= 1, where, "streamSpeed", "an integer ≥ 1 (records per time unit)", o.streamSpeed);
    this.options = o;
    this.minPotential = o.beta * o.mu;
    this.period = pruningPeriod(o.lambda, this.minPotential);
  }

  /** Learns one record (see remarks). */
  learnOne(x: Vector): void {
    const input = this.input;
    if (input.readToLearn(`${TAG}.learnOne`, x)) this.allocate(input.dim);
    const { initSize, streamSpeed } = this.options;
    const i = this.seen++;
    const t = Math.floor(i / streamSpeed);
    this.fresh = false;
    if (i < initSize) {
      this.buffer.set(input.x, i * input.dim);
      if (i + 1 === initSize) this.initialise(t);
      return;
    }
    const potential = this.potential as DampedMicroClusters;
    const outlier = this.outlier as DampedMicroClusters;
    mergeRecord(potential, outlier, input.x, t, this.options.epsilon, this.minPotential);
    if (i % streamSpeed === 0 && t > 0 && t % this.period === 0) prune(potential, outlier, t, this.period, this.minPotential);
  }

  /** The cluster of x: the index of the nearest centre of {@link DenStream.centers}; 0 while there is no cluster. */
  predictOne(x: Vector): number {
    if (!this.input.read(`${TAG}.predictOne`, x)) return 0;
    this.offline();
    return nearestCenter(this.input.x, this.clusterCenters, this.clusterCount, this.input.dim);
  }

  /** How anomalous x is, in [0, 3], by where it would land (see remarks); 0 before the initial scan. */
  scoreOne(x: Vector): number {
    if (!this.input.read(`${TAG}.scoreOne`, x) || this.seen < this.options.initSize || this.potential === null || this.outlier === null) return 0;
    return landingScore(this.potential, this.outlier, this.input.x, this.now(), this.options.epsilon);
  }

  /** Copies of the cluster centres (weighted means of their potential micro-clusters). */
  centers(): Float64Array[] {
    this.offline();
    const d = this.input.dim;
    const out: Float64Array[] = [];
    for (let c = 0; c < this.clusterCount; c++) out.push(this.clusterCenters.slice(c * d, c * d + d));
    return out;
  }

  /** The potential, then the outlier micro-clusters, weights as of the next record's time. */
  microClusters(): DenStreamMicroCluster[] {
    const out: DenStreamMicroCluster[] = [];
    const t = this.now();
    const d = this.input.dim;
    const list = (set: DampedMicroClusters | null, kind: DenStreamMicroCluster["kind"]): void => {
      if (set === null) return;
      for (let j = 0; j < set.size; j++) {
        out.push({ kind, center: set.cf.centers.slice(j * d, j * d + d), weight: set.weight(j, t), radius: set.cf.radius(j) });
      }
    };
    list(this.potential, "potential");
    list(this.outlier, "outlier");
    return out;
  }

  /** The time of the next record. */
  private now(): number {
    return Math.floor(this.seen / this.options.streamSpeed);
  }

  /** DBSCAN over the potential micro-clusters, unless cached. */
  private offline(): void {
    if (this.fresh) return;
    this.fresh = true;
    const p = this.potential;
    const n = p === null ? 0 : p.size;
    this.clusterCount = 0;
    if (p === null || n === 0) return;
    const d = this.input.dim;
    const { epsilon, mu } = this.options;
    if (this.weights.length < n) {
      this.weights = new Float64Array(p.cf.capacity);
      this.labels = new Int32Array(p.cf.capacity);
      this.clusterCenters = new Float64Array(p.cf.capacity * d);
    }
    const t = this.now();
    for (let j = 0; j < n; j++) this.weights[j] = p.weight(j, t);
    this.clusterCount = microClusterDbscan(p.cf.centers, this.weights, n, d, 2 * epsilon, mu, this.labels);
    weightedClusterMeans(p.cf.centers, this.weights, n, d, this.labels, this.clusterCount, this.clusterCenters);
  }

  private initialise(now: number): void {
    const { initSize, streamSpeed, epsilon } = this.options;
    const p = this.potential as DampedMicroClusters;
    initialMicroClusters(this.buffer, initSize, this.input.dim, streamSpeed, now, epsilon, this.minPotential, p);
    this.buffer = EMPTY;
  }

  private allocate(d: number): void {
    this.buffer = new Float64Array(this.options.initSize * d);
    this.potential = new DampedMicroClusters(d, this.options.lambda);
    this.outlier = new DampedMicroClusters(d, this.options.lambda);
  }

  /** Layout (version 1): options; dim; records seen; buffered records (f64s); for the potential, then the outlier micro-clusters: n, LS, SS, last update, creation (f64s each). */
  snapshot(): Uint8Array {
    const d = this.input.dim;
    const w = new SnapshotWriter(TAG, VERSION, this.options)
      .u32(d)
      .f64(this.seen)
      .f64s(this.buffer.subarray(0, this.seen < this.options.initSize ? this.seen * d : 0));
    for (const set of [this.potential, this.outlier]) {
      const rows = set === null ? 0 : set.size;
      w.f64s(set === null ? EMPTY : set.cf.n.subarray(0, rows))
        .f64s(set === null ? EMPTY : set.cf.ls.subarray(0, rows * d))
        .f64s(set === null ? EMPTY : set.cf.ss.subarray(0, rows * d))
        .f64s(set === null ? EMPTY : set.last.subarray(0, rows))
        .f64s(set === null ? EMPTY : set.created.subarray(0, rows));
    }
    return w.finish();
  }

  static restore(bytes: Uint8Array): DenStream {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const m = new DenStream(options as DenStreamOptions);
    const dim = reader.u32();
    const seen = reader.f64();
    const buffered = reader.f64s();
    const sets = [0, 1].map(() => ({ n: reader.f64s(), ls: reader.f64s(), ss: reader.f64s(), last: reader.f64s(), created: reader.f64s() }));
    reader.end();
    const bad = (what: string): never => {
      throw new EstimatorConfigError(`${TAG}.restore: snapshot is inconsistent (${what})`);
    };
    if (!Number.isSafeInteger(seen) || seen < 0) bad(`${seen} records seen`);
    const buffering = seen < m.options.initSize;
    if (dim === 0) {
      if (seen !== 0 || buffered.length !== 0 || sets.some((s) => s.n.length !== 0)) bad("state before the first record");
      return m;
    }
    if (buffered.length !== (buffering ? seen * dim : 0)) bad(`${buffered.length} buffered values after ${seen} records, d = ${dim}`);
    for (const s of sets) {
      const rows = s.n.length;
      if ((buffering && rows > 0) || s.ls.length !== rows * dim || s.ss.length !== rows * dim || s.last.length !== rows || s.created.length !== rows) {
        bad(`micro-cluster arrays for ${rows} rows, d = ${dim}`);
      }
    }
    m.input.fix(dim);
    m.allocate(dim);
    m.seen = seen;
    if (buffering) m.buffer.set(buffered);
    else m.buffer = EMPTY;
    [m.potential, m.outlier].forEach((set, k) => {
      const s = sets[k];
      if (set !== null && s !== undefined) set.load(s.n, s.ls, s.ss, s.last, s.created);
    });
    return m;
  }
}
