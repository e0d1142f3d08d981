import type { Clock } from "../time/clock.js";
import type { Batch } from "./batch.js";
import type { OperatorCounters } from "./counters.js";

/**
 * What a running operator can do: emit records and watermarks, send to side outputs and the
 * dead-letter output, schedule processing-time callbacks.
 * @internal
 */
export interface OperatorContext {
  readonly uid: string;
  readonly counters: OperatorCounters;
  readonly clock: Clock;
  readonly batchSize: number;
  /** Whether the pipeline takes checkpoints (sinks then write transactionally). */
  readonly checkpointing: boolean;
  /** Sends a record downstream (counted as emitted). */
  emit(value: unknown, timestampMs: number): void;
  /** Sends a whole batch downstream unchanged (pass-through operators). */
  emitBatch(batch: Batch): void;
  /** Makes the pipeline wait for `work` (an async sink write) before reading the next batch. */
  waitFor(work: Promise<unknown>): void;
  /** Sends a record to the side output `tagId`; dropped when nobody consumes that tag. */
  emitSide(tagId: string, value: unknown, timestampMs: number): void;
  /** Whether some stream consumes side output `tagId`. */
  hasSideOutput(tagId: string): boolean;
  /** Flushes pending records, then forwards the watermark to every output. */
  emitWatermark(watermarkMs: number): void;
  /** Marks this operator's output idle (or active again). */
  emitIdle(idle: boolean): void;
  /**
   * Sends `record` to the dead-letter output with `reason`. It counts as one of this operator's
   * dead-lettered inputs unless `isInput` is false (a failing timer callback, which had no input).
   */
  deadLetter(record: unknown, reason: string, isInput?: boolean): void;
  /** Runs `callback` at processing time `atMs`; outputs are flushed after it. Returns a cancel function. */
  scheduleProcessingTime(atMs: number, callback: () => void): () => void;
}

/**
 * A physical operator. Calls are synchronous and never overlap; a batch is only valid during
 * `processBatch`. Watermarks arrive already combined over inputs (minimum over active inputs).
 * @internal
 */
export interface Operator {
  open(ctx: OperatorContext): void;
  processBatch(batch: Batch, input: number): void;
  processWatermark(watermarkMs: number): void;
  /** Called once when the pipeline ends, after the final watermark. */
  close(): void | Promise<void>;
  /**
   * The operator's state for a checkpoint, taken between batches (never during a call above):
   * plain data that `node:v8`'s `serialize` can write (objects, arrays, Map, Set, typed arrays,
   * numbers including NaN/±Infinity, strings), never a live object it keeps using. Absent, or
   * `undefined` returned, for an operator without state.
   */
  snapshotState?(checkpointId: number): unknown;
  /**
   * Puts back what `snapshotState` returned (after a round trip through the codec), right after
   * `open` and before any record, watermark or timer. Processing-time timers are re-scheduled here.
   */
  restoreState?(state: unknown): void;
  /** Checkpoint `checkpointId` is durable: sinks make visible what they wrote up to it. */
  notifyCheckpointComplete?(checkpointId: number): void;
}

/** Base for operators that forward watermarks unchanged. @internal */
export abstract class ForwardingOperator implements Operator {
  protected ctx!: OperatorContext;

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }

  abstract processBatch(batch: Batch, input: number): void;

  processWatermark(watermarkMs: number): void {
    this.ctx.emitWatermark(watermarkMs);
  }

  close(): void | Promise<void> {}
}
