import type {
  ListState,
  ListStateDescriptor,
  MapState,
  MapStateDescriptor,
  ValueState,
  ValueStateDescriptor,
} from "../state/descriptors.js";
import type { TimeWindow } from "../windows/time-window.js";
import type { OutputTag } from "./output-tag.js";

/** Receives the outputs of flatMap and process functions. @public */
export interface Collector<T> {
  collect(value: T): void;
}

/** Keys must compare by value: strings, numbers, bigints or booleans. @public */
export type Key = string | number | bigint | boolean;

/**
 * An incremental aggregate (Flink's `AggregateFunction`, Arquero's `{init, add, value}`).
 *
 * @remarks
 * `add` may update the accumulator in place and must return it. `merge(a, b)` may update and
 * return `a` but must not modify `b`; it is needed by session windows and by sliding windows
 * (slices are merged into windows) — without it sliding windows keep one accumulator per window.
 * `getResult` must not modify the accumulator: a window re-fires when allowed-late data arrives.
 * @example
 * ```ts
 * import type { AggregateFunction } from "streamine";
 * const sum: AggregateFunction<{ v: number }, number, number> = {
 *   createAccumulator: () => 0,
 *   add: (r, acc) => acc + r.v,
 *   merge: (a, b) => a + b,
 *   getResult: (acc) => acc,
 * };
 * expect(sum.getResult(sum.add({ v: 2 }, sum.createAccumulator()))).toBe(2);
 * ```
 * @public
 */
export interface AggregateFunction<IN, ACC, OUT> {
  createAccumulator(): ACC;
  add(value: IN, accumulator: ACC): ACC;
  getResult(accumulator: ACC): OUT;
  merge?(a: ACC, b: ACC): ACC;
}

/** Combines two values of the same type; must not modify either. @public */
export type ReduceFunction<T> = (a: T, b: T) => T;

/** A window's result on the main output of `aggregate` and `reduce`. @public */
export interface WindowResult<K, R> {
  readonly key: K;
  readonly window: TimeWindow;
  readonly value: R;
}

/** What a {@link ProcessFunction} sees about the current record. @public */
export interface ProcessContext {
  /** Event timestamp of the current record, or NaN before `assignTimestamps`. */
  timestamp(): number;
  currentWatermark(): number;
  /** Sends `value` to the side output `tag` (read it with `getSideOutput(tag)`). */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/** A record-at-a-time function with side outputs (Flink's `ProcessFunction`). @public */
export interface ProcessFunction<I, O> {
  processElement(value: I, ctx: ProcessContext, out: Collector<O>): void;
}

/** Timers of a keyed process function, scoped to the current key. @public */
export interface TimerService {
  currentWatermark(): number;
  currentProcessingTime(): number;
  registerEventTimeTimer(timeMs: number): void;
  deleteEventTimeTimer(timeMs: number): void;
  registerProcessingTimeTimer(timeMs: number): void;
  deleteProcessingTimeTimer(timeMs: number): void;
}

/** Keyed state handles, obtained once in `open`; their values follow the current key. @public */
export interface KeyedRuntimeContext {
  getState<V>(descriptor: ValueStateDescriptor<V>): ValueState<V>;
  getListState<V>(descriptor: ListStateDescriptor<V>): ListState<V>;
  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): MapState<UK, UV>;
}

/** Context of a keyed process function call. @public */
export interface KeyedProcessContext<K> extends ProcessContext {
  getCurrentKey(): K;
  timerService(): TimerService;
}

/** Context of `onTimer`: which clock the timer belongs to. @public */
export interface OnTimerContext<K> extends KeyedProcessContext<K> {
  timeDomain(): "event" | "processing";
}

/**
 * A keyed function with state and timers (Flink's `KeyedProcessFunction`). Event-time timers
 * fire when the watermark reaches them, processing-time timers when the pipeline's clock does;
 * a timer is registered once per (key, time).
 * @public
 */
export interface KeyedProcessFunction<K, I, O> {
  open?(ctx: KeyedRuntimeContext): void;
  processElement(value: I, ctx: KeyedProcessContext<K>, out: Collector<O>): void;
  onTimer?(timestampMs: number, ctx: OnTimerContext<K>, out: Collector<O>): void;
}

/** Context of a {@link ProcessWindowFunction} call. @public */
export interface WindowContext {
  readonly window: TimeWindow;
  currentWatermark(): number;
  currentProcessingTime(): number;
  output<X>(tag: OutputTag<X>, value: X): void;
}

/**
 * Evaluates a window over all its buffered elements (Flink's `ProcessWindowFunction`). Slower
 * and larger than an aggregate: use it when the result needs every element (medians, sorting).
 * @public
 */
export interface ProcessWindowFunction<IN, OUT, K> {
  process(key: K, ctx: WindowContext, elements: readonly IN[], out: Collector<OUT>): void;
}
