/**
 * Reads one source's records in batches. `next(max)` returns up to `max` records, an empty
 * array when nothing is available yet, or `null` at the end of a bounded input. It may return a
 * promise; the pipeline asks for the next batch only after the previous one was processed.
 * @public
 */
export interface SourceReader<T> {
  next(max: number): readonly T[] | null | Promise<readonly T[] | null>;
  close?(): void | Promise<void>;
  /**
   * Where this reader stands: just after the last input `next` consumed, that is the last record
   * it returned and any input it dead-lettered, even after that record (a batch may end in bad
   * lines). `Source.open(ctx, position)` resumes from there, so a checkpoint that stores it
   * replays nothing twice and skips nothing. Absent when the source cannot be replayed (a
   * one-shot iterator, core NATS).
   */
  position?(): SourcePosition;
}

/** A reader's position: a small JSON-able record, e.g. `{ index: 4096 }` or `{ line: 812, byte: 40960 }`. @public */
export type SourcePosition = Readonly<Record<string, string | number | boolean | null>>;

/**
 * What a source reader can do besides returning records: hand a raw input it could not parse
 * (a malformed CSV row or JSON line) to the pipeline's dead letters, with the reason. Such
 * inputs count as read by the source operator (`in`) and as dead-lettered.
 * @public
 */
export interface SourceContext {
  deadLetter(raw: unknown, reason: string): void;
}

/**
 * A description of where records come from; `open` is called once per run.
 * @public
 */
export interface Source<T> {
  readonly description: string;
  /** True when the input ends (files, arrays); the end emits the +∞ watermark. */
  readonly bounded: boolean;
  /** Opens a reader from the start, or from `from`, a position an earlier reader of this source reported. */
  open(ctx: SourceContext, from?: SourcePosition): SourceReader<T>;
}
