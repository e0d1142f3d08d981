import type { Key } from "../api/functions.js";

/** Sentinel for "no accumulator": accumulators themselves may be any value. @internal */
export const NONE: unique symbol = Symbol("none");

/**
 * The accumulators of one time slice `[index·g + offset, (index+1)·g + offset)`, one per key
 * present, stored column-wise: `ids[p]` is the key id (see {@link KeyIds}) and `accs[p]` its
 * accumulator, for p < size. `posById[id]` is a hint checked against `ids`, so emptying a slice
 * for reuse is just `size = 0`. A slice holds no object per key.
 * @internal
 */
export class Slice {
  ids: Int32Array;
  readonly accs: unknown[] = [];
  size = 0;
  posById: Int32Array;

  constructor(
    public index: number,
    capacity: number,
  ) {
    this.posById = new Int32Array(Math.max(16, capacity));
    this.ids = new Int32Array(16);
  }

  /**
   * Empties the slice for reuse as slice `index` (pooling keeps the old generation of the heap
   * quiet). Old accumulators stay referenced until overwritten; the pool is bounded.
   */
  reset(index: number): void {
    this.size = 0;
    this.index = index;
  }

  /** Position of key `id` in the columns, or -1. */
  find(id: number): number {
    if (id >= this.posById.length) return -1;
    const p = this.posById[id] as number;
    return p < this.size && this.ids[p] === id ? p : -1;
  }

  append(id: number, acc: unknown): void {
    if (id >= this.posById.length) this.posById = grow(this.posById, id + 1);
    const p = this.size;
    if (p === this.ids.length) this.ids = grow(this.ids, p + 1);
    this.ids[p] = id;
    this.accs[p] = acc;
    this.size = p + 1;
    this.posById[id] = p;
  }
}

function grow(a: Int32Array, atLeast: number): Int32Array {
  const grown = new Int32Array(Math.max(atLeast, a.length * 2));
  grown.set(a);
  return grown;
}

/**
 * Dense ids for the keys of live slices, so slices and block aggregates are flat arrays
 * indexed by key id and a window is assembled without hash lookups. Each id remembers the last
 * slice its key appeared in; {@link KeyIds.sweep} recycles ids whose key has not appeared
 * since a cutoff, which the operator places a few windows behind the oldest live slice. Keys
 * come and go between slices all the time, and freeing them at once would churn the map
 * (window.bench.ts). Ids do not grow with dead keys; they lag behind them.
 * @internal
 */
export class KeyIds {
  private readonly ids = new Map<Key, number>();
  readonly keys: Key[] = [];
  private lastSlice = new Float64Array(16);
  private readonly free: number[] = [];

  /** Number of id slots (live and recycled); per-key arrays are sized by it. */
  get capacity(): number {
    return this.keys.length;
  }

  /** The id of `key`, or undefined when it has none. */
  lookup(key: Key): number | undefined {
    return this.ids.get(key);
  }

  /** A new id for `key` (not yet known), seen in slice `s`. */
  create(key: Key, s: number): number {
    const id = this.free.pop() ?? this.keys.length;
    this.ids.set(key, id);
    this.keys[id] = key;
    if (id >= this.lastSlice.length) {
      const grown = new Float64Array(this.lastSlice.length * 2);
      grown.set(this.lastSlice);
      this.lastSlice = grown;
    }
    this.lastSlice[id] = s;
    return id;
  }

  /** The key of `id` appears in slice `s`. */
  seen(id: number, s: number): void {
    if (s > (this.lastSlice[id] as number)) this.lastSlice[id] = s;
  }

  /** Recycles the ids of keys not seen in any slice at or after `cutoff`. */
  sweep(cutoff: number): void {
    const { keys, lastSlice } = this;
    for (let id = 0; id < keys.length; id++) {
      if ((lastSlice[id] as number) >= cutoff) continue;
      this.ids.delete(keys[id] as Key);
      lastSlice[id] = Infinity; // free: never swept twice
      this.free.push(id);
    }
  }

  /** Keys holding an id. */
  get liveKeys(): number {
    return this.ids.size;
  }

  /**
   * The id table for a checkpoint. Ids are kept as they are, recycled ones and the order they
   * are handed out again included: a sliding window emits its keys in id order, so renumbering
   * would reorder the output of a restored run.
   */
  snapshot(): KeyIdsState {
    return { keys: [...this.keys], lastSlice: Array.from(this.lastSlice.subarray(0, this.keys.length)), free: [...this.free] };
  }

  /** Puts back a {@link snapshot} into an empty table. */
  restore(state: KeyIdsState): void {
    const { keys, lastSlice, free } = state;
    if (lastSlice.length !== keys.length) throw new Error("slice key ids are corrupt (column lengths differ)");
    const freed = new Set(free);
    this.ids.clear();
    this.keys.length = 0;
    this.lastSlice = new Float64Array(Math.max(16, keys.length));
    for (let id = 0; id < keys.length; id++) {
      const key = keys[id] as Key;
      this.keys.push(key);
      this.lastSlice[id] = lastSlice[id] as number;
      if (!freed.has(id)) this.ids.set(key, id);
    }
    this.free.length = 0;
    for (const id of free) this.free.push(id);
  }
}

/**
 * A {@link KeyIds} table in a checkpoint: the key of every id slot (a recycled slot keeps its
 * last key, unused), the last slice each id appeared in, and the recycled ids in reuse order.
 * @internal
 */
export interface KeyIdsState {
  readonly keys: readonly Key[];
  readonly lastSlice: readonly number[];
  readonly free: readonly number[];
}
