/**
 * An operator test harness in the style of Flink's `KeyedOneInputStreamOperatorTestHarness` /
 * `WindowOperatorTest`: build a pipeline fragment, then drive the internal {@link Runtime} by
 * hand (records with explicit event timestamps, watermarks, processing time on a manual clock)
 * instead of `p.run()`, and read what came out. Snapshot and restore mid-stream (STYLE §6):
 * `h.snapshot()` between two calls returns the checkpoint bytes (`v8.serialize` of every
 * operator's state, as the checkpoint codec writes them), and `harness(build, { restoreFrom })`
 * builds the same fragment afresh, as a new process would, and restores it from those bytes.
 *
 * @example
 * ```ts
 * const build = (s: DataStream<Rec>) => s.keyBy((r) => r.k).window(tumbling(10)).aggregate(sum);
 * const h = harness<Rec, WindowResult<string, number>>(build);
 * h.pushElement({ k: "a", v: 1 }, 3);
 * h.pushWatermark(9);                 // fires [0, 10) at end − 1 = 9
 * expect(h.takeOutput()).toEqual([...]);
 * const bytes = h.snapshot();
 * // Same shape, restored; processing time resumes where the first harness stood.
 * const h2 = harness(build, { restoreFrom: bytes, clock: new TestClock(h.clock.now()) });
 * h2.pushElement({ k: "a", v: 2 }, 12);
 * await h2.close();
 * ```
 */
import {
  ManualClock,
  Pipeline,
  fromIterable,
  type DataStream,
  type DeadLetter,
  type OperatorCounters,
  type OutputTag,
} from "streamine";
import { deserialize, serialize } from "node:v8";
import type { InputEdge, Transformation } from "../../src/graph/transformation.js";
import type { Batch } from "../../src/runtime/batch.js";
import type { Node } from "../../src/runtime/node.js";
import type { Operator, OperatorContext } from "../../src/runtime/operator.js";
import { Runtime, type OperatorSnapshot } from "../../src/runtime/runtime.js";

/** What reached a collector, in arrival order: a record with its event timestamp, or a watermark. */
export type Emitted<T> = { readonly kind: "record"; readonly value: T; readonly ts: number } | { readonly kind: "watermark"; readonly ts: number };

/**
 * A {@link ManualClock} that refuses to run more than `limit` callbacks in one `advanceTo`, so a
 * callback that keeps rescheduling itself in the past fails the test instead of hanging the worker
 * (a synchronous loop cannot be stopped by Vitest's timeout).
 */
export class TestClock extends ManualClock {
  private ran = 0;

  constructor(
    startMs = 0,
    private readonly limit = 10_000,
  ) {
    super(startMs);
  }

  override schedule(atMs: number, callback: () => void): () => void {
    return super.schedule(atMs, () => {
      if (++this.ran > this.limit) {
        throw new Error(`TestClock: more than ${this.limit} callbacks in one advanceTo (a timer reschedules itself at a time already passed?)`);
      }
      callback();
    });
  }

  override advanceTo(timeMs: number): void {
    this.ran = 0;
    super.advanceTo(timeMs);
  }
}

/** Records everything it receives; counts each record as handled so counters reconcile. */
class CollectOperator implements Operator {
  private ctx: OperatorContext | null = null;
  constructor(private readonly into: Emitted<unknown>[]) {}

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }

  processBatch(batch: Batch): void {
    for (let i = 0; i < batch.length; i++) {
      this.into.push({ kind: "record", value: batch.values[i], ts: batch.timestamps[i] as number });
    }
    if (this.ctx !== null) this.ctx.counters.out += batch.length;
  }

  processWatermark(watermarkMs: number): void {
    this.into.push({ kind: "watermark", ts: watermarkMs });
  }

  close(): void {}
}

export interface HarnessOptions {
  /** Processing-time clock; default a fresh {@link TestClock} at 0. */
  clock?: ManualClock;
  /** The pipeline's batchSize (downstream batches are cut at this size); default 1024. */
  batchSize?: number;
  /** Side outputs of the result stream to collect (read them with `sideOutput(tag)`). */
  sideOutputs?: readonly OutputTag<unknown>[];
  /**
   * Checkpoint bytes from {@link Harness.snapshot} of a fragment of the same shape: the new
   * harness is restored from them before any input. Pass `clock` at the time the snapshot was
   * taken, so processing time resumes there.
   */
  restoreFrom?: Uint8Array;
  /** With `restoreFrom`: ignore state of operators this fragment does not have; default false. */
  allowNonRestoredState?: boolean;
}

export class Harness<In, Out> {
  private readonly main: Emitted<unknown>[] = [];
  private readonly side = new Map<string, Emitted<unknown>[]>();
  private readonly letters: Emitted<unknown>[] = [];
  private readonly sources: Node[];
  readonly runtime: Runtime;

