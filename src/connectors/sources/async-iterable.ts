import type { Source, SourceReader } from "./source.js";

/**
 * A source over an async iterable (a stream, a generator, a message subscription). A batch is
 * handed on when it is full or when the iterable makes the reader wait, so a slow producer's
 * records are not held back. Bounded when the iterable ends.
 * @public
 */
export function fromAsyncIterable<T>(items: AsyncIterable<T>, options: { bounded?: boolean } = {}): Source<T> {
  return {
    description: "fromAsyncIterable()",
    bounded: options.bounded ?? true,
    open(): SourceReader<T> {
      const it = items[Symbol.asyncIterator]();
      let pending: Promise<IteratorResult<T>> | null = null;
      let done = false;
      return {
        async next(max) {
          if (done) return null;
          const batch: T[] = [];
          // Once a batch has records, hand it on if the next record is not ready within this turn of the event loop.
          let turnOver: Promise<undefined> | null = null;
          while (batch.length < max) {
            pending ??= it.next();
            let r: IteratorResult<T> | undefined;
            if (batch.length === 0) {
              r = await pending;
            } else {
              turnOver ??= new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)));
              r = await Promise.race([pending, turnOver]);
              if (r === undefined) break;
            }
            pending = null;
            if (r.done === true) {
              done = true;
              break;
            }
            batch.push(r.value);
          }
          return batch.length === 0 && done ? null : batch;
        },
        async close() {
          await it.return?.();
        },
      };
    },
  };
}
