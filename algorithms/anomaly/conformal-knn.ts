import type { AnomalyDetector } from "../base/estimator.js";
import { EstimatorConfigError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { Vector } from "../base/vector.js";
import { DenseInput } from "../kernels/dense-input.js";
import { KnnChannel } from "./conformal-knn-channel.js";
import { RecordHistory } from "./record-history.js";

/** Options of {@link ConformalKNN}. @public */
export interface ConformalKNNOptions {
  /**
   * One channel per entry: a channel compares the last `s` records (a shingle of s records) with
   * the shingles of the reference window. 1 is the "spatial" signal (is this value rare?), a
   * longer shingle the "temporal" one (is this recent sequence rare?). Default [1, 2, 19].
   */
  shingleSizes?: readonly number[];
  /** Reference window: each channel's nearest neighbours are sought among the shingles ending in the last `windowSize` records; default 1200. */
  windowSize?: number;
  /** Calibration: each channel ranks a nonconformity among its last `calibrationSize` ones; default 1200. */
  calibrationSize?: number;
  /** Nonconformity of a shingle: the sum of its squared distances to its `k` nearest reference shingles; default 10. */
  k?: number;
  /** A channel scores once its reference window holds this many shingles (at least k + 1); default 50. */
  warmUp?: number;
  /** After a score ≥ `alarmLevel`, the next `restPeriod` scores are multiplied by `restScale`: one event, one alarm. 0 turns it off; default 120. */
  restPeriod?: number;
  /** The score that starts a rest period; default 0.9965. */
  alarmLevel?: number;
  /** The factor on scores during a rest period, in (0, 1]: below alarmLevel they raise no new alarm, yet still rank above ordinary records; default 0.995. */
  restScale?: number;
  /** Weighs each feature's squared differences by 1 / its variance over the records learned (for features in different units); default false. */
  standardize?: boolean;
}

type Options = Required<ConformalKNNOptions>;

const DEFAULTS: Options = {
  shingleSizes: [1, 2, 19],
  windowSize: 1200,
  calibrationSize: 1200,
  k: 10,
  warmUp: 50,
  restPeriod: 120,
  alarmLevel: 0.9965,
  restScale: 0.995,
  standardize: false,
};
const TAG = "ConformalKNN";
const VERSION = 1;
const EMPTY = new Float64Array(0);

/**
 * Conformal k-nearest-neighbour anomaly detection over several shingle lengths, in the KNN-CAD
 * family (Ishimtsev, Bernstein, Burnaev & Nazarov 2017): a score is one minus a conformal p-value,
 * so it reads as a calibrated probability whatever the units of the data.
 *
 * @remarks
 * Each channel, for shingle size s, keeps the last `windowSize` shingles (runs of s consecutive
 * records). The nonconformity of the shingle ending at x is the sum of its squared Euclidean
 * distances to its `k` nearest reference shingles. Its conformal score is the fraction of the
 * channel's last `calibrationSize` nonconformities (those of the records learned before) that lie
 * below it, over (n + 1); above all of them it is 1 − (max / α) / (n + 1), so ranks beyond the
 * calibration set still order. The channels' scores are combined by Bonferroni: 1 − m·min(1 − sᵢ)
 * for m channels, floored at 0. So a score of 0.99 is about a 1 % false-alarm rate per record when
 * the stream is exchangeable.
 *
 * The default channels are 1 (NAB's "spatial" signal: a value unlike the recent values), 2 (a jump
 * unlike the recent ones: a single spike stands out of two-record shingles far more than of long
 * ones, where noise adds up) and 19 (the "temporal" signal: a recent sequence unlike the recent
 * sequences), and an alarm (score ≥ 0.9965) opens a rest period
 * of 120 records in which scores are multiplied by 0.995, so an event raises one alarm (KNN-CAD
 * silenced its scores likewise on NAB) while its later records still rank high; together they score
 * 62.19 standard on NAB v1.1 (`npm run nab -- --detector best`), above KNN-CAD's 58.0 and
 * Skyline's 58.2. Set `restPeriod: 0` for raw scores, e.g. to rank records.
 *
 * Cold start: a channel scores once s records have formed its first shingle, its window holds
 * `warmUp` shingles and one nonconformity is calibrated; 0 until some channel scores. `scoreOne`
 * changes no state; `learnOne` right after `scoreOne` of the same x reuses its work. Cost per
 * record: O(windowSize · Σs · d) for d features. State: the last windowSize + max(s) − 1 records,
 * and the calibration rings.
 *
 * @example
 * ```ts
 * import { ConformalKNN } from "streamine/algorithms";
 * const det = new ConformalKNN({ restPeriod: 0 });
 * const wave = (i: number) => [Math.sin((2 * Math.PI * i) / 50)];
 * for (let i = 0; i < 1_500; i++) det.learnOne(wave(i));
 * expect(det.scoreOne(wave(1_500))).toBeLessThan(0.99); // the usual cycle
 * expect(det.scoreOne([3])).toBeGreaterThan(0.999); // a value far outside it
 * ```
 * @see V. Ishimtsev, A. Bernstein, E. Burnaev, I. Nazarov, "Conformal k-NN Anomaly Detector for Univariate Data Streams", PMLR 60 (COPA 2017).
 * @see A. Lavin, S. Ahmad, "Evaluating Real-time Anomaly Detection Algorithms — the Numenta Anomaly Benchmark", IEEE ICMLA 2015.
 * @public
 */
export class ConformalKNN implements AnomalyDetector {
  static readonly testParams: readonly ConformalKNNOptions[] = [
    { shingleSizes: [1, 3], windowSize: 20, calibrationSize: 10, k: 2, warmUp: 3, restPeriod: 4, alarmLevel: 0.9, restScale: 0.5 },
    { shingleSizes: [2], windowSize: 8, calibrationSize: 30, k: 1, warmUp: 2, restPeriod: 0, standardize: true },
    {},
  ];

  readonly options: Readonly<Options>;
  private readonly input = new DenseInput();
  private history = new RecordHistory(0, 0);
  private channels: KnnChannel[] = [];
  /** For `standardize`: records learned, per-feature Σx and Σx², and the weights 1 / variance they give (1 for a constant feature). */
  private learned = 0;
  private sums: Float64Array = EMPTY;
  private squares: Float64Array = EMPTY;
  private weights: Float64Array = EMPTY;
  private restLeft = 0;
  /** The last scoreOne's raw score and nonconformities, valid while `cachedAt` equals `version`. */
  private version = 0;
  private cachedAt = -1;
  private cachedX: Float64Array = EMPTY;
  private cachedRaw = 0;
  private cachedNonconformity: Float64Array = EMPTY;

  /** @param options - see {@link ConformalKNNOptions}; defaults shingleSizes [1, 2, 19], windowSize 1200, calibrationSize 1200, k 10, warmUp 50, restPeriod 120, alarmLevel 0.9965, restScale 0.995, standardize false. */
  constructor(options?: ConformalKNNOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    const sizes = o.shingleSizes;
    checkOption(
      Array.isArray(sizes) && sizes.length >= 1 && sizes.every((s) => Number.isSafeInteger(s) && s >= 1) && new Set(sizes).size === sizes.length,
      where,
      "shingleSizes",
      "a non-empty array of distinct integers ≥ 1",
      sizes,
    );
    checkOption(Number.isSafeInteger(o.k) && o.k >= 1, where, "k", "an integer ≥ 1", o.k);
    checkOption(Number.isSafeInteger(o.windowSize) && o.windowSize > o.k, where, "windowSize", `an integer > k (${o.k})`, o.windowSize);
    checkOption(Number.isSafeInteger(o.calibrationSize) && o.calibrationSize >= 1, where, "calibrationSize", "an integer ≥ 1", o.calibrationSize);
    checkOption(Number.isSafeInteger(o.warmUp) && o.warmUp >= 1 && o.warmUp <= o.windowSize, where, "warmUp", `an integer in [1, windowSize (${o.windowSize})]`, o.warmUp);
    checkOption(Number.isSafeInteger(o.restPeriod) && o.restPeriod >= 0, where, "restPeriod", "an integer ≥ 0", o.restPeriod);
    checkOption(typeof o.alarmLevel === "number" && o.alarmLevel > 0 && o.alarmLevel <= 1, where, "alarmLevel", "a number in (0, 1]", o.alarmLevel);
    checkOption(typeof o.restScale === "number" && o.restScale > 0 && o.restScale <= 1, where, "restScale", "a number in (0, 1]", o.restScale);
    checkOption(typeof o.standardize === "boolean", where, "standardize", "true or false", o.standardize);
    this.options = Object.freeze({ ...o, shingleSizes: Object.freeze([...sizes]) });
  }

  /** The score of x (see remarks), in [0, 1]; 0 until some channel is warm. */
  scoreOne(x: Vector): number {
    if (!this.input.read(`${TAG}.scoreOne`, x)) return 0;
    const raw = this.rawScore(this.input.x);
    return this.restLeft > 0 ? raw * this.options.restScale : raw;
  }

  /** Learns x: its nonconformity joins each channel's calibration, the record joins the history, and an alarm-level score starts a rest period. */
  learnOne(x: Vector): void {
    const input = this.input;
    if (input.readToLearn(`${TAG}.learnOne`, x)) this.allocate(input.dim);
    const xs = input.x;
    const raw = this.rawScore(xs);
    const nonconformity = this.cachedNonconformity;
    for (let c = 0; c < this.channels.length; c++) {
      const a = nonconformity[c] as number;
      if (a >= 0) (this.channels[c] as KnnChannel).calibrate(a);
    }
    this.history.push(xs);
    if (this.options.standardize) this.learnScale(xs);
    if (this.restLeft > 0) this.restLeft--;
    else if (raw >= this.options.alarmLevel && this.options.restPeriod > 0) this.restLeft = this.options.restPeriod;
    this.version++;
  }

  /** Bonferroni over the warm channels; fills `cachedNonconformity` (−1 for a channel not scoring). */
  private rawScore(xs: Float64Array): number {
    if (this.cachedAt === this.version && sameVector(this.cachedX, xs)) return this.cachedRaw;
    const channels = this.channels;
    const m = channels.length;
    if (this.cachedNonconformity.length !== m) this.cachedNonconformity = new Float64Array(m);
    const nonconformity = this.cachedNonconformity;
    let minComplement = 1;
    let scored = false;
    for (let c = 0; c < m; c++) {
      const channel = channels[c] as KnnChannel;
      const a = channel.nonconformity(this.history, xs, this.options.standardize ? this.weights : null);
      nonconformity[c] = a;
      if (a >= 0 && channel.calibrated > 0) {
        scored = true;
        minComplement = Math.min(minComplement, 1 - channel.conformalScore(a));
      }
    }
    const raw = scored ? Math.max(0, 1 - m * minComplement) : 0;
    if (this.cachedX.length !== xs.length) this.cachedX = new Float64Array(xs.length);
    this.cachedX.set(xs);
    this.cachedRaw = raw;
    this.cachedAt = this.version;
    return raw;
  }

  private learnScale(xs: Float64Array): void {
    const { sums, squares } = this;
    this.learned++;
    for (let f = 0; f < xs.length; f++) {
      const v = xs[f] as number;
      sums[f] = (sums[f] as number) + v;
      squares[f] = (squares[f] as number) + v * v;
    }
    this.refreshWeights();
  }

  private allocate(dim: number): void {
    const o = this.options;
    const longest = Math.max(...o.shingleSizes);
    this.history = new RecordHistory(dim, o.windowSize + longest - 1);
    this.channels = o.shingleSizes.map((s) => new KnnChannel(s, o.windowSize, o.calibrationSize, o.k, o.warmUp));
    this.sums = new Float64Array(dim);
    this.squares = new Float64Array(dim);
    this.weights = new Float64Array(dim).fill(1);
  }

  /**
   * Layout (version 1): options; dim (0 before the first record); records learned; rest left;
   * the history (f64s, oldest first); per-feature Σx and Σx² (f64s); per channel its calibration ring (f64s, oldest first).
   */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options).u32(this.input.dim).f64(this.learned).u32(this.restLeft);
    w.f64s(this.history.oldestFirst()).f64s(this.sums).f64s(this.squares);
    for (const channel of this.channels) w.f64s(channel.calibrationOldestFirst());
    return w.finish();
  }

  static restore(bytes: Uint8Array): ConformalKNN {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const det = new ConformalKNN(options as ConformalKNNOptions);
    const dim = reader.u32();
    const learned = reader.f64();
    const restLeft = reader.u32();
    const history = reader.f64s();
    const sums = reader.f64s();
    const squares = reader.f64s();
    if (dim === 0) {
      reader.end();
      if (learned !== 0 || history.length !== 0) throw new EstimatorConfigError(`${TAG}.restore: snapshot has records but no dimension`);
      return det;
    }
    det.input.fix(dim);
    det.allocate(dim);
    if (history.length % dim !== 0 || history.length / dim > det.history.capacity) {
      throw new EstimatorConfigError(`${TAG}.restore: snapshot history of ${history.length} values does not fit ${dim} features × ${det.history.capacity} records`);
    }
    if (sums.length !== dim || squares.length !== dim) throw new EstimatorConfigError(`${TAG}.restore: snapshot holds sums for ${sums.length} features, expected ${dim}`);
    for (let i = 0; i < history.length; i += dim) det.history.push(history.subarray(i, i + dim));
    for (const channel of det.channels) channel.restoreCalibration(reader.f64s(), TAG);
    reader.end();
    det.learned = learned;
    det.restLeft = restLeft;
    det.sums.set(sums);
    det.squares.set(squares);
    if (det.options.standardize) det.refreshWeights();
    return det;
  }

  private refreshWeights(): void {
    const n = this.learned;
    if (n === 0) return;
    for (let f = 0; f < this.weights.length; f++) {
      const mean = (this.sums[f] as number) / n;
      const variance = (this.squares[f] as number) / n - mean * mean;
      this.weights[f] = variance > 1e-12 * (1 + mean * mean) ? 1 / variance : 1;
    }
  }
}

function sameVector(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
