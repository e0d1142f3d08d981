import type { Clock } from "../time/clock.js";
import { Batch } from "./batch.js";
import { newCounters, type OperatorCounters } from "./counters.js";
import type { DeadLetter } from "./dead-letter.js";
import type { Operator, OperatorContext } from "./operator.js";

/** What a node itself holds across batches: its counters and watermark valve. @internal */
export interface NodeState {
  readonly counters: OperatorCounters;
  readonly inputWatermarks: readonly number[];
  readonly inputIdle: readonly boolean[];
  readonly combined: number;
  readonly idle: boolean;
  readonly outputWatermark: number;
}

interface Edge {
  readonly node: Node;
  readonly input: number;
}

/**
 * Runs one operator: combines the watermarks of its inputs (minimum over inputs that are not
 * idle, Flink's `StatusWatermarkValve`), buffers what the operator emits and hands full batches
 * and watermarks to downstream nodes synchronously.
 * @internal
 */
export class Node implements OperatorContext {
  readonly counters: OperatorCounters = newCounters();
  readonly outputs: Edge[] = [];
  readonly sideOutputs = new Map<string, Edge[]>();
  private readonly out = new Batch(64);
  private readonly sideBatches = new Map<string, Batch>();
  private inputWatermarks: number[] = [];
  private inputIdle: boolean[] = [];
  private combined = -Infinity;
  private idle = false;
  private outputWatermark = -Infinity;
  /** Set by the runtime: where dead letters go. */
  deadLetterSink: ((letter: DeadLetter) => void) | null = null;

  constructor(
    readonly uid: string,
    readonly op: Operator,
    readonly clock: Clock,
    readonly batchSize: number,
    private readonly pending: Promise<unknown>[],
    readonly checkpointing = false,
  ) {}

  get currentWatermark(): number {
    return this.combined;
  }

  addInput(): number {
    this.inputWatermarks.push(-Infinity);
    this.inputIdle.push(false);
    return this.inputWatermarks.length - 1;
  }

  connect(target: Node, tagId: string | null): void {
    const edge = { node: target, input: target.addInput() };
    if (tagId === null) {
      this.outputs.push(edge);
    } else {
      let list = this.sideOutputs.get(tagId);
      if (list === undefined) this.sideOutputs.set(tagId, (list = []));
      list.push(edge);
    }
  }

  open(): void {
    this.op.open(this);
  }

  // ---- checkpoints ----

  /** The node's own state; only valid between batches, when its output buffers are empty. */
  snapshot(): NodeState {
    return {
      counters: { ...this.counters, side: { ...this.counters.side } },
      inputWatermarks: [...this.inputWatermarks],
      inputIdle: [...this.inputIdle],
      combined: this.combined,
      idle: this.idle,
      outputWatermark: this.outputWatermark,
    };
  }

  /** Puts back a {@link snapshot} taken from the node of the same uid; the input count must match. */
  restore(state: NodeState): void {
    if (state.inputWatermarks.length !== this.inputWatermarks.length) {
      throw new Error(`has ${this.inputWatermarks.length} inputs, the checkpoint ${state.inputWatermarks.length}`);
    }
    Object.assign(this.counters, state.counters, { side: { ...state.counters.side } });
    this.inputWatermarks = [...state.inputWatermarks];
    this.inputIdle = [...state.inputIdle];
    this.combined = state.combined;
    this.idle = state.idle;
    this.outputWatermark = state.outputWatermark;
  }

  // ---- driven by upstream ----

  receiveBatch(batch: Batch, input: number): void {
    this.counters.in += batch.length;
    if (this.inputIdle[input] === true) this.receiveIdle(input, false);
    this.op.processBatch(batch, input);
    this.flush();
  }

  receiveWatermark(watermarkMs: number, input: number): void {
    const current = this.inputWatermarks[input] ?? -Infinity;
    if (watermarkMs > current) this.inputWatermarks[input] = watermarkMs;
    this.advance();
  }

  receiveIdle(input: number, idle: boolean): void {
    if (this.inputIdle[input] === idle) return;
    this.inputIdle[input] = idle;
    const allIdle = this.inputIdle.every((x) => x);
    if (allIdle !== this.idle) this.emitIdle(allIdle);
    this.advance();
  }

  private advance(): void {
    let min = Infinity;
    let active = 0;
    for (let i = 0; i < this.inputWatermarks.length; i++) {
      if (this.inputIdle[i] === true) continue;
      active++;
      const w = this.inputWatermarks[i] as number;
      if (w < min) min = w;
    }
    if (active === 0 || min <= this.combined) return;
    this.combined = min;
    this.op.processWatermark(min);
    this.flush();
  }

  // ---- OperatorContext ----

  emit(value: unknown, timestampMs: number): void {
    this.counters.emitted++;
    const out = this.out;
    out.push(value, timestampMs);
    if (out.length >= this.batchSize) this.flushMain();
  }

  emitBatch(batch: Batch): void {
    this.flush();
    this.counters.emitted += batch.length;
    for (const e of this.outputs) e.node.receiveBatch(batch, e.input);
  }

  waitFor(work: Promise<unknown>): void {
    this.pending.push(work);
  }

  emitSide(tagId: string, value: unknown, timestampMs: number): void {
    if (!this.sideOutputs.has(tagId)) return;
    const side = this.counters.side;
    side[tagId] = (side[tagId] ?? 0) + 1;
    let b = this.sideBatches.get(tagId);
    if (b === undefined) this.sideBatches.set(tagId, (b = new Batch(16)));
    b.push(value, timestampMs);
    if (b.length >= this.batchSize) this.flushSide(tagId, b);
  }

  hasSideOutput(tagId: string): boolean {
    return this.sideOutputs.has(tagId);
  }

  emitWatermark(watermarkMs: number): void {
    this.flush();
    if (watermarkMs <= this.outputWatermark) return;
    this.outputWatermark = watermarkMs;
    for (const e of this.outputs) e.node.receiveWatermark(watermarkMs, e.input);
    for (const list of this.sideOutputs.values()) for (const e of list) e.node.receiveWatermark(watermarkMs, e.input);
  }

  emitIdle(idle: boolean): void {
    if (idle === this.idle) return;
    this.flush();
    this.idle = idle;
    for (const e of this.outputs) e.node.receiveIdle(e.input, idle);
    for (const list of this.sideOutputs.values()) for (const e of list) e.node.receiveIdle(e.input, idle);
  }

  deadLetter(record: unknown, reason: string, isInput = true): void {
    if (isInput) this.counters.deadLettered++;
    this.deadLetterSink?.({ record, operator: this.uid, reason });
  }

  scheduleProcessingTime(atMs: number, callback: () => void): () => void {
    return this.clock.schedule(atMs, () => {
      callback();
      this.flush();
    });
  }

  // ---- flushing ----

  flush(): void {
    if (this.out.length > 0) this.flushMain();
    if (this.sideBatches.size > 0) for (const [tagId, b] of this.sideBatches) if (b.length > 0) this.flushSide(tagId, b);
  }

  private flushMain(): void {
    const out = this.out;
    for (const e of this.outputs) e.node.receiveBatch(out, e.input);
    out.clear();
  }

  private flushSide(tagId: string, b: Batch): void {
    for (const e of this.sideOutputs.get(tagId) ?? []) e.node.receiveBatch(b, e.input);
    b.clear();
  }
}
