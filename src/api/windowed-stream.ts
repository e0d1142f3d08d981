import type { AnomalyDetector } from "../../algorithms/base/estimator.js";
import { ConfigError } from "../errors.js";
import { FEATURE_STATS, features, type FeatureStat } from "../mining/features.js";
import { windowInput } from "../mining/inputs.js";
import { miningPlan, type MiningMode } from "../mining/plan.js";
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
  WindowFeatureOptions,
  WindowFeatures,
} from "../mining/types.js";
import type { KeySelectorFn } from "../operators/key.js";
import { SliceWindowAggregateOperator } from "../operators/slice-window-aggregate.js";
import { WindowOperator } from "../operators/window.js";
import type { Operator } from "../runtime/operator.js";
import type { WindowAssigner } from "../windows/assigners.js";
import type { Trigger } from "../windows/triggers/index.js";
import { reduceAsAggregate, type WindowFunctionSpec } from "../windows/window-function.js";
import type { DataStream } from "./data-stream.js";
import type { AggregateFunction, Key, ProcessWindowFunction, ReduceFunction, WindowResult } from "./functions.js";
import type { KeyedStream } from "./keyed-stream.js";
import type { OutputTag } from "./output-tag.js";

/**
 * A keyed stream cut into windows (Flink's `WindowedStream`). Configure lateness, the late
 * side output and the trigger, then finish with `aggregate`, `reduce` or `process`.
 *
 * @remarks
 * A time window `[start, end)` fires when the watermark reaches `end − 1`. A record is late when
 * every window it would join has `end − 1 + allowedLateness ≤ watermark`; late records go to the
 * side output set with `sideOutputLateData`, or are counted as `late` and dropped. A record that
 * arrives within the allowed lateness re-fires its (already fired) window at once with the updated
 * result. Window state is purged at `end − 1 + allowedLateness`.
 *
 * The mining operators (`learn`, `predict`, `score`, `detect`) work on windows as
 * {@link KeyedStream}'s do on records: each fired window's {@link features} (`features` option:
 * the fields, `stats`: which statistics, `rate` per second of the assigner's size) is one vector
 * for the key's model, and the output carries the `window`. Two operators are added: the window
 * aggregate (uid `<uid>-features` when `uid` is given) and the keyed model. A window re-fired by
 * allowed-late data is scored (and learned) again.
 * @public
 */
export class WindowedStream<K extends Key, T> {
  private latenessMs = 0;
  private lateTag: OutputTag<T> | null = null;

  /** @internal */
  constructor(
    private readonly keyed: KeyedStream<K, T>,
    private assigner: WindowAssigner,
  ) {}

  /** How long after a window fires records may still join it, in ms of event time; default 0. */
  allowedLateness(ms: number): this {
    if (typeof ms !== "number" || !(ms >= 0) || !Number.isFinite(ms)) {
      throw new ConfigError(`allowedLateness: ms must be a finite number ≥ 0, got ${String(ms)}`);
    }
    if (ms > 0 && !this.assigner.isEventTime) {
      throw new ConfigError("allowedLateness: only event-time windows have lateness; processing-time windows never see late data");
    }
    this.latenessMs = ms;
    return this;
  }

  /** Sends records that are too late for every window to the side output `tag` of the result stream. */
  sideOutputLateData(tag: OutputTag<T>): this {
    this.lateTag = tag;
    return this;
  }

  /** Replaces the assigner's default trigger. */
  trigger(trigger: Trigger<T>): this {
    this.assigner = this.assigner.trigger(trigger as Trigger<never>);
    return this;
  }

  /** Incrementally aggregates each window; emits `{ key, window, value }` per fired window. */
  aggregate<A, R>(fn: AggregateFunction<T, A, R>): DataStream<WindowResult<K, R>> {
    for (const m of ["createAccumulator", "add", "getResult"] as const) {
      if (typeof fn?.[m] !== "function") throw new ConfigError(`aggregate: AggregateFunction.${m} must be a function`);
    }
    if (this.assigner.isMerging && typeof fn.merge !== "function") {
      throw new ConfigError("aggregate: session windows merge, so AggregateFunction.merge must be a function");
    }
    return this.build({ kind: "aggregate", aggregate: fn as AggregateFunction<unknown, unknown, unknown> }, "window");
  }

  /** Reduces each window's records pairwise; emits `{ key, window, value }` per fired window. */
  reduce(fn: ReduceFunction<T>): DataStream<WindowResult<K, T>> {
    if (typeof fn !== "function") throw new ConfigError("reduce: fn must be a function");
    return this.aggregate(reduceAsAggregate(fn) as AggregateFunction<T, unknown, T>);
  }

  /** Evaluates each window over all its buffered records. */
  process<R>(fn: ProcessWindowFunction<T, R, K>): DataStream<R> {
    if (typeof fn?.process !== "function") throw new ConfigError("process: ProcessWindowFunction.process must be a function");
    return this.build({ kind: "process", process: fn as ProcessWindowFunction<unknown, unknown, unknown> }, "window-process");
  }

