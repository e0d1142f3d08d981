import { ConfigError } from "../errors.js";
import { KeyedProcessOperator } from "../operators/keyed-process.js";
import { KeyedReduceOperator } from "../operators/keyed-reduce.js";
import type { KeySelectorFn } from "../operators/key.js";
import { WindowAssigner } from "../windows/assigners.js";
import type { DataStream } from "./data-stream.js";
import type { Key, KeyedProcessFunction, ReduceFunction } from "./functions.js";
import { WindowedStream } from "./windowed-stream.js";

/**
 * A stream partitioned by key (Flink's `KeyedStream`): state, timers and windows are per key.
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
}
