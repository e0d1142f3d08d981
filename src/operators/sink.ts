import type { Sink } from "../connectors/sinks/sink.js";
import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import { ForwardingOperator, type OperatorContext } from "../runtime/operator.js";

/** Hands records to a callback, or batches of records to a {@link Sink}. @internal */
export class SinkOperator extends ForwardingOperator {
  constructor(private readonly target: ((value: unknown) => void) | Sink<unknown>) {
    super();
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    if (typeof this.target === "function") return;
    this.target.open?.({
      checkpointing: ctx.checkpointing,
      deadLetter: (record, reason) => {
        // It was counted as written when its batch was handed over.
        ctx.counters.out--;
        ctx.deadLetter(record, reason);
      },
    });
  }

  snapshotState(checkpointId: number): unknown {
    const target = this.target;
    if (typeof target === "function" || target.snapshotState === undefined) return undefined;
    const { state, ready } = target.snapshotState(checkpointId);
    if (ready !== undefined) this.ctx.waitFor(ready);
    return { sink: state };
  }

  restoreState(state: unknown): void {
    const target = this.target;
    if (typeof target === "function" || target.restoreState === undefined) {
      throw new Error(`the sink ${typeof target === "function" ? "callback" : target.description} cannot restore checkpointed state`);
    }
    target.restoreState((state as { sink: unknown }).sink);
  }

  notifyCheckpointComplete(checkpointId: number): void {
    const target = this.target;
    if (typeof target === "function" || target.commit === undefined) return;
    const work = target.commit(checkpointId);
    if (work !== undefined) this.ctx.waitFor(work);
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
