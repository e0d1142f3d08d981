import type { Collector } from "../api/functions.js";
import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import { ForwardingOperator } from "../runtime/operator.js";

/**
 * Calls a function that may collect any number of outputs per record. Outputs collected before
 * a throw are kept (as in Flink); the failing record goes to the dead letters.
 * @internal
 */
export class FlatMapOperator extends ForwardingOperator implements Collector<unknown> {
  private timestamp = NaN;

  constructor(private readonly fn: (value: unknown, out: Collector<unknown>) => void) {
    super();
  }

  collect(value: unknown): void {
    this.ctx.emit(value, this.timestamp);
  }

  processBatch(batch: Batch): void {
    const { values, timestamps, length } = batch;
    const fn = this.fn;
    let failed = 0;
    let i = 0;
    while (i < length) {
      try {
        for (; i < length; i++) {
          this.timestamp = timestamps[i] as number;
          fn(values[i], this);
        }
      } catch (error) {
        failed++;
        this.ctx.deadLetter(values[i], `flatMap function threw ${describeError(error)}`);
        i++;
      }
    }
    this.ctx.counters.out += length - failed;
  }
}
