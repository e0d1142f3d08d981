import type { AnomalyDetector } from "../../algorithms/base/estimator.js";
import { ConfigError } from "../errors.js";
import { recordInput } from "../mining/inputs.js";
import { MiningFunction } from "../mining/mining-function.js";
import { miningPlan, type MiningMode, type MiningPlan } from "../mining/plan.js";
import type {
  Detection,
  DetectOptions,
  Learned,
  Learner,
  LearnOptions,
  Prediction,
  PredictionOf,
  PredictOptions,
  Predictor,
  Scored,
  ScoreOptions,
  TargetOf,
  Threshold,
  VectorOptions,
} from "../mining/types.js";
import { KeyedProcessOperator } from "../operators/keyed-process.js";
import { KeyedReduceOperator } from "../operators/keyed-reduce.js";
import type { KeySelectorFn } from "../operators/key.js";
import { WindowAssigner } from "../windows/assigners.js";
import type { DataStream } from "./data-stream.js";
import type { Key, KeyedProcessFunction, ReduceFunction } from "./functions.js";
import { WindowedStream } from "./windowed-stream.js";

/**
 * A stream partitioned by key (Flink's `KeyedStream`): state, timers and windows are per key.
 *
 * @remarks
 * The mining operators `learn`, `predict`, `score` and `detect` keep one model per key: the
 * factory builds it on the key's first record, keyed value state holds it live and checkpoints
 * it as its `snapshot()` bytes (restored with the class's static `restore`), and with `ttl` a
 * key idle that long loses its model (state TTL: memory stays bounded with unbounded keys). A
 * record the model refuses (NaN, wrong dimension), or whose `x`/`y` throws, goes to the dead
 * letters with the reason and changes nothing; counters reconcile (`in = out + deadLettered`).
 * The same methods exist on {@link WindowedStream}, fed each window's {@link features}.
 * @public
 */
export class KeyedStream<K extends Key, T> {
  /** @internal */
  constructor(
    /** @internal */ readonly input: DataStream<T>,
    /** @internal */ readonly keySelector: (value: T) => K,
  ) {}

  /** Runs a {@link KeyedProcessFunction} with keyed state and timers. */
  process<R>(fn: KeyedProcessFunction<K, T, R>): DataStream<R> {
    if (typeof fn?.processElement !== "function") throw new ConfigError("process: fn.processElement must be a function");
    const selector = this.keySelector as KeySelectorFn;
    return this.input.then<R>("keyed-process", () => new KeyedProcessOperator(selector, fn as unknown as KeyedProcessFunction<Key, unknown, unknown>));
  }

  /** Rolling reduce: emits the reduced value of the record's key after every record. */
  reduce(fn: ReduceFunction<T>): DataStream<T> {
    if (typeof fn !== "function") throw new ConfigError("reduce: fn must be a function");
    const selector = this.keySelector as KeySelectorFn;
    return this.input.then<T>("keyed-reduce", () => new KeyedReduceOperator(selector, fn as ReduceFunction<unknown>));
  }

  /** Groups each key's records into windows (tumbling, sliding, session, count, global…). */
  window(assigner: WindowAssigner): WindowedStream<K, T> {
    if (!(assigner instanceof WindowAssigner)) {
      throw new ConfigError("window: expected a window assigner such as tumbling(60_000), sliding(…), session(…), countWindow(…)");
    }
    return new WindowedStream<K, T>(this, assigner);
  }

  /**
   * Trains one model per key on every record (`learnOne(x)`, or `learnOne(x, y)` for a
   * supervised model, skipping records whose `y` is null/undefined); emits `{ key, ts, model, n }`
   * per learned record, `n` being how many records the key's model has learned.
   */
  learn<M extends Learner>(factory: () => M, options: VectorOptions<T> & LearnOptions<T, M>): DataStream<Learned<K>> {
    return this.mine("learn", factory, undefined, options);
  }

