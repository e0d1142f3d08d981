import type { Batch } from "../runtime/batch.js";
import { ForwardingOperator } from "../runtime/operator.js";

/** Passes batches through unchanged: sources, union, the dead-letter stream. @internal */
export class ForwardOperator extends ForwardingOperator {
  processBatch(batch: Batch): void {
    this.ctx.counters.out += batch.length;
    this.ctx.emitBatch(batch);
  }
}
