import { positionError, wholeNumberAt } from "./position.js";
import type { Source, SourceContext, SourcePosition, SourceReader } from "./source.js";

/**
 * A source over an async iterable (a stream, a generator, a message subscription). A batch is
 * handed on when it is full or when the iterable makes the reader wait, so a slow producer's
 * records are not held back. Bounded when the iterable ends.
 *
 * @remarks
 * Replayable by the same rule as {@link fromIterable}: unless `items` is a one-shot iterator
 * (its `[Symbol.asyncIterator]()` returns itself, as an async generator object does), the
 * reader's position is `{ index }`, the number of items it returned, and `open(ctx, { index })`
 * iterates `items` again from its start and skips its first `index` items. That is right only
 * when iterating again yields the same items: a live feed that hands out a fresh iterator over
 * new data (a Node stream, a message subscription) would lose `index` items on a resume; pass
 * it as `(async function* () { yield* feed; })()` to make it one-shot. A one-shot reader has no
 * `position`. Resuming past the end of the items makes `next` reject with a `CheckpointError`.
 *
 * @param items - the async iterable; an async generator object is one-shot.
 * @param options - `bounded` (default `true`): whether the input ends.
 * @example
 * ```ts
 * import { fromAsyncIterable } from "streamine";
 * async function* numbers() { yield* [1, 2, 3]; }
 * const ctx = { deadLetter: () => undefined };
 * const source = fromAsyncIterable({ [Symbol.asyncIterator]: numbers });
 * const first = source.open(ctx);
 * expect(await first.next(2)).toEqual([1, 2]);
 * const position = first.position?.();
 * expect(position).toEqual({ index: 2 });
 * expect(await source.open(ctx, position).next(2)).toEqual([3]);
 * expect(fromAsyncIterable(numbers()).open(ctx).position).toBeUndefined();
 * ```
 * @public
 */
export function fromAsyncIterable<T>(items: AsyncIterable<T>, options: { bounded?: boolean } = {}): Source<T> {
  const description = "fromAsyncIterable()";
  return {
    description,
    bounded: options.bounded ?? true,
    open(_ctx: SourceContext, from?: SourcePosition): SourceReader<T> {
      const it = items[Symbol.asyncIterator]();
      const oneShot = (it as unknown) === items;
      if (from !== undefined && oneShot) {
        throw positionError(description, from, "a one-shot async iterator cannot be replayed");
      }
      const start = from === undefined ? 0 : wholeNumberAt(description, from, "index");
      let skipped = 0; // of the `start` items a resumed reader skips, on its first `next`
      let index = start;
      let pending: Promise<IteratorResult<T>> | null = null;
      let done = false;
      const reader: SourceReader<T> = {
        async next(max) {
          if (done) return null;
          for (; skipped < start; skipped++) {
            if ((await it.next()).done === true) throw positionError(description, from ?? {}, `the iterable has only ${skipped} items`);
          }
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
          // A record still pending is not counted: a resumed reader reads it again.
          index += batch.length;
          return batch.length === 0 && done ? null : batch;
        },
        async close() {
          await it.return?.();
        },
      };
      return oneShot ? reader : { ...reader, position: () => ({ index }) };
    },
  };
}
