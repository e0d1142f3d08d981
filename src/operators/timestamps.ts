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
    }
    ctx.emitWatermark(generator.onBatchEnd());
  }

  processWatermark(watermarkMs: number): void {
    if (watermarkMs === Infinity) this.ctx.emitWatermark(Infinity);
  }

  close(): void {
    this.cancelIdleCheck?.();
    this.cancelIdleCheck = null;
  }

  private scheduleIdleCheck(): void {
    const idleMs = this.strategy.idleMs;
    this.cancelIdleCheck = this.ctx.scheduleProcessingTime(this.lastActivity + idleMs, () => {
      if (this.ctx.clock.now() - this.lastActivity >= idleMs && !this.idle) {
        this.idle = true;
        this.ctx.emitIdle(true);
      }
      if (this.cancelIdleCheck !== null) this.scheduleIdleCheck();
    });
  }
}

function describeTimestamp(ts: unknown): string {
  return typeof ts === "number" ? String(ts) : `${typeof ts} ${JSON.stringify(ts) ?? String(ts)}`;
}
