import type { Collector, ProcessContext, ProcessFunction } from "../api/functions.js";
import type { OutputTag } from "../api/output-tag.js";
import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import { ForwardingOperator } from "../runtime/operator.js";
import { readOperatorState, type OperatorState } from "../state/operator-state.js";

/** A process function keeps no state, but `ctx.currentWatermark()` must read the same after a restore. */
interface ProcessState extends OperatorState {
  readonly watermark: number;
}

const KIND = "process";
const VERSION = 1;

/** Runs a {@link ProcessFunction}; one context object is reused for every record. @internal */
export class ProcessOperator extends ForwardingOperator implements ProcessContext, Collector<unknown> {
  private ts = NaN;
  private watermark = -Infinity;

  constructor(private readonly fn: ProcessFunction<unknown, unknown>) {
    super();
  }

  timestamp(): number {
    return this.ts;
  }

  currentWatermark(): number {
    return this.watermark;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.ctx.emitSide(tag.id, value, this.ts);
  }

  collect(value: unknown): void {
    this.ctx.emit(value, this.ts);
  }

  processBatch(batch: Batch): void {
    const { values, timestamps, length } = batch;
    let failed = 0;
    let i = 0;
    while (i < length) {
      try {
        for (; i < length; i++) {
          this.ts = timestamps[i] as number;
          this.fn.processElement(values[i], this, this);
        }
      } catch (error) {
        failed++;
        this.ctx.deadLetter(values[i], `process function threw ${describeError(error)}`);
        i++;
      }
    }
    this.ctx.counters.out += length - failed;
  }

  override processWatermark(watermarkMs: number): void {
    this.watermark = watermarkMs;
    this.ctx.emitWatermark(watermarkMs);
  }

  snapshotState(): ProcessState {
    return { kind: KIND, version: VERSION, watermark: this.watermark };
  }

  restoreState(state: unknown): void {
    this.watermark = readOperatorState<ProcessState>(state, KIND, VERSION).watermark;
  }
}
