import type { Estimator } from "../base/estimator.js";
import { EstimatorConfigError, EstimatorInputError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { received, withDefaults } from "../base/validate.js";
import { checkCount, checkItem, checkK, checkSize, readItem, writeItem, type ItemCount, type SketchItem } from "./item.js";

/** Options of {@link SpaceSaving}. @public */
export interface SpaceSavingOptions {
  /** Number of counters m; default 1000. Every item more frequent than N/m is kept, each count is off by ≤ N/m. */
  capacity?: number;
}

type Options = Required<SpaceSavingOptions>;

const DEFAULTS: Options = { capacity: 1000 };
const TAG = "SpaceSaving";
const VERSION = 1;
const NONE = -1;
// Over 300 lines: the Stream-Summary's linked lists live here, inline with the hot update path.

/**
 * SpaceSaving (Metwally, Agrawal & El Abbadi 2005): the most frequent items of a stream in m
 * counters, kept in a Stream-Summary so that each unit update costs O(1).
 *
 * @remarks
 * A tracked item's counter is incremented; an untracked one takes over the counter of minimum
 * count c_min, which becomes c_min + count, with c_min recorded as its possible overcount.
 * Guarantees after N total weight (m = `capacity`): for a tracked item f ≤ `estimate` ≤ f + c_min
 * ≤ f + N/m, and every item with f > c_min (so every item with f > N/m) is tracked; an untracked
 * item's `estimate` is 0 (its true count is ≤ c_min).
 *
 * Stream-Summary: counters of equal count share a bucket; buckets form a doubly linked list in
 * increasing count, so a unit increment moves a counter to the next bucket or a new one — no
 * scan, no heap. All links are `Int32Array`s indexed by counter slot; a weighted update of
 * `count` > 1 walks forward over the buckets it passes. Ties are broken by age: the counter that
 * reached the minimum count first is replaced first.
 *
 * `merge` follows Cafaro, Pulimeno & Tempesta (2016): an item missing from one summary counts as
 * that summary's c_min, the m largest sums are kept; the bounds above hold for N = N₁ + N₂.
 *
 * @example
 * ```ts
 * import { SpaceSaving } from "streamine/algorithms";
 * const ss = new SpaceSaving({ capacity: 2 });
 * for (const item of ["a", "b", "a", "c", "a"]) ss.update(item);
 * // "c" replaced "b" (count 1), so its estimate 2 may overcount by 1; "a" is exact.
 * expect(ss.top(2)).toEqual([
 *   { item: "a", count: 3, error: 0 },
 *   { item: "c", count: 2, error: 1 },
 * ]);
 * expect(ss.estimate("b")).toBe(0);
 * ```
 * @see A. Metwally, D. Agrawal, A. El Abbadi, "Efficient computation of frequent and top-k elements in data streams", ICDT 2005.
 * @see M. Cafaro, M. Pulimeno, P. Tempesta, "A parallel space saving algorithm for frequent items and the Hurwitz zeta distribution", Information Sciences 329 (2016).
 * @public
 */
export class SpaceSaving implements Estimator<SpaceSavingOptions> {
  static readonly testParams: readonly SpaceSavingOptions[] = [{ capacity: 1 }, { capacity: 8 }, { capacity: 64 }];

  readonly options: Readonly<Options>;
  private readonly index = new Map<SketchItem, number>();
  // Per counter slot: its item, overcount bound, bucket and neighbours within the bucket.
  private readonly items: SketchItem[];
  private readonly err: Float64Array;
  private readonly slotBucket: Int32Array;
  private readonly slotPrev: Int32Array;
  private readonly slotNext: Int32Array;
  // Per bucket (m + 1: an increment allocates the next bucket before freeing the old one).
  private readonly bucketCount: Float64Array;
  private readonly bucketPrev: Int32Array;
  private readonly bucketNext: Int32Array;
  private readonly bucketHead: Int32Array;
  private readonly bucketTail: Int32Array;
  private readonly freeBuckets: Int32Array;
  private nFree = 0;
  private minBucket = NONE;
  private maxBucket = NONE;
  private size = 0;
  private n = 0;

  /** @param options - see {@link SpaceSavingOptions}; default capacity 1000. */
  constructor(options?: SpaceSavingOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkSize(where, "capacity", o.capacity);
    this.options = o;
    const m = o.capacity;
    this.items = new Array<SketchItem>(m).fill(0);
    this.err = new Float64Array(m);
    this.slotBucket = new Int32Array(m);
    this.slotPrev = new Int32Array(m);
    this.slotNext = new Int32Array(m);
    this.bucketCount = new Float64Array(m + 1);
    this.bucketPrev = new Int32Array(m + 1);
    this.bucketNext = new Int32Array(m + 1);
    this.bucketHead = new Int32Array(m + 1);
    this.bucketTail = new Int32Array(m + 1);
    this.freeBuckets = new Int32Array(m + 1);
    this.reset();
  }

  /** Total weight seen (N). */
  get total(): number {
    return this.n;
  }

  /** Number of items currently tracked (≤ capacity). */
  get tracked(): number {
    return this.size;
  }

  /** Counts `count` (default 1, any finite weight > 0) occurrences of `item`. O(1) for count 1. */
  update(item: SketchItem, count = 1): void {
    checkItem(`${TAG}.update`, item);
    checkCount(`${TAG}.update`, count);
    this.n += count;
    let slot = this.index.get(item);
    if (slot !== undefined) {
      this.increment(slot, count);
    } else if (this.size < this.options.capacity) {
      slot = this.size++;
      this.items[slot] = item;
      this.err[slot] = 0;
      this.index.set(item, slot);
      this.place(slot, count, NONE);
    } else {
      const b = this.minBucket;
      slot = this.bucketHead[b] as number;
      this.index.delete(this.items[slot] as SketchItem);
      this.items[slot] = item;
      this.index.set(item, slot);
      this.err[slot] = this.bucketCount[b] as number;
      this.increment(slot, count);
    }
  }

  /** The estimated count of `item`: its counter (≥ the true count, by at most N/m), or 0 if untracked. */
  estimate(item: SketchItem): number {
    checkItem(`${TAG}.estimate`, item);
    const slot = this.index.get(item);
    return slot === undefined ? 0 : (this.bucketCount[this.slotBucket[slot] as number] as number);
  }

  /** The `k` items of largest count, largest first; `error` is each one's possible overcount. */
  top(k: number): ItemCount[] {
    checkK(`${TAG}.top`, k);
    const out: ItemCount[] = [];
    for (let b = this.maxBucket; b !== NONE && out.length < k; b = this.bucketPrev[b] as number) {
      const count = this.bucketCount[b] as number;
      for (let s = this.bucketHead[b] as number; s !== NONE && out.length < k; s = this.slotNext[s] as number) {
        out.push({ item: this.items[s] as SketchItem, count, error: this.err[s] as number });
      }
    }
    return out;
  }

  /** Adds `other` (same capacity) into this summary: afterwards it summarises both streams (see remarks). */
  merge(other: SpaceSaving): void {
    const where = `${TAG}.merge`;
    if (!(other instanceof SpaceSaving)) throw new EstimatorInputError(`${where}: other must be a SpaceSaving, got ${received(other)}`);
    if (other.options.capacity !== this.options.capacity) {
      throw new EstimatorInputError(`${where}: capacities differ (${this.options.capacity} vs ${other.options.capacity}); merge summaries of equal capacity`);
    }
    const m = this.options.capacity;
    const minA = this.size < m ? 0 : (this.bucketCount[this.minBucket] as number);
    const minB = other.size < m ? 0 : (other.bucketCount[other.minBucket] as number);
    const mine = this.entries();
    const theirs = other.entries();
    const inB = new Map<SketchItem, { count: number; error: number }>();
    for (const e of theirs) inB.set(e.item, e);
    const combined: ItemCount[] = [];
    for (const a of mine) {
      const b = inB.get(a.item);
      combined.push({ item: a.item, count: a.count + (b?.count ?? minB), error: a.error + (b?.error ?? minB) });
    }
    for (const b of theirs) if (!this.index.has(b.item)) combined.push({ item: b.item, count: b.count + minA, error: b.error + minA });
    // Stable sort: among equal counts the older (earlier in ascending walk) stay first.
    combined.sort((x, y) => y.count - x.count);
    const kept = combined.slice(0, m).reverse();
    const total = this.n + other.n;
    this.rebuild(kept);
    this.n = total;
  }

  /** Layout (version 1): options; N (f64); tracked count (u32); per counter in ascending order: item, count, overcount. */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    w.f64(this.n).u32(this.size);
    for (const e of this.entries()) {
      writeItem(w, e.item);
      w.f64(e.count).f64(e.error);
    }
    return w.finish();
  }

  static restore(bytes: Uint8Array): SpaceSaving {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const ss = new SpaceSaving(options as SpaceSavingOptions);
    const n = reader.f64();
    const size = reader.u32();
    if (size > ss.options.capacity) throw new EstimatorConfigError(`${TAG}.restore: snapshot holds ${size} counters, more than capacity ${ss.options.capacity}`);
    const entries: ItemCount[] = [];
    for (let i = 0; i < size; i++) {
      const e = { item: readItem(reader), count: reader.f64(), error: reader.f64() };
      if (!(e.count > 0) || (i > 0 && e.count < (entries[i - 1] as ItemCount).count)) throw new EstimatorConfigError(`${TAG}.restore: snapshot counters are not positive and ascending`);
      entries.push(e);
    }
    reader.end();
    ss.rebuild(entries);
    ss.n = n;
    return ss;
  }

  /** Every counter in ascending count order (within a bucket, oldest first): the order rebuild reads. */
  private entries(): ItemCount[] {
    const out: ItemCount[] = [];
    for (let b = this.minBucket; b !== NONE; b = this.bucketNext[b] as number) {
      const count = this.bucketCount[b] as number;
      for (let s = this.bucketHead[b] as number; s !== NONE; s = this.slotNext[s] as number) {
        out.push({ item: this.items[s] as SketchItem, count, error: this.err[s] as number });
      }
    }
    return out;
  }

  private reset(): void {
    this.index.clear();
    this.size = 0;
    this.n = 0;
    this.minBucket = NONE;
    this.maxBucket = NONE;
    this.nFree = this.freeBuckets.length;
    for (let i = 0; i < this.nFree; i++) this.freeBuckets[i] = this.nFree - 1 - i;
  }

  /** Refills the summary from entries in ascending count order. */
  private rebuild(ascending: readonly ItemCount[]): void {
    this.reset();
    for (const e of ascending) {
      const slot = this.size++;
      this.items[slot] = e.item;
      this.err[slot] = e.error;
      this.index.set(e.item, slot);
      const last = this.maxBucket;
      if (last !== NONE && this.bucketCount[last] === e.count) this.attach(slot, last);
      else this.attach(slot, this.newBucket(e.count, last));
    }
  }

  /** Moves `slot` up by `count`, freeing its old bucket if that empties. */
  private increment(slot: number, count: number): void {
    const b = this.slotBucket[slot] as number;
    this.detach(slot);
    this.place(slot, (this.bucketCount[b] as number) + count, b);
    if (this.bucketHead[b] === NONE) this.freeBucket(b);
  }

  /** Attaches `slot` to the bucket of `count`, searching forward from bucket `from` (NONE: from the minimum). */
  private place(slot: number, count: number, from: number): void {
    const next = this.bucketNext;
    const counts = this.bucketCount;
    let prev = from;
    let b = from === NONE ? this.minBucket : (next[from] as number);
    while (b !== NONE && (counts[b] as number) < count) {
      prev = b;
      b = next[b] as number;
    }
    this.attach(slot, b !== NONE && counts[b] === count ? b : this.newBucket(count, prev));
  }

  /** A new empty bucket of `count`, linked after bucket `after` (NONE: as the new minimum). */
  private newBucket(count: number, after: number): number {
    const b = this.freeBuckets[--this.nFree] as number;
    const next = after === NONE ? this.minBucket : (this.bucketNext[after] as number);
    this.bucketCount[b] = count;
    this.bucketHead[b] = NONE;
    this.bucketTail[b] = NONE;
    this.bucketPrev[b] = after;
    this.bucketNext[b] = next;
    if (after === NONE) this.minBucket = b;
    else this.bucketNext[after] = b;
    if (next === NONE) this.maxBucket = b;
    else this.bucketPrev[next] = b;
    return b;
  }

  private freeBucket(b: number): void {
    const prev = this.bucketPrev[b] as number;
    const next = this.bucketNext[b] as number;
    if (prev === NONE) this.minBucket = next;
    else this.bucketNext[prev] = next;
    if (next === NONE) this.maxBucket = prev;
    else this.bucketPrev[next] = prev;
    this.freeBuckets[this.nFree++] = b;
  }

  /** Appends `slot` at the tail (newest end) of bucket `b`. */
  private attach(slot: number, b: number): void {
    const tail = this.bucketTail[b] as number;
    this.slotBucket[slot] = b;
    this.slotPrev[slot] = tail;
    this.slotNext[slot] = NONE;
    if (tail === NONE) this.bucketHead[b] = slot;
    else this.slotNext[tail] = slot;
    this.bucketTail[b] = slot;
  }

  private detach(slot: number): void {
    const b = this.slotBucket[slot] as number;
    const prev = this.slotPrev[slot] as number;
    const next = this.slotNext[slot] as number;
    if (prev === NONE) this.bucketHead[b] = next;
    else this.slotNext[prev] = next;
    if (next === NONE) this.bucketTail[b] = prev;
    else this.slotPrev[next] = prev;
  }
}