  /**
   * Predicts with one model per key and emits `{ key, ts, model, prediction, y? }`: `predictOne(x)`,
   * or a classifier's most probable label. With `y` the record is learned after it is predicted
   * (test-then-train), so a prediction never saw its own target.
   * @example
   * ```ts
   * import { Pipeline, fromIterable, type Prediction } from "streamine";
   * import { LinearRegression } from "streamine/algorithms";
   * // sales = 3 × visitors in store "a", 5 × visitors in store "b": one model per store, learned online
   * const rows = Array.from({ length: 2_000 }, (_, i) => {
   *   const store = i % 2 === 0 ? "a" : "b";
   *   const visitors = (i % 17) / 17;
   *   return { store, visitors, sales: (store === "a" ? 3 : 5) * visitors };
   * });
   * const p = Pipeline.create({ name: "sales" });
   * const last = new Map<string, Prediction<string, number, number>>();
   * p.source(fromIterable(rows))
   *   .keyBy((r) => r.store)
   *   .predict(() => new LinearRegression({ learningRate: 0.1 }), { x: ["visitors"], y: (r) => r.sales, model: "sales" })
   *   .sink((prediction) => last.set(prediction.key, prediction));
   * await p.run();
   * for (const store of ["a", "b"]) {
   *   const { prediction, y } = last.get(store) ?? { prediction: NaN, y: NaN };
   *   expect(prediction).toBeCloseTo(y ?? NaN, 1); // predicted before learning this row
   * }
   * ```
   */
  predict<M extends Predictor>(factory: () => M, options: VectorOptions<T> & PredictOptions<T, M>): DataStream<Prediction<K, PredictionOf<M>, TargetOf<M>>> {
    return this.mine("predict", factory, undefined, options);
  }

  /** Scores every record with one anomaly detector per key, learning it before or after (`order`); emits `{ key, ts, model, score }`. */
  score<M extends AnomalyDetector>(factory: () => M, options: VectorOptions<T> & ScoreOptions): DataStream<Scored<K>> {
    return this.mine("score", factory, undefined, options);
  }

  /**
   * Scores every record with one anomaly detector per key and decides with `threshold`: a number
   * (anomaly when score ≥ threshold) or a factory of one {@link Thresholder} per key (decides,
   * then learns the score). Emits `{ key, ts, model, score, isAnomaly, threshold, explanation? }`.
   *
   * @remarks
   * Per record, with `order: "score-then-learn"`: score, decide, explain, the thresholder learns
   * the score, the detector learns the record (not when flagged, with `protect`). With
   * `"learn-then-score"` the detector learns first. `explanation` is attached to flagged records
   * when the detector has `attribution(x)` (`RandomCutForest`): the score split over the vector's
   * entries, above (`high`) and below (`low`) the data, with the field `names` when `x` is given
   * as field names. A NaN score is dead-lettered; with learn-then-score the detector has learned
   * that record already.
   * @example
   * ```ts
   * import { Pipeline, fromIterable, type Detection } from "streamine";
   * import { EWZScore, QuantileFilter } from "streamine/algorithms";
   * const readings = Array.from({ length: 400 }, (_, i) => ({
   *   device: i % 2 === 0 ? "pump" : "fan",
   *   temp: i === 301 ? 95 : 20 + Math.sin(i), // one spike, on the fan
   * }));
   * const p = Pipeline.create({ name: "detect" });
   * const alarms: Detection<string>[] = [];
   * p.source(fromIterable(readings))
   *   .keyBy((r) => r.device)
   *   .detect(() => new EWZScore({ fading: 0.05 }), () => new QuantileFilter({ q: 0.995, windowSize: 100 }), {
   *     x: ["temp"],
   *     order: "score-then-learn",
   *     protect: true, // the detector does not learn what it flags
   *     ttl: { ttlMs: 3_600_000 }, // a device silent for an hour loses its model
   *   })
   *   .filter((d) => d.isAnomaly)
   *   .sink((d) => alarms.push(d));
   * await p.run();
   * expect(alarms.map((d) => d.key)).toEqual(["fan"]);
   * expect(alarms[0]).toMatchObject({ model: "EWZScore", isAnomaly: true });
   * expect(alarms[0]?.score).toBeGreaterThan(alarms[0]?.threshold ?? Infinity);
   * ```
   */
  detect<M extends AnomalyDetector>(factory: () => M, threshold: Threshold, options: VectorOptions<T> & DetectOptions): DataStream<Detection<K>> {
    return this.mine("detect", factory, threshold, options);
  }

  private mine<R>(mode: MiningMode, factory: unknown, threshold: unknown, options: unknown): DataStream<R> {
    return this.minePlan<R>(miningPlan(mode, factory, threshold, options, recordInput(mode, options)));
  }

  /** @internal Adds the mining operator of a checked plan (windowed streams check theirs before adding the window). */
  minePlan<R>(plan: MiningPlan): DataStream<R> {
    const selector = this.keySelector as KeySelectorFn;
    const stream = this.input.then<R>(plan.mode, () => {
      const fn = new MiningFunction(plan);
      return new KeyedProcessOperator(selector, fn, (error) => fn.failureReason(error));
    });
    return plan.uid === null ? stream : stream.uid(plan.uid);
  }
}
