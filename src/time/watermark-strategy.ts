import { ConfigError, rejectUnknownOptions } from "../errors.js";

/**
 * Produces watermarks for one input from the timestamps it has seen (Flink's
 * `WatermarkGenerator`). `onEvent` is called for every record, `onBatchEnd` after every batch
 * and returns the watermark to emit (it may repeat an earlier value; only increases are sent).
 *
 * @remarks
 * A generator that remembers something (the built-in ones remember the largest timestamp) should
 * implement `snapshotState`/`restoreState`, so a pipeline restored from a checkpoint emits the
 * watermarks an uninterrupted run would. One without them starts empty after a restore (as in
 * Flink, which does not checkpoint generators): the input's watermark, which is restored, then
 * holds where it was until the generator produces a larger one; it never goes back.
 * @public
 */
export interface WatermarkGenerator {
  onEvent(timestampMs: number): void;
  onBatchEnd(): number;
  /**
   * The generator's state for a checkpoint: plain data that `node:v8`'s `serialize` can write,
   * never an object the generator keeps using. Optional.
   */
  snapshotState?(): unknown;
  /** Puts back what `snapshotState` returned, on a fresh generator, before any `onEvent`. */
  restoreState?(state: unknown): void;
}

/**
 * How an input turns event timestamps into watermarks, plus its idleness timeout.
 * Strategies are stateless: each input gets a fresh generator.
 * @public
 */
export class WatermarkStrategy {
  private constructor(
    /** Human-readable description, used in errors and metrics. */
    readonly description: string,
    private readonly create: () => WatermarkGenerator,
    /** Processing-time ms without records after which the input is marked idle; `Infinity` = never. */
    readonly idleMs: number,
  ) {}

  /** @internal */
  static of(description: string, create: () => WatermarkGenerator): WatermarkStrategy {
    return new WatermarkStrategy(description, create, Infinity);
  }

  createGenerator(): WatermarkGenerator {
    return this.create();
  }

  /**
   * Marks the input idle after `idleMs` of processing time without records, so it stops holding
   * back the minimum watermark of a union or of several sources (Flink `withIdleness`). The
   * input becomes active again with its next record.
   */
  withIdleness(idleMs: number): WatermarkStrategy {
    if (!(idleMs > 0) || !Number.isFinite(idleMs)) {
      throw new ConfigError(`withIdleness: idleMs must be a finite number > 0, got ${String(idleMs)}`);
    }
    return new WatermarkStrategy(`${this.description}.withIdleness(${idleMs})`, this.create, idleMs);
  }
}

class BoundedOutOfOrderness implements WatermarkGenerator {
  private maxTimestamp = -Infinity;
  constructor(private readonly boundMs: number) {}

  onEvent(timestampMs: number): void {
    if (timestampMs > this.maxTimestamp) this.maxTimestamp = timestampMs;
  }

  onBatchEnd(): number {
    return this.maxTimestamp - this.boundMs - 1;
  }

  snapshotState(): { maxTimestamp: number } {
    return { maxTimestamp: this.maxTimestamp };
  }

  restoreState(state: unknown): void {
    const max = (state as { maxTimestamp?: unknown } | null)?.maxTimestamp;
    if (typeof max !== "number") throw new Error("bounded out-of-orderness watermarks: the checkpoint has no maxTimestamp");
    this.maxTimestamp = max;
  }
}

class NoWatermarks implements WatermarkGenerator {
  onEvent(): void {}
  onBatchEnd(): number {
    return -Infinity;
  }
}

/**
 * Built-in watermark strategies.
 *
 * @remarks
 * Watermarks follow Flink: `boundedOutOfOrderness(B)` emits `maxTimestampSeen − B − 1` after
 * every batch, so a record with timestamp `t` is on time while `t > watermark`; the initial
 * watermark is −∞ and the end of a bounded input emits +∞. A record is judged against the
 * watermark current when it arrives, i.e. the one emitted after the previous batch.
 *
 * @example
 * ```ts
 * import { watermarks } from "streamine";
 * const strategy = watermarks.boundedOutOfOrderness(5_000).withIdleness(30_000);
 * const gen = strategy.createGenerator();
 * gen.onEvent(10_000);
 * gen.onEvent(8_000);
 * expect(gen.onBatchEnd()).toBe(10_000 - 5_000 - 1);
 * expect(strategy.idleMs).toBe(30_000);
 * ```
 * @public
 */
export const watermarks = {
  /** Watermark = max timestamp seen − `boundMs` − 1 (Flink `forBoundedOutOfOrderness`). */
  boundedOutOfOrderness(boundMs: number): WatermarkStrategy {
    if (typeof boundMs !== "number" || !(boundMs >= 0) || !Number.isFinite(boundMs)) {
      throw new ConfigError(`boundedOutOfOrderness: boundMs must be a finite number ≥ 0, got ${String(boundMs)}`);
    }
    return WatermarkStrategy.of(`boundedOutOfOrderness(${boundMs})`, () => new BoundedOutOfOrderness(boundMs));
  },
  /** Timestamps never decrease: watermark = max timestamp − 1 (Flink `forMonotonousTimestamps`). */
  monotonousTimestamps(): WatermarkStrategy {
    return WatermarkStrategy.of("monotonousTimestamps()", () => new BoundedOutOfOrderness(0));
  },
  /** No watermarks until the end of input (+∞): event-time windows fire only at the end. */
  noWatermarks(): WatermarkStrategy {
    return WatermarkStrategy.of("noWatermarks()", () => new NoWatermarks());
  },
  /** A user generator, e.g. punctuated watermarks. */
  custom(description: string, create: () => WatermarkGenerator, options: { idleMs?: number } = {}): WatermarkStrategy {
    rejectUnknownOptions("watermarks.custom", options, ["idleMs"]);
    const s = WatermarkStrategy.of(description, create);
    return options.idleMs === undefined ? s : s.withIdleness(options.idleMs);
  },
};
