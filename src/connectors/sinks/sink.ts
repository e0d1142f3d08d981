/**
 * Where records leave a pipeline. `writeBatch` gets a fresh array it may keep; returning a
 * promise makes the pipeline wait for it before reading more input (backpressure). `close` is
 * awaited when the pipeline ends.
 * @public
 */
export interface Sink<T> {
  readonly description: string;
  writeBatch(values: T[]): void | Promise<void>;
  close?(): void | Promise<void>;
}
