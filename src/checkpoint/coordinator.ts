import type { SourcePosition, SourceReader } from "../connectors/sources/source.js";
import { CheckpointError } from "../errors.js";
import type { Runtime } from "../runtime/runtime.js";
import { decodeCheckpoint, encodeCheckpoint } from "./codec.js";
import type { CheckpointStorage } from "./fs-storage.js";

/** When to take checkpoints and what to do with state that has no operator. @internal */
export interface CheckpointPolicy {
  readonly everyMs: number;
  readonly everyRecords: number;
  readonly allowNonRestoredState: boolean;
}

/**
 * Takes consistent checkpoints of one run (Flink's CheckpointCoordinator, in one process). The
 * runtime is synchronous, so between two batches every operator has processed exactly the
 * records every source has handed out: a snapshot taken there is aligned without barriers.
 * Steps: snapshot operators and source positions and encode them (synchronously, so nothing
 * moves meanwhile); wait for the sinks' pre-commits; write the file atomically; tell the
 * operators it is durable (sinks commit). One checkpoint at a time; ids increase across restarts.
 * @internal
 */
export class CheckpointCoordinator {
  private readonly readers = new Map<string, SourceReader<unknown>>();
  /** Each source's position after the last batch the runtime took in (not merely read). */
  private readonly positions = new Map<string, SourcePosition | null>();
  private nextId = 1;
  private recordsSince = 0;
  private lastAtMs: number;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly runtime: Runtime,
    private readonly storage: CheckpointStorage,
    private readonly policy: CheckpointPolicy,
    private readonly pipeline: string,
    private readonly now: () => number,
  ) {
    this.lastAtMs = now();
  }

  /**
   * Restores the runtime from the newest checkpoint, if any, and returns each source's position
   * by uid (null: start from the beginning). Fails, naming the file and the operator, rather than
   * starting afresh when the checkpoint cannot be used.
   */
  async restore(): Promise<Map<string, SourcePosition | null>> {
    const positions = new Map<string, SourcePosition | null>();
    const latest = await this.storage.latest();
    if (latest === null) return positions;
    const data = decodeCheckpoint(latest.bytes, latest.name);
    if (data.pipeline !== this.pipeline) {
      throw new CheckpointError(`checkpoint "${latest.name}" belongs to pipeline "${data.pipeline}", not "${this.pipeline}"`);
    }
    try {
      this.runtime.restore(data.operators, this.policy.allowNonRestoredState);
    } catch (error) {
      throw new CheckpointError(`cannot restore checkpoint "${latest.name}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    for (const s of data.sources) positions.set(s.uid, s.position);
    this.nextId = data.id + 1;
    return positions;
  }

  /** Registers the reader of source `uid`, opened at `from` (null: the beginning). */
  track(uid: string, reader: SourceReader<unknown>, from: SourcePosition | null): void {
    this.readers.set(uid, reader);
    this.positions.set(uid, from);
  }

  /**
   * Source `uid` injected a batch: its reader's position now matches the operators' state. Asked
   * here, synchronously after the injection, because a reader may already be further on (another
   * source's checkpoint can run between a reader resolving a batch and the batch's injection).
   */
  injected(uid: string): void {
    this.positions.set(uid, this.readers.get(uid)?.position?.() ?? null);
  }

  /** Counts records read; true when a checkpoint is due and none is in flight. */
  read(records: number): boolean {
    this.recordsSince += records;
    if (this.inFlight !== null) return false;
    return this.recordsSince >= this.policy.everyRecords || this.now() - this.lastAtMs >= this.policy.everyMs;
  }

  /** Takes a checkpoint now. Call between batches only. */
  checkpoint(): Promise<void> {
    const id = this.nextId++;
    this.recordsSince = 0;
    this.lastAtMs = this.now();
    const sources = [...this.positions].map(([uid, position]) => ({ uid, position }));
    const operators = this.runtime.snapshot(id);
    const bytes = encodeCheckpoint({ pipeline: this.pipeline, id, createdAtMs: Date.now(), sources, operators });
    const work = (async () => {
      await this.runtime.drain();
      await this.storage.write(id, bytes);
      this.runtime.notifyCheckpointComplete(id);
      await this.runtime.drain();
    })();
    this.inFlight = work.finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }
}
