/**
 * Reads one source's records in batches. `next(max)` returns up to `max` records, an empty
 * array when nothing is available yet, or `null` at the end of a bounded input. It may return a
 * promise; the pipeline asks for the next batch only after the previous one was processed.
 * @public
 */
export interface SourceReader<T> {
  next(max: number): readonly T[] | null | Promise<readonly T[] | null>;
  close?(): void | Promise<void>;
}

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
  open(ctx: SourceContext): SourceReader<T>;
}
