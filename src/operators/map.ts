import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import { ForwardingOperator } from "../runtime/operator.js";

/** Applies a function to every record; a throw sends the record to the dead letters. @internal */
export class MapOperator extends ForwardingOperator {
  constructor(private readonly fn: (value: unknown) => unknown) {
    super();
  }

  processBatch(batch: Batch): void {
    const { values, timestamps, length } = batch;
    const fn = this.fn;
    const ctx = this.ctx;
    let failed = 0;
    let i = 0;
    while (i < length) {
      try {
        for (; i < length; i++) ctx.emit(fn(values[i]), timestamps[i] as number);
      } catch (error) {
        failed++;
        ctx.deadLetter(values[i], `map function threw ${describeError(error)}`);
        i++;
      }
    }
    ctx.counters.out += length - failed;
  }
}
