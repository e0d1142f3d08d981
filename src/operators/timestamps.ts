import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import type { Operator, OperatorContext } from "../runtime/operator.js";
import type { WatermarkGenerator, WatermarkStrategy } from "../time/watermark-strategy.js";

/**
 * Assigns event timestamps and generates watermarks after every batch (Flink's
 * `TimestampsAndWatermarksOperator`). Upstream watermarks are ignored except the final +∞.
 * With idleness set, the output is marked idle after `idleMs` of processing time without records.
 * @internal
 */
export class TimestampsOperator implements Operator {
  private ctx!: OperatorContext;
  private generator!: WatermarkGenerator;
  private lastActivity = 0;
  private idle = false;
  private cancelIdleCheck: (() => void) | null = null;
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
  }

  /**
   * Checks for idleness `idleMs` after the last activity. Once idle, nothing is scheduled until
   * the next batch arrives, which schedules the check again.
   */
  private scheduleIdleCheck(): void {
    const idleMs = this.strategy.idleMs;
    this.cancelIdleCheck = this.ctx.scheduleProcessingTime(this.lastActivity + idleMs, () => {
      this.cancelIdleCheck = null;
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
