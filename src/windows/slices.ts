import type { Key } from "../api/functions.js";

/** Sentinel for "no accumulator": accumulators themselves may be any value. @internal */
export const NONE: unique symbol = Symbol("none");

/**
 * The accumulators of one time slice `[index·g + offset, (index+1)·g + offset)`, one per key
 * present, stored column-wise: `ids[p]` is the key id (see {@link KeyIds}) and `accs[p]` its
 * accumulator; `posById[id]` is `p + 1` (0 = key absent). A slice holds no object per key.
 * @internal
 */
export class Slice {
  readonly ids: number[] = [];
  readonly accs: unknown[] = [];
  posById: Int32Array;

  constructor(
    public index: number,
    capacity: number,
  ) {
    this.posById = new Int32Array(Math.max(16, capacity));
  }

  /** Empties the slice for reuse as slice `index` (pooling keeps the old generation of the heap quiet). */
  reset(index: number): void {
    for (const id of this.ids) this.posById[id] = 0;
    this.ids.length = 0;
    this.accs.length = 0;
    this.index = index;
  }

  /** Position of key `id` in the columns, or -1. */
  find(id: number): number {
    return id < this.posById.length ? (this.posById[id] as number) - 1 : -1;
  }

  append(id: number, acc: unknown): void {
    if (id >= this.posById.length) {
      const grown = new Int32Array(Math.max(id + 1, this.posById.length * 2));
      grown.set(this.posById);
      this.posById = grown;
    }
    this.ids.push(id);
    this.accs.push(acc);
    this.posById[id] = this.ids.length;
  }
}

/**
 * Dense ids for the keys present in live slices, so block aggregates are flat arrays indexed by
 * `id · n + offset` and a window is assembled without hash lookups. An id is reference-counted
 * by the slices holding its key and recycled when the last of them is purged, so ids do not
 * grow with dead keys.
 * @internal
 */
export class KeyIds {
  private readonly ids = new Map<Key, number>();
  readonly keys: Key[] = [];
  private readonly refs: number[] = [];
  private readonly free: number[] = [];

  /** Number of id slots (live and recycled); block arrays are sized by it. */
  get capacity(): number {
    return this.keys.length;
  }

  /** The id of `key`, or undefined when no live slice holds it. */
  lookup(key: Key): number | undefined {
    return this.ids.get(key);
  }

  /** A new id for `key` (not yet known), held by one slice. */
  create(key: Key): number {
    const id = this.free.pop() ?? this.keys.length;
    this.ids.set(key, id);
    this.keys[id] = key;
    this.refs[id] = 1;
    return id;
  }

  /** One more slice holds the key of `id`. */
  retain(id: number): void {
    this.refs[id] = (this.refs[id] as number) + 1;
  }

  /** One slice holding the key of `id` was purged. */
  release(id: number): void {
    const left = (this.refs[id] as number) - 1;
    this.refs[id] = left;
    if (left === 0) {
      this.ids.delete(this.keys[id] as Key);
      this.free.push(id);
    }
  }

  get liveKeys(): number {
    return this.ids.size;
  }
}

/**
 * Prefix and suffix aggregates over a block of `n` consecutive slices (the "two-block"
 * sliding-window scheme): any window of `n` slices is a suffix of one block merged with a prefix
 * of the next, so each window costs one merge per key instead of `n`. Cell `id · n + o` holds
 * the aggregate of key `id` over offsets `0…o` (prefix) or `o…n−1` (suffix).
 * @internal
 */
export class SliceBlock {
  prefix: unknown[] = [];
  suffix: unknown[] = [];
  /** Rows (key ids) the arrays cover. */
  rows = 0;
  /** Offsets 0…prefixValidTo of `prefix` are current. */
  prefixValidTo = -1;
  suffixValid = false;

  constructor(
    public index: number,
    private readonly n: number,
  ) {}

  /** Reuses the arrays for block `index`, emptied: cells past the current key capacity are read as NONE later. */
  reset(index: number): void {
    this.prefix.fill(NONE);
    this.suffix.fill(NONE);
    this.index = index;
    this.prefixValidTo = -1;
    this.suffixValid = false;
  }

  /** Grows both arrays to cover `rows` key ids; new cells hold NONE. */
  ensureRows(rows: number): void {
    if (rows <= this.rows) return;
    const grown = Math.max(rows, this.rows * 2);
    const used = this.rows * this.n;
    const prefix = new Array<unknown>(grown * this.n).fill(NONE);
    const suffix = new Array<unknown>(grown * this.n).fill(NONE);
    for (let c = 0; c < used; c++) {
      prefix[c] = this.prefix[c];
      suffix[c] = this.suffix[c];
    }
    this.prefix = prefix;
    this.suffix = suffix;
    this.rows = grown;
  }

  /** Marks aggregates that include slice offset `o` as stale. */
  invalidate(o: number): void {
    this.suffixValid = false;
    if (this.prefixValidTo >= o) this.prefixValidTo = o - 1;
  }
}
