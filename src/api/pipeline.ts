import type { Source } from "../connectors/sources/source.js";
import { ConfigError, PipelineStateError, rejectUnknownOptions, requireInteger } from "../errors.js";
import type { InputEdge, Transformation } from "../graph/transformation.js";
import { ForwardOperator } from "../operators/forward.js";
import type { OperatorCounters } from "../runtime/counters.js";
import type { DeadLetter } from "../runtime/dead-letter.js";
import { execute, type RunOptions } from "../runtime/executor.js";
import type { Operator } from "../runtime/operator.js";
import { Runtime } from "../runtime/runtime.js";
import { SystemClock, type Clock } from "../time/clock.js";
import { CheckpointCoordinator } from "../checkpoint/coordinator.js";
import { FsCheckpointStorage, type CheckpointStorage } from "../checkpoint/fs-storage.js";
import { defaultCheckpointBucket, JetStreamCheckpointStorage, validateJetStreamOptions, type JetStreamCheckpointOptions } from "../checkpoint/jetstream-storage.js";
import { DataStream } from "./data-stream.js";

/** Options of {@link Pipeline.create}. @public */
export interface PipelineOptions {
  /** Name of the job, shown in logs and metrics. */
  name: string;
  /** Records per batch read from a source and moved between operators; default 1024. */
  batchSize?: number;
  /** Processing-time clock; default the system clock. Tests pass a `ManualClock`. */
  clock?: Clock;
  /** Take consistent checkpoints and resume from the newest one; default none. */
  checkpoint?: CheckpointOptions;
}

/**
 * Options of {@link PipelineOptions.checkpoint}. Checkpoints go to a local directory (`dir`) or
 * to NATS JetStream (`jetstream`): give exactly one. A checkpoint is due after `everyRecords`
 * records or `everyMs` of processing time since the last, whichever comes first (at least one of them).
 * @public
 */
export interface CheckpointOptions {
  /** Directory of the checkpoint files (created when missing). */
  dir?: string;
  /**
   * A NATS server with JetStream: checkpoint blobs in an Object Store bucket, their manifests
   * and the `latest` pointer (moved by compare-and-set) in a KV bucket of the same name.
   */
  jetstream?: JetStreamCheckpointOptions;
  /** Processing time between checkpoints, ms; default: only `everyRecords`. */
  everyMs?: number;
  /** Records read between checkpoints; default: only `everyMs`. */
  everyRecords?: number;
  /** How many checkpoints to keep; default 3. */
  keep?: number;
  /** Restore even when the checkpoint holds state of operators this pipeline no longer has (that state is dropped); default false. */
  allowNonRestoredState?: boolean;
}

const OPTION_NAMES = ["name", "batchSize", "clock", "checkpoint"] as const;
const CHECKPOINT_OPTION_NAMES = ["dir", "jetstream", "everyMs", "everyRecords", "keep", "allowNonRestoredState"] as const;

function validateCheckpoint(c: CheckpointOptions): void {
  const where = "Pipeline.create: checkpoint";
  if (typeof c !== "object" || c === null) throw new ConfigError(`${where} must be an object such as { dir, everyMs: 1000 }`);
  rejectUnknownOptions(where, c, CHECKPOINT_OPTION_NAMES);
  if (c.dir === undefined && c.jetstream === undefined) {
    throw new ConfigError(`${where}: give dir (a local directory) or jetstream ({ servers }, a NATS server) for the checkpoints`);
  }
  if (c.dir !== undefined && c.jetstream !== undefined) throw new ConfigError(`${where}: give dir or jetstream, not both`);
  if (c.dir !== undefined && (typeof c.dir !== "string" || c.dir.length === 0)) throw new ConfigError(`${where}.dir must be a non-empty string`);
  if (c.jetstream !== undefined) validateJetStreamOptions(`${where}.jetstream`, c.jetstream);
  if (c.everyMs === undefined && c.everyRecords === undefined) throw new ConfigError(`${where}: give everyMs, everyRecords or both`);
  if (c.everyMs !== undefined) requireInteger(where, "everyMs", c.everyMs, 1);
  if (c.everyRecords !== undefined) requireInteger(where, "everyRecords", c.everyRecords, 1);
  if (c.keep !== undefined) requireInteger(where, "keep", c.keep, 1);
  if (c.allowNonRestoredState !== undefined && typeof c.allowNonRestoredState !== "boolean") {
    throw new ConfigError(`${where}.allowNonRestoredState must be true or false`);
  }
}

/**
 * A dataflow job: sources, transformations and sinks, built with a typed fluent API and run
 * with {@link Pipeline.run}. Building executes nothing.
 *
 * @example
 * ```ts
 * import { Pipeline, fromIterable, watermarks, tumbling } from "streamine";
 * const readings = [
 *   { device: "a", ts: 1_000, v: 1 },
 *   { device: "a", ts: 2_000, v: 2 },
 *   { device: "b", ts: 61_000, v: 5 },
 * ];
 * const p = Pipeline.create({ name: "sums" });
 * const results: { key: string; start: number; value: number }[] = [];
 * p.source(fromIterable(readings))
 *   .assignTimestamps((r) => r.ts, watermarks.boundedOutOfOrderness(0))
 *   .keyBy((r) => r.device)
 *   .window(tumbling(60_000))
 *   .aggregate({ createAccumulator: () => 0, add: (r, acc) => acc + r.v, merge: (a, b) => a + b, getResult: (acc) => acc })
 *   .sink((r) => results.push({ key: r.key, start: r.window.start, value: r.value }));
 * await p.run();
 * expect(results).toEqual([
 *   { key: "a", start: 0, value: 3 },
 *   { key: "b", start: 60_000, value: 5 },
 * ]);
 * ```
 * @public
 */
