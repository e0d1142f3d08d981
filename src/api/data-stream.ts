import type { Sink } from "../connectors/sinks/sink.js";
import { ConfigError } from "../errors.js";
import type { InputEdge, Transformation } from "../graph/transformation.js";
import { FilterOperator } from "../operators/filter.js";
import { FlatMapOperator } from "../operators/flat-map.js";
import { ForwardOperator } from "../operators/forward.js";
import { MapOperator } from "../operators/map.js";
import { ProcessOperator } from "../operators/process.js";
import { SinkOperator } from "../operators/sink.js";
import { TimestampsOperator } from "../operators/timestamps.js";
import { WatermarkStrategy } from "../time/watermark-strategy.js";
import type { Collector, Key, ProcessFunction } from "./functions.js";
import { KeyedStream } from "./keyed-stream.js";
import type { OutputTag } from "./output-tag.js";
import type { Pipeline } from "./pipeline.js";

/** The end of a stream: a sink, whose uid can be set for metrics and dead letters (Flink's `DataStreamSink`). @public */
export class DataStreamSink {
  /** @internal */
  constructor(private readonly transformation: Transformation) {}

  /** Sets the sink's uid (default "sink-<position>"). */
  uid(uid: string): this {
    if (typeof uid !== "string" || uid.length === 0) throw new ConfigError("uid: must be a non-empty string");
    this.transformation.uid = uid;
    return this;
  }
}

function requireFunction(where: string, name: string, fn: unknown): void {
  if (typeof fn !== "function") throw new ConfigError(`${where}: ${name} must be a function, got ${typeof fn}`);
}

/**
 * A stream of records of type `T` (Flink's `DataStream`). Every method adds an operator to the
 * pipeline and returns the new stream; nothing runs until `pipeline.run()`.
 * @public
 */
export class DataStream<T> {
  /** @internal */
  constructor(
    readonly pipeline: Pipeline,
    /** @internal */ readonly transformation: Transformation,
    /** @internal */ readonly tagId: string | null,
  ) {}

  /** @internal */
  edge(): InputEdge {
    return { from: this.transformation, tagId: this.tagId };
  }

  /** Sets the operator's uid (default: its kind and position, e.g. "map-3"), used in metrics and dead letters. */
  uid(uid: string): this {
    if (typeof uid !== "string" || uid.length === 0) throw new ConfigError("uid: must be a non-empty string");
    this.transformation.uid = uid;
    return this;
  }

  map<R>(fn: (value: T) => R): DataStream<R> {
    requireFunction("map", "fn", fn);
    return this.then<R>("map", () => new MapOperator(fn as (v: unknown) => unknown));
  }

  filter(predicate: (value: T) => boolean): DataStream<T> {
    requireFunction("filter", "predicate", predicate);
    return this.then<T>("filter", () => new FilterOperator(predicate as (v: unknown) => boolean));
  }

  /** Emits any number of records per input through `out.collect`. */
  flatMap<R>(fn: (value: T, out: Collector<R>) => void): DataStream<R> {
    requireFunction("flatMap", "fn", fn);
    return this.then<R>("flatMap", () => new FlatMapOperator(fn as (v: unknown, out: Collector<unknown>) => void));
  }

  /** Runs a {@link ProcessFunction}; its side outputs are read with `getSideOutput(tag)`. */
  process<R>(fn: ProcessFunction<T, R>): DataStream<R> {
    if (typeof fn?.processElement !== "function") throw new ConfigError("process: fn.processElement must be a function");
    return this.then<R>("process", () => new ProcessOperator(fn as ProcessFunction<unknown, unknown>));
  }

  /** Merges streams of the same type; the watermark is the minimum over the inputs that are not idle. */
  union(...others: DataStream<T>[]): DataStream<T> {
    for (const o of others) {
      if (o.pipeline !== this.pipeline) throw new ConfigError("union: all streams must belong to the same pipeline");
    }
    const inputs = [this.edge(), ...others.map((o) => o.edge())];
    const t = this.pipeline.add("union", inputs, "operator", () => new ForwardOperator());
    return new DataStream<T>(this.pipeline, t, null);
  }

  /**
   * Sets each record's event timestamp from `extract` (ms) and generates watermarks with
   * `strategy`. A record whose timestamp is not a finite number goes to the dead letters.
   */
  assignTimestamps(extract: (value: T) => number, strategy: WatermarkStrategy): DataStream<T> {
    requireFunction("assignTimestamps", "extract", extract);
    if (!(strategy instanceof WatermarkStrategy)) {
      throw new ConfigError("assignTimestamps: strategy must be a WatermarkStrategy, e.g. watermarks.boundedOutOfOrderness(5_000)");
    }
    return this.then<T>("timestamps", () => new TimestampsOperator(extract as (v: unknown) => number, strategy));
  }

  /** Partitions the stream by key; keyed operators keep state per key. */
  keyBy<K extends Key>(selector: (value: T) => K): KeyedStream<K, T> {
    requireFunction("keyBy", "selector", selector);
    return new KeyedStream<K, T>(this, selector);
  }

  /** Sends every record to a callback or a {@link Sink}. A throwing callback dead-letters the record. */
  sink(target: ((value: T) => void) | Sink<T>): DataStreamSink {
    if (typeof target !== "function" && typeof target?.writeBatch !== "function") {
      throw new ConfigError("sink: target must be a function or a Sink with writeBatch()");
    }
    return new DataStreamSink(this.pipeline.add("sink", [this.edge()], "operator", () => new SinkOperator(target as Sink<unknown>)));
  }

  /** The side output `tag` of this stream's operator (late data of a window, `ctx.output` of a process function). */
  getSideOutput<X>(tag: OutputTag<X>): DataStream<X> {
    return new DataStream<X>(this.pipeline, this.transformation, tag.id);
  }

  /** @internal */
  then<R>(name: string, create: Transformation["create"]): DataStream<R> {
    const t = this.pipeline.add(name, [this.edge()], "operator", create);
    return new DataStream<R>(this.pipeline, t, null);
  }
}
