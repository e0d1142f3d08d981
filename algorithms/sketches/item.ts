import { EstimatorInputError } from "../base/input-error.js";
import type { SnapshotReader, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, received } from "../base/validate.js";
import { fmix32 } from "../kernels/fmix32.js";

/** An item a frequent-items sketch counts: a finite number or a string (`1` and `"1"` are different items). @public */
export type SketchItem = number | string;

/** One entry of a sketch's `top(k)`: the item, its estimated count and the most that estimate may be off by. @public */
export interface ItemCount {
  readonly item: SketchItem;
  readonly count: number;
  /** Bound on |estimate − true count| the sketch guarantees for this item (see each class). */
  readonly error: number;
}

/** Throws {@link EstimatorInputError} naming `where` unless `item` is a finite number or a string. */
export function checkItem(where: string, item: unknown): asserts item is SketchItem {
  if (typeof item === "string" || (typeof item === "number" && Number.isFinite(item))) return;
  throw new EstimatorInputError(`${where}: item must be a finite number or a string, got ${received(item)}`);
}

/** Throws {@link EstimatorInputError} naming `where` unless `count` is a finite number > 0. */
export function checkCount(where: string, count: unknown): asserts count is number {
  if (typeof count === "number" && Number.isFinite(count) && count > 0) return;
  throw new EstimatorInputError(`${where}: count must be a finite number > 0, got ${received(count)}`);
}

/** Throws {@link EstimatorInputError} naming `where` unless `k` is an integer ≥ 0. */
export function checkK(where: string, k: unknown): asserts k is number {
  if (typeof k === "number" && Number.isSafeInteger(k) && k >= 0) return;
  throw new EstimatorInputError(`${where}: k must be an integer ≥ 0, got ${received(k)}`);
}

/** Throws {@link EstimatorConfigError} unless `n` is an integer in [1, 2^24] (a size that fits typed arrays). */
export function checkSize(where: string, option: string, n: unknown): void {
  checkOption(typeof n === "number" && Number.isSafeInteger(n) && n >= 1 && n <= 2 ** 24, where, option, "an integer in [1, 2^24]", n);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * A seeded 32-bit hash of an item. Int32 integers take the fast path (one finalizer, a bijection, so
 * distinct integers never collide); other numbers hash their float64 bits; strings their UTF-16
 * code units (murmur3-style mixing).
 */
export function hashItem(item: SketchItem, seed: number): number {
  if (typeof item === "number") {
    if ((item | 0) === item) return fmix32((item ^ seed) >>> 0);
    f64[0] = item;
    return fmix32(((Math.imul((u32[0] as number) ^ seed, 0xcc9e2d51) ^ (u32[1] as number)) >>> 0) ^ 0x5bd1e995);
  }
  let h = seed ^ item.length;
  for (let i = 0; i < item.length; i++) {
    h = Math.imul(h ^ item.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return fmix32(h >>> 0);
}

/** Writes an item to a snapshot: a type byte (0 number, 1 string) then the value. */
export function writeItem(w: SnapshotWriter, item: SketchItem): void {
  if (typeof item === "number") w.u8(0).f64(item);
  else w.u8(1).str(item);
}

/** Reads an item written by {@link writeItem}. */
export function readItem(r: SnapshotReader): SketchItem {
  return r.u8() === 0 ? r.f64() : r.str();
}