export class Pipeline {
  readonly name: string;
  readonly batchSize: number;
  readonly clock: Clock;
  private readonly checkpoint: CheckpointOptions | null;
  private readonly transformations: Transformation[] = [];
  private deadLetterStream: DataStream<DeadLetter> | null = null;
  private runtime: Runtime | null = null;
  private started = false;

  private constructor(options: PipelineOptions) {
    this.name = options.name;
    this.batchSize = options.batchSize ?? 1024;
    this.clock = options.clock ?? new SystemClock();
    this.checkpoint = options.checkpoint ?? null;
  }

  static create(options: PipelineOptions): Pipeline {
    if (typeof options !== "object" || options === null) throw new ConfigError("Pipeline.create: options must be an object");
    rejectUnknownOptions("Pipeline.create", options, OPTION_NAMES);
    if (typeof options.name !== "string" || options.name.length === 0) {
      throw new ConfigError("Pipeline.create: name must be a non-empty string");
    }
    if (options.batchSize !== undefined) requireInteger("Pipeline.create", "batchSize", options.batchSize, 1);
    if (options.checkpoint !== undefined) validateCheckpoint(options.checkpoint);
    return new Pipeline(options);
  }

  /** Adds a source; its records enter without timestamps until `assignTimestamps`. */
  source<T>(source: Source<T>): DataStream<T> {
    const t = this.add("source", [], "source", () => new ForwardOperator(), source as Source<unknown>);
    return new DataStream<T>(this, t, null);
  }

  /**
   * The stream of records that operators rejected (non-finite timestamps, user functions that
   * threw, bad keys), each with the operator's uid and the reason.
   */
  deadLetters(): DataStream<DeadLetter> {
    if (this.deadLetterStream === null) {
      const t = this.add("dead-letters", [], "dead-letters", () => new ForwardOperator(), null);
      this.deadLetterStream = new DataStream<DeadLetter>(this, t, null);
    }
    return this.deadLetterStream;
  }

  /**
   * Runs the job. With bounded sources the promise resolves after each source's end emitted the
   * +∞ watermark, every window fired and every sink closed.
   */
  async run(options: RunOptions = {}): Promise<void> {
    if (this.started) throw new PipelineStateError(`Pipeline "${this.name}" has already been run; build a new one`);
    this.started = true;
    const uids = new Set<string>();
    for (const t of this.transformations) {
      if (uids.has(t.uid)) throw new ConfigError(`Pipeline "${this.name}": duplicate operator uid "${t.uid}"`);
      uids.add(t.uid);
    }
    const c = this.checkpoint;
    const runtime = new Runtime(this.transformations, this.clock, this.batchSize, c !== null);
    this.runtime = runtime;
    const sources = this.transformations
      .filter((t) => t.kind === "source" && t.source !== null)
      .map((t) => ({ node: runtime.node(t), source: t.source as Source<unknown> }));
    const storage = c === null ? null : this.checkpointStorage(c);
    const coordinator =
      c === null || storage === null
        ? null
        : new CheckpointCoordinator(
            runtime,
            storage,
            { everyMs: c.everyMs ?? Infinity, everyRecords: c.everyRecords ?? Infinity, allowNonRestoredState: c.allowNonRestoredState ?? false },
            this.name,
            () => this.clock.now(),
          );
    try {
      await execute(runtime, sources, options, coordinator);
    } catch (error) {
      await storage?.close?.().catch(() => undefined); // the run's error is the one to report
      throw error;
    }
    await storage?.close?.();
  }

  private checkpointStorage(c: CheckpointOptions): CheckpointStorage {
    const keep = c.keep ?? 3;
    if (c.jetstream !== undefined) return new JetStreamCheckpointStorage(c.jetstream, c.jetstream.bucket ?? defaultCheckpointBucket(this.name), keep);
    return new FsCheckpointStorage(c.dir ?? "", keep);
  }

  /**
   * Per-operator counters by uid. For each operator `in = out + filtered + deadLettered + late`,
   * and each operator's `in` is the sum of `emitted` over its inputs.
   */
  metrics(): Record<string, OperatorCounters> {
    return this.runtime?.counters() ?? {};
  }

  /** @internal */
  add(
    name: string,
    inputs: InputEdge[],
    kind: Transformation["kind"],
    create: () => Operator,
    source: Source<unknown> | null = null,
  ): Transformation {
    if (this.started) throw new PipelineStateError(`Pipeline "${this.name}" is running; it cannot be changed`);
    const id = this.transformations.length;
    const t: Transformation = { id, name, uid: `${name}-${id}`, inputs, kind, source, create };
    this.transformations.push(t);
    return t;
  }

  /** @internal The logical plan, for the test harness. */
  plan(): readonly Transformation[] {
    return this.transformations;
  }
}
