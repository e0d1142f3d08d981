import { ConfigError } from "../errors.js";
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
