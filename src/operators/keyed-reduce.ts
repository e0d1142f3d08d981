import type { Key, ReduceFunction } from "../api/functions.js";
import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import { ForwardingOperator } from "../runtime/operator.js";
import { readOperatorState, type OperatorState } from "../state/operator-state.js";
import { invalidKeyReason, type KeySelectorFn } from "./key.js";

/** What {@link KeyedReduceOperator.snapshotState} returns: the reduced value so far per key, in key order. */
interface KeyedReduceState extends OperatorState {
  readonly current: Map<Key, unknown>;
}

const KIND = "keyed-reduce";
const VERSION = 1;

/** Rolling reduce per key: emits the running reduced value after every record (Flink `KeyedStream.reduce`). @internal */
export class KeyedReduceOperator extends ForwardingOperator {
  private readonly current = new Map<Key, unknown>();

  constructor(
    private readonly keySelector: KeySelectorFn,
    private readonly reduce: ReduceFunction<unknown>,
  ) {
    super();
  }

  processBatch(batch: Batch): void {
    const { values, timestamps, length } = batch;
    const ctx = this.ctx;
    let failed = 0;
    let i = 0;
    while (i < length) {
      try {
        for (; i < length; i++) {
          const value = values[i];
          const key = this.keySelector(value);
          const bad = invalidKeyReason(key);
          if (bad !== null) {
            failed++;
            ctx.deadLetter(value, bad);
            continue;
          }
          const prev = this.current.get(key);
          const next = prev === undefined && !this.current.has(key) ? value : this.reduce(prev, value);
          this.current.set(key, next);
          ctx.emit(next, timestamps[i] as number);
        }
      } catch (error) {
        failed++;
        ctx.deadLetter(values[i], `reduce function threw ${describeError(error)}`);
        i++;
      }
    }
    ctx.counters.out += length - failed;
  }

  snapshotState(): KeyedReduceState {
    return { kind: KIND, version: VERSION, current: new Map(this.current) };
  }

  restoreState(state: unknown): void {
    const s = readOperatorState<KeyedReduceState>(state, KIND, VERSION);
    this.current.clear();
    for (const [key, value] of s.current) this.current.set(key, value);
  }
}
