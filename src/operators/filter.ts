import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import { ForwardingOperator } from "../runtime/operator.js";

/** Keeps records for which the predicate is true; a throw sends the record to the dead letters. @internal */
export class FilterOperator extends ForwardingOperator {
  constructor(private readonly predicate: (value: unknown) => boolean) {
    super();
  }

  processBatch(batch: Batch): void {
    const { values, timestamps, length } = batch;
    const predicate = this.predicate;
    const ctx = this.ctx;
    let kept = 0;
    let failed = 0;
    let i = 0;
    while (i < length) {
      try {
        for (; i < length; i++) {
          if (predicate(values[i]) === true) {
            kept++;
            ctx.emit(values[i], timestamps[i] as number);
          }
        }
      } catch (error) {
        failed++;
        ctx.deadLetter(values[i], `filter predicate threw ${describeError(error)}`);
        i++;
      }
    }
    ctx.counters.out += kept;
    ctx.counters.filtered += length - kept - failed;
  }
}
