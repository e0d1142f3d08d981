/**
 * Where records leave a pipeline. `writeBatch` gets a fresh array it may keep; returning a
 * promise makes the pipeline wait for it before reading more input (backpressure). `close` is
 * awaited when the pipeline ends.
 *
 * @remarks
 * A sink that takes part in checkpoints (exactly-once output, Flink's two-phase commit)
 * implements the optional hooks: `open` says whether the pipeline checkpoints; `snapshotState`
 * closes the current transaction (everything written since the last call) and describes what is
 * still uncommitted as plain data stored in the checkpoint; `commit` makes the transactions up to
 * a durable checkpoint visible; `restoreState`, after a crash, commits what the restored
 * checkpoint holds and discards anything written after it. A sink without them is at-least-once
 * under checkpoints: records after the last checkpoint are written again after a restart.
 * @public
 */
export interface Sink<T> {
  readonly description: string;
  writeBatch(values: T[]): void | Promise<void>;
  close?(): void | Promise<void>;
  /** Called once, before anything else. */
  open?(info: SinkOpenInfo): void;
  /** Ends the current transaction as part of checkpoint `checkpointId`; `ready` resolves once it is durable (pre-committed). */
  snapshotState?(checkpointId: number): { readonly state: unknown; readonly ready?: Promise<void> };
  /** Checkpoint `checkpointId` is durable: make every transaction up to it visible (idempotent). */
  commit?(checkpointId: number): void | Promise<void>;
  /** Puts the output back to exactly what the checkpoint holding `state` had committed, before any write. */
  restoreState?(state: unknown): void;
}

/** What {@link Sink.open} is told. @public */
export interface SinkOpenInfo {
  /** Whether the pipeline takes checkpoints. */
  readonly checkpointing: boolean;
  /**
   * Hands a record the sink could not deliver (after `writeBatch` returned, e.g. a publish that
   * failed for good) to the pipeline's dead letters with the reason; it then counts as
   * dead-lettered instead of written. Call it before the sink's `close` or checkpoint work settles.
   */
  deadLetter(record: unknown, reason: string): void;
}
