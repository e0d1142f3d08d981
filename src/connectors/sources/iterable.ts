import { positionError, wholeNumberAt } from "./position.js";
import type { Source, SourceContext, SourcePosition, SourceReader } from "./source.js";

/**
 * A bounded source over an array or any iterable. Arrays are cut into batches of exactly the
 * pipeline's `batchSize` consecutive records (the last one may be shorter), so with
 * `batchSize: 1` the watermark is updated after every record.
 *
 * @remarks
 * Replayable unless `items` is a one-shot iterator. The reader's position is `{ index }`, the
 * number of items it returned, and `open(ctx, { index })` resumes with item `index`: an array
 * is sliced there, another iterable is iterated again from its start and its first `index`
 * items are skipped (so iterating it again must yield the same items). A one-shot iterator, one
 * whose `[Symbol.iterator]()` returns itself (a generator object, `array.values()`,
 * `map.entries()`), cannot be iterated again: its reader has no `position`, so a checkpoint
 * cannot resume it. Wrap a generator as `{ [Symbol.iterator]: () => gen() }` to make it
 * replayable. A position past the end of the items makes `open` throw a `CheckpointError`.
 *
 * @param items - an array, a re-iterable iterable (Set, Map, `{ [Symbol.iterator]() }`) or a one-shot iterator.
 * @example
 * ```ts
 * import { Pipeline, fromIterable } from "streamine";
 * const p = Pipeline.create({ name: "doubles" });
 * const out: number[] = [];
 * p.source(fromIterable([1, 2, 3])).map((x) => x * 2).sink((x) => out.push(x));
 * await p.run();
 * expect(out).toEqual([2, 4, 6]);
 * ```
 * A reader's position resumes a fresh reader where it stopped:
 * ```ts
 * import { fromIterable } from "streamine";
 * const source = fromIterable(new Set(["a", "b", "c", "d"]));
 * const ctx = { deadLetter: () => undefined };
 * const first = source.open(ctx);
 * expect(first.next(3)).toEqual(["a", "b", "c"]);
 * const position = first.position?.();
 * expect(position).toEqual({ index: 3 });
 * expect(source.open(ctx, position).next(3)).toEqual(["d"]);
 * expect(fromIterable(["x"].values()).open(ctx).position).toBeUndefined();
 * ```
 * @public
 */
export function fromIterable<T>(items: Iterable<T>): Source<T> {
  const description = Array.isArray(items) ? `fromIterable(array of ${items.length})` : "fromIterable(iterable)";
  return {
    description,
    bounded: true,
    open(_ctx: SourceContext, from?: SourcePosition): SourceReader<T> {
      const start = from === undefined ? 0 : wholeNumberAt(description, from, "index");
      if (Array.isArray(items)) {
        const array = items as readonly T[];
        if (from !== undefined && start > array.length) {
          throw positionError(description, from, `the array has only ${array.length} items`);
        }
        let pos = start;
        return {
          next(max) {
            if (pos >= array.length) return null;
            const batch = array.slice(pos, pos + max);
            pos += batch.length;
            return batch;
          },
          position: () => ({ index: pos }),
        };
      }
      const it = items[Symbol.iterator]();
      const oneShot = (it as unknown) === items;
      if (from !== undefined && oneShot) {
        throw positionError(description, from, "a one-shot iterator cannot be replayed (pass an array or a re-iterable iterable)");
      }
      let index = 0;
      while (index < start) {
        if (it.next().done === true) throw positionError(description, from ?? {}, `the iterable has only ${index} items`);
        index++;
      }
      let done = false;
      const reader: SourceReader<T> = {
        next(max) {
          if (done) return null;
          const batch: T[] = [];
          while (batch.length < max) {
            const r = it.next();
            if (r.done === true) {
              done = true;
              break;
            }
            batch.push(r.value);
          }
          index += batch.length;
          return batch.length === 0 ? null : batch;
        },
        close() {
          it.return?.();
        },
      };
      return oneShot ? reader : { ...reader, position: () => ({ index }) };
    },
  };
}
