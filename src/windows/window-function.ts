import type { AggregateFunction, ProcessWindowFunction, ReduceFunction } from "../api/functions.js";

/** What a windowed stream computes per window: an incremental aggregate or a function over all elements. @internal */
export type WindowFunctionSpec =
  | { readonly kind: "aggregate"; readonly aggregate: AggregateFunction<unknown, unknown, unknown> }
  | { readonly kind: "process"; readonly process: ProcessWindowFunction<unknown, unknown, unknown> };

const EMPTY: unique symbol = Symbol("empty");

/**
 * A reduce function as an aggregate whose accumulator is the reduced value so far
 * (Flink's `ReducingState`), so reduce windows share the aggregate paths.
 * @internal
 */
export function reduceAsAggregate<T>(reduce: ReduceFunction<T>): AggregateFunction<T, T | typeof EMPTY, T> {
  return {
    createAccumulator: () => EMPTY,
    add: (value, acc) => (acc === EMPTY ? value : reduce(acc, value)),
    merge: (a, b) => (a === EMPTY ? b : b === EMPTY ? a : reduce(a, b)),
    getResult: (acc) => {
      if (acc === EMPTY) throw new Error("reduce window fired with no elements");
      return acc;
    },
  };
}