  constructor(
    readonly pipeline: Pipeline,
    readonly clock: ManualClock,
    /** The stream the builder returned. */
    readonly result: DataStream<Out>,
    sideOutputs: readonly OutputTag<unknown>[],
  ) {
    const collect = (name: string, edge: InputEdge, into: Emitted<unknown>[]): void => {
      pipeline.add(name, [edge], "operator", () => new CollectOperator(into));
    };
    collect("collect", result.edge(), this.main);
    for (const tag of sideOutputs) {
      const into: Emitted<unknown>[] = [];
      this.side.set(tag.id, into);
      collect(`collect-${tag.name}`, result.getSideOutput(tag).edge(), into);
    }
    collect("collect-dead-letters", pipeline.deadLetters().edge(), this.letters);
    const plan = pipeline.plan();
    this.runtime = new Runtime(plan, clock, pipeline.batchSize);
    this.sources = plan.filter((t) => t.kind === "source").map((t) => this.runtime.node(t));
  }

  private source(input: number): Node {
    const node = this.sources[input];
    if (node === undefined) throw new RangeError(`harness: no source #${input} (the fragment has ${this.sources.length})`);
    return node;
  }

  /** Injects one record with event timestamp `ts` (NaN: none) at source `input` (plan order), as one batch. */
  pushElement(value: In, ts = NaN, input = 0): void {
    this.runtime.inject(this.source(input), [value], [ts]);
  }

  /** Injects `[value, ts]` pairs as one batch. */
  pushElements(items: readonly (readonly [In, number])[], input = 0): void {
    this.runtime.inject(
      this.source(input),
      items.map(([v]) => v),
      items.map(([, ts]) => ts),
    );
  }

  pushWatermark(watermarkMs: number, input = 0): void {
    this.runtime.injectWatermark(this.source(input), watermarkMs);
  }

  /** Moves the manual clock to `timeMs`, running due processing-time timers in order. */
  advanceProcessingTime(timeMs: number): void {
    this.clock.advanceTo(timeMs);
  }

  /** Main-output values so far. */
  output(): Out[] {
    return records(this.main) as Out[];
  }

  /** Main-output values so far, then forgets them (and the watermarks seen so far). */
  takeOutput(): Out[] {
    const out = this.output();
    this.main.length = 0;
    return out;
  }

  /** Main output with timestamps and watermarks, in arrival order. */
  emitted(): readonly Emitted<Out>[] {
    return this.main as Emitted<Out>[];
  }

  /** Watermarks that reached the main output. */
  watermarks(): number[] {
    return this.main.flatMap((e) => (e.kind === "watermark" ? [e.ts] : []));
  }

  sideOutput<X>(tag: OutputTag<X>): X[] {
    const into = this.side.get(tag.id);
    if (into === undefined) throw new Error(`harness: side output "${tag.name}" was not registered in options.sideOutputs`);
    return records(into) as X[];
  }

  /** Side output `tag` with timestamps, in arrival order (watermarks included). */
  sideEmitted<X>(tag: OutputTag<X>): readonly Emitted<X>[] {
    const into = this.side.get(tag.id);
    if (into === undefined) throw new Error(`harness: side output "${tag.name}" was not registered in options.sideOutputs`);
    return into as Emitted<X>[];
  }

  deadLetters(): DeadLetter[] {
    return records(this.letters) as DeadLetter[];
  }

  metrics(): Record<string, OperatorCounters> {
    return this.runtime.counters();
  }

  /**
   * A checkpoint of every operator (the collectors included, which keep only counters), as
   * bytes: `v8.serialize(runtime.snapshot())`. Take it between calls, never inside one.
   */
  snapshot(): Uint8Array {
    return serialize(this.runtime.snapshot());
  }

  /** Restores every operator from {@link snapshot} bytes; only before any input. */
  restore(bytes: Uint8Array, allowNonRestoredState = false): void {
    this.runtime.restore(deserialize(bytes) as OperatorSnapshot[], allowNonRestoredState);
  }

  /** The physical operator behind `stream` (default: the result), e.g. to call `liveKeyCount()`. */
  operator(stream: { readonly transformation: Transformation } = this.result): Operator {
    return this.runtime.node(stream.transformation).op;
  }

  /** Ends the input: the +∞ watermark at every source, then the runtime closes every operator. */
  async close(): Promise<void> {
    for (const s of this.sources) this.runtime.injectWatermark(s, Infinity);
    await this.runtime.finish();
  }
}

function records(list: readonly Emitted<unknown>[]): unknown[] {
  return list.flatMap((e) => (e.kind === "record" ? [e.value] : []));
}

/**
 * Builds `build(source)` on a fresh pipeline whose source is never read: records enter through
 * `pushElement`. `build` gets the pipeline too, so a fragment can add more sources (`p.source(…)`,
 * then `pushElement(v, ts, 1)`) for unions.
 */
export function harness<In, Out>(
  build: (source: DataStream<In>, p: Pipeline) => DataStream<Out>,
  options: HarnessOptions = {},
): Harness<In, Out> {
  const clock = options.clock ?? new TestClock(0);
  const p = Pipeline.create(
    options.batchSize === undefined ? { name: "harness", clock } : { name: "harness", clock, batchSize: options.batchSize },
  );
  const result = build(p.source(fromIterable<In>([])), p);
  const h = new Harness<In, Out>(p, clock, result, options.sideOutputs ?? []);
  if (options.restoreFrom !== undefined) h.restore(options.restoreFrom, options.allowNonRestoredState ?? false);
  return h;
}
