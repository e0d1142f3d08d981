import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import type { Operator, OperatorContext } from "../runtime/operator.js";
import { readOperatorState, type OperatorState } from "../state/operator-state.js";
import type { WatermarkGenerator, WatermarkStrategy } from "../time/watermark-strategy.js";

/** What {@link TimestampsOperator.snapshotState} returns. */
interface TimestampsState extends OperatorState {
  /** The generator's own state; undefined when it has none or cannot snapshot it (it then restarts empty). */
  readonly generator: unknown;
  readonly lastActivity: number;
  readonly idle: boolean;
  /** Processing time of the pending idleness check, or null when none is pending. */
  readonly idleCheckAt: number | null;
}

const KIND = "timestamps";
const VERSION = 1;

/**
 * Assigns event timestamps and generates watermarks after every batch (Flink's
 * `TimestampsAndWatermarksOperator`). Upstream watermarks are ignored except the final +∞.
 * With idleness set, the output is marked idle after `idleMs` of processing time without records.
 * A checkpoint holds the generator's state when it implements `snapshotState` (the built-in
 * ones do); a user generator without it restarts empty, see {@link WatermarkGenerator}.
 * @internal
 */
export class TimestampsOperator implements Operator {
  private ctx!: OperatorContext;
  private generator!: WatermarkGenerator;
  private lastActivity = 0;
  private idle = false;
  private cancelIdleCheck: (() => void) | null = null;
  /** When the pending idleness check runs (null: none pending), for checkpoints. */
  private idleCheckAt: number | null = null;
  private closed = false;

  constructor(
    private readonly extract: (value: unknown) => number,
    private readonly strategy: WatermarkStrategy,
  ) {}

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.generator = this.strategy.createGenerator();
    if (Number.isFinite(this.strategy.idleMs)) {
      this.lastActivity = ctx.clock.now();
      this.scheduleIdleCheck();
    }
  }

  processBatch(batch: Batch): void {
    const { values, length } = batch;
    const extract = this.extract;
    const generator = this.generator;
    const ctx = this.ctx;
    let failed = 0;
    let i = 0;
    while (i < length) {
      try {
        for (; i < length; i++) {
          const value = values[i];
          const ts = extract(value);
          if (typeof ts !== "number" || !Number.isFinite(ts)) {
            failed++;
            ctx.deadLetter(value, `timestamp extractor returned ${describeTimestamp(ts)}, expected a finite number of ms`);
            continue;
          }
          generator.onEvent(ts);
          ctx.emit(value, ts);
        }
      } catch (error) {
        failed++;
        ctx.deadLetter(values[i], `timestamp extractor threw ${describeError(error)}`);
        i++;
      }
    }
    ctx.counters.out += length - failed;
    if (Number.isFinite(this.strategy.idleMs)) {
      this.lastActivity = ctx.clock.now();
      if (this.idle) {
        this.idle = false;
        ctx.emitIdle(false);
      }
      if (this.cancelIdleCheck === null) this.scheduleIdleCheck();
    }
    ctx.emitWatermark(generator.onBatchEnd());
  }

  processWatermark(watermarkMs: number): void {
    if (watermarkMs === Infinity) this.ctx.emitWatermark(Infinity);
  }

  close(): void {
    this.closed = true;
    this.cancelIdleCheck?.();
    this.cancelIdleCheck = null;
    this.idleCheckAt = null;
  }

  snapshotState(): TimestampsState {
    return {
      kind: KIND,
      version: VERSION,
      generator: this.generator.snapshotState?.(),
      lastActivity: this.lastActivity,
      idle: this.idle,
      idleCheckAt: this.idleCheckAt,
    };
  }

  /** Restores the generator and the idleness check exactly as pending at the checkpoint. */
  restoreState(state: unknown): void {
    const s = readOperatorState<TimestampsState>(state, KIND, VERSION);
    if (s.generator !== undefined) this.generator.restoreState?.(s.generator);
    if (!Number.isFinite(this.strategy.idleMs)) return;
    // Written without idleness (nothing pending, not idle): keep the check open() scheduled.
    if (s.idleCheckAt === null && !s.idle) return;
    this.cancelIdleCheck?.();
    this.cancelIdleCheck = null;
    this.idleCheckAt = null;
    this.lastActivity = s.lastActivity;
    this.idle = s.idle;
    if (s.idleCheckAt !== null) this.scheduleIdleCheck(s.idleCheckAt);
  }

  /**
   * Checks for idleness `idleMs` after the last activity. Once idle, nothing is scheduled until
   * the next batch arrives, which schedules the check again.
   */
  private scheduleIdleCheck(atMs = this.lastActivity + this.strategy.idleMs): void {
    const idleMs = this.strategy.idleMs;
    this.idleCheckAt = atMs;
    this.cancelIdleCheck = this.ctx.scheduleProcessingTime(atMs, () => {
      this.cancelIdleCheck = null;
      this.idleCheckAt = null;
      if (this.closed) return;
      if (this.ctx.clock.now() - this.lastActivity >= idleMs) {
        this.idle = true;
        this.ctx.emitIdle(true);
      } else {
        this.scheduleIdleCheck();
      }
    });
  }
}

function describeTimestamp(ts: unknown): string {
  return typeof ts === "number" ? String(ts) : `${typeof ts} ${JSON.stringify(ts) ?? String(ts)}`;
}
