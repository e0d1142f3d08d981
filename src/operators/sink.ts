import type { Sink } from "../connectors/sinks/sink.js";
import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import { ForwardingOperator } from "../runtime/operator.js";

/** Hands records to a callback, or batches of records to a {@link Sink}. @internal */
export class SinkOperator extends ForwardingOperator {
  constructor(private readonly target: ((value: unknown) => void) | Sink<unknown>) {
    super();
  }

  processBatch(batch: Batch): void {
    const { values, length } = batch;
    const target = this.target;
    if (typeof target !== "function") {
      const records = values.slice(0, length);
      let work: void | Promise<void>;
      try {
        work = target.writeBatch(records);
      } catch (error) {
        // A synchronous throw is about these records (a format function failing); I/O errors reject.
        const reason = `${target.description} threw ${describeError(error)}`;
        for (const record of records) this.ctx.deadLetter(record, reason);
        return;
      }
      if (work !== undefined) this.ctx.waitFor(work);
      this.ctx.counters.out += length;
      return;
    }
    let failed = 0;
    let i = 0;
    while (i < length) {
      try {
        for (; i < length; i++) target(values[i]);
      } catch (error) {
        failed++;
        this.ctx.deadLetter(values[i], `sink callback threw ${describeError(error)}`);
        i++;
      }
    }
    this.ctx.counters.out += length - failed;
  }

  override processWatermark(): void {}

  override close(): void | Promise<void> {
    if (typeof this.target !== "function") return this.target.close?.();
  }
}
