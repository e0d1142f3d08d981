import type { Source, SourceReader } from "./source.js";

/**
 * A bounded source over an array or any iterable. Arrays are cut into batches of exactly the
 * pipeline's `batchSize` consecutive records (the last one may be shorter), so with
 * `batchSize: 1` the watermark is updated after every record.
 * @example
 * ```ts
 * import { Pipeline, fromIterable } from "streamine";
 * const p = Pipeline.create({ name: "doubles" });
 * const out: number[] = [];
 * p.source(fromIterable([1, 2, 3])).map((x) => x * 2).sink((x) => out.push(x));
 * await p.run();
 * expect(out).toEqual([2, 4, 6]);
 * ```
 * @public
 */
export function fromIterable<T>(items: Iterable<T>): Source<T> {
  return {
    description: Array.isArray(items) ? `fromIterable(array of ${items.length})` : "fromIterable(iterable)",
    bounded: true,
    open(): SourceReader<T> {
      if (Array.isArray(items)) {
        const array = items as readonly T[];
        let pos = 0;
        return {
          next(max) {
            if (pos >= array.length) return null;
            const batch = array.slice(pos, pos + max);
            pos += batch.length;
            return batch;
          },
        };
      }
      const it = items[Symbol.iterator]();
      let done = false;
      return {
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
          return batch.length === 0 ? null : batch;
        },
        close() {
          it.return?.();
        },
      };
    },
  };
}