  /** Trains one model per key on each window's feature vector; emits `{ key, ts, window, model, n }` (see {@link KeyedStream.learn}). */
  learn<M extends Learner>(factory: () => M, options: WindowFeatureOptions<T> & LearnOptions<WindowFeatures<K>, M>): DataStream<Learned<K>> {
    return this.mine("learn", factory, undefined, options);
  }

  /** Predicts from each window's feature vector with one model per key (see {@link KeyedStream.predict}). */
  predict<M extends Predictor>(
    factory: () => M,
    options: WindowFeatureOptions<T> & PredictOptions<WindowFeatures<K>, M>,
  ): DataStream<Prediction<K, PredictionOf<M>, TargetOf<M>>> {
    return this.mine("predict", factory, undefined, options);
  }

  /** Scores each window's feature vector with one detector per key (see {@link KeyedStream.score}). */
  score<M extends AnomalyDetector>(factory: () => M, options: WindowFeatureOptions<T> & ScoreOptions): DataStream<Scored<K>> {
    return this.mine("score", factory, undefined, options);
  }

  /**
   * Flags anomalous windows: each window's feature vector is scored by one detector per key and
   * compared with `threshold` (see {@link KeyedStream.detect}); emits `{ key, ts, window, score,
   * isAnomaly, threshold, model, explanation? }`, `ts` being the window's `end − 1`, and an
   * explanation's `names` being the feature names (`"temp.mean"`…).
   * @example
   * ```ts
   * import { Pipeline, fromIterable, tumbling, watermarks, type Detection } from "streamine";
   * import { EWZScore } from "streamine/algorithms";
   * // one reading a second per machine; machine m2 runs hot from minute 50 on
   * const readings = Array.from({ length: 2 * 3_600 }, (_, i) => {
   *   const s = Math.floor(i / 2);
   *   const machine = i % 2 === 0 ? "m1" : "m2";
   *   const hot = machine === "m2" && s >= 50 * 60 && s < 51 * 60;
   *   return { machine, ts: s * 1_000, temp: (hot ? 90 : 60) + (s % 7) };
   * });
   * const p = Pipeline.create({ name: "hot-minutes" });
   * const flagged: Detection<string>[] = [];
   * p.source(fromIterable(readings))
   *   .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(1_000))
   *   .keyBy((r) => r.machine)
   *   .window(tumbling(60_000))
   *   .detect(() => new EWZScore({ fading: 0.1 }), 4, {
   *     features: ["temp"],
   *     stats: ["mean"], // one feature per window: the mean temperature
   *     order: "score-then-learn",
   *     model: "hot",
   *   })
   *   .filter((d) => d.isAnomaly)
   *   .sink((d) => flagged.push(d));
   * await p.run();
   * expect(flagged.map((d) => [d.key, d.window?.start])).toEqual([["m2", 50 * 60_000]]);
   * expect(flagged[0]?.ts).toBe(51 * 60_000 - 1);
   * ```
   */
  detect<M extends AnomalyDetector>(factory: () => M, threshold: Threshold, options: WindowFeatureOptions<T> & DetectOptions): DataStream<Detection<K>> {
    return this.mine("detect", factory, threshold, options);
  }

  /**
   * Checks the mining plan first (nothing is added on a mistake), then adds the features
   * aggregate and the keyed model operator. `rate` needs the window length: the assigner's size.
   */
  private mine<R>(mode: MiningMode, factory: unknown, threshold: unknown, options: unknown): DataStream<R> {
    const plan = miningPlan(mode, factory, threshold, options, windowInput);
    const o = options as { features?: unknown; stats?: readonly FeatureStat[] };
    if (o.features === undefined) throw new ConfigError(`${mode}: give features, the fields each window summarises, e.g. { features: ["temp"] }`);
    const stats = o.stats ?? FEATURE_STATS;
    const fixedSize = this.assigner.kind === "tumbling" || this.assigner.kind === "sliding";
    if (!fixedSize && Array.isArray(stats) && stats.includes("rate")) {
      throw new ConfigError(`${mode}: "rate" is per second of window and ${this.assigner.description} windows have no fixed size: give stats without "rate"`);
    }
    const agg = features(o.features as readonly (keyof T & string)[], fixedSize ? { stats, windowMs: this.assigner.sizeMs } : { stats });
    const windows = this.aggregate(agg);
    if (plan.uid !== null) windows.uid(`${plan.uid}-features`);
    return windows.keyBy((r) => r.key).minePlan<R>(plan);
  }

  private build<R>(spec: WindowFunctionSpec, name: string): DataStream<R> {
    const selector = this.keyed.keySelector as KeySelectorFn;
    const assigner = this.assigner;
    const lateness = this.latenessMs;
    const lateTagId = this.lateTag?.id ?? null;
    const sliced =
      spec.kind === "aggregate" &&
      assigner.isEventTime &&
      assigner.customTrigger === null &&
      (assigner.kind === "tumbling" || (assigner.kind === "sliding" && typeof spec.aggregate.merge === "function"));
    const create = (): Operator =>
      sliced && spec.kind === "aggregate"
        ? new SliceWindowAggregateOperator(selector, assigner, spec.aggregate, lateness, lateTagId)
        : new WindowOperator(selector, assigner, spec, lateness, lateTagId);
    return this.keyed.input.then<R>(name, create);
  }
}
