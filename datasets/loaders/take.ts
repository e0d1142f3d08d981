/**
 * The first `n` items of `source`, then stops: the source is closed (its `return()` called), so a
 * loader's file is closed too. `n = 0` never starts the source.
 *
 * @param n - how many items, a non-negative integer; throws otherwise.
 * @example
 * ```ts
 * import { take } from "streamine/datasets";
 * async function* naturals() { for (let i = 0; ; i++) yield i; }
 * const got = [];
 * for await (const i of take(naturals(), 3)) got.push(i);
 * expect(got).toEqual([0, 1, 2]);
 * ```
 * @public
 */
export async function* take<T>(source: AsyncIterable<T>, n: number): AsyncGenerator<T, void, undefined> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`take: n must be a non-negative integer, got ${n}`);
  if (n === 0) return;
  let i = 0;
  for await (const item of source) {
    yield item;
    if (++i === n) return;
  }
}
