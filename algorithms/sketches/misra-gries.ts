import type { Estimator } from "../base/estimator.js";
import { EstimatorConfigError, EstimatorInputError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { received, withDefaults } from "../base/validate.js";
import { checkCount, checkItem, checkK, checkSize, readItem, writeItem, type ItemCount, type SketchItem } from "./item.js";

/** Options of {@link MisraGries}. @public */
export interface MisraGriesOptions {
  /** Number of counters k; default 1000. Each estimate undercounts by at most N/(k + 1). */
  capacity?: number;
}

type Options = Required<MisraGriesOptions>;

const DEFAULTS: Options = { capacity: 1000 };
const TAG = "MisraGries";
const VERSION = 1;

/**
 * Misra–Gries frequent items (Misra & Gries 1982, the "Frequent" algorithm): k counters; an item
 * without a counter when all are taken decrements every counter instead.
 *
 * @remarks
 * Weighted form: an untracked `count` arriving at a full summary subtracts d = min(count, c_min)
 * from every counter and from itself, drops the counters at 0, and keeps any rest. Each such step
 * removes d·(k + 1) of weight, so after N total weight the total decrement D ≤ N/(k + 1) and
 * f − N/(k + 1) ≤ f − D ≤ `estimate` ≤ f for every item (0 for an untracked one); every item with
 * f > N/(k + 1) is tracked. Unit updates are O(1) amortised (a full O(k) pass removes ≥ k + 1
 * units).
 *
 * `merge` is Agarwal et al.'s (2012): counters are added, the (k + 1)-th largest sum is
 * subtracted from all and the positive ones kept; the bound holds for N = N₁ + N₂.
 *
 * @example
 * ```ts
 * import { MisraGries } from "streamine/algorithms";
 * const mg = new MisraGries({ capacity: 2 });
 * for (const item of [1, 2, 1, 3, 1]) mg.update(item);
 * // 3 arrived at a full summary: every counter lost 1, so 2 (and 3) dropped out.
 * expect(mg.estimate(1)).toBe(2); // true count 3, off by ≤ N/(k + 1) = 5/3
 * expect(mg.top(5)).toEqual([{ item: 1, count: 2, error: 1 }]);
 * ```
 * @see J. Misra, D. Gries, "Finding repeated elements", Science of Computer Programming 2(2) (1982).
 * @see P. K. Agarwal et al., "Mergeable summaries", PODS 2012.
 * @public
 */
export class MisraGries implements Estimator<MisraGriesOptions> {
  static readonly testParams: readonly MisraGriesOptions[] = [{ capacity: 1 }, { capacity: 8 }, { capacity: 64 }];

  readonly options: Readonly<Options>;
  private readonly index = new Map<SketchItem, number>();
  private readonly items: SketchItem[];
  private readonly counts: Float64Array;
  /** Unused slots, a stack: the last freed is reused first. */
  private readonly free: Int32Array;
  private nFree: number;
  private n = 0;
  /** Total decrement D applied to every counter so far: the undercount bound. */
  private decremented = 0;

  /** @param options - see {@link MisraGriesOptions}; default capacity 1000. */
  constructor(options?: MisraGriesOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkSize(where, "capacity", o.capacity);
    this.options = o;
    const k = o.capacity;
    this.items = new Array<SketchItem>(k).fill(0);
    this.counts = new Float64Array(k);
    this.free = new Int32Array(k);
    this.nFree = k;
    for (let i = 0; i < k; i++) this.free[i] = k - 1 - i;
  }

  /** Total weight seen (N). */
  get total(): number {
    return this.n;
  }

  /** Counts `count` (default 1, any finite weight > 0) occurrences of `item`. */
  update(item: SketchItem, count = 1): void {
    checkItem(`${TAG}.update`, item);
    checkCount(`${TAG}.update`, count);
    this.n += count;
    const slot = this.index.get(item);
    if (slot !== undefined) {
      this.counts[slot] = (this.counts[slot] as number) + count;
      return;
    }
    let rest = count;
    if (this.nFree === 0) {
      const counts = this.counts;
      let min = Infinity;
      for (let i = 0; i < counts.length; i++) if ((counts[i] as number) < min) min = counts[i] as number;
      const d = Math.min(rest, min);
      rest -= d;
      this.decremented += d;
      for (let i = 0; i < counts.length; i++) {
        const c = (counts[i] as number) - d;
        counts[i] = c;
        if (c <= 0) this.release(i);
      }
    }
    if (rest > 0) this.claim(item, rest);
  }

  /** The estimated count of `item`: ≤ its true count, by at most N/(k + 1); 0 if untracked. */
  estimate(item: SketchItem): number {
    checkItem(`${TAG}.estimate`, item);
    const slot = this.index.get(item);
    return slot === undefined ? 0 : (this.counts[slot] as number);
  }

  /** The `k` tracked items of largest count, largest first; `error` is the undercount bound D. */
  top(k: number): ItemCount[] {
    checkK(`${TAG}.top`, k);
    return this.sorted().slice(0, k);
  }

  /** Adds `other` (same capacity) into this summary (Agarwal et al. 2012). */
  merge(other: MisraGries): void {
    const where = `${TAG}.merge`;
    if (!(other instanceof MisraGries)) throw new EstimatorInputError(`${where}: other must be a MisraGries, got ${received(other)}`);
    if (other.options.capacity !== this.options.capacity) {
      throw new EstimatorInputError(`${where}: capacities differ (${this.options.capacity} vs ${other.options.capacity}); merge summaries of equal capacity`);
    }
    const k = this.options.capacity;
    const sums = new Map<SketchItem, number>();
    for (const e of this.sorted()) sums.set(e.item, e.count);
    for (const e of other.sorted()) sums.set(e.item, (sums.get(e.item) ?? 0) + e.count);
    const all = [...sums].sort((a, b) => b[1] - a[1]);
    const cut = all.length > k ? (all[k] as [SketchItem, number])[1] : 0;
    const n = this.n + other.n;
    const decremented = this.decremented + other.decremented + cut;
    this.clearSlots();
    for (const [item, c] of all) if (c - cut > 0) this.claim(item, c - cut);
    this.n = n;
    this.decremented = decremented;
  }

  /** Layout (version 1): options; N, D (f64); per slot: live flag, item, count; the free-slot stack. */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    w.f64(this.n).f64(this.decremented);
    const live = new Uint8Array(this.counts.length);
    for (const slot of this.index.values()) live[slot] = 1;
    for (let i = 0; i < this.counts.length; i++) {
      w.bool(live[i] === 1);
      if (live[i] === 1) {
        writeItem(w, this.items[i] as SketchItem);
        w.f64(this.counts[i] as number);
      }
    }
    w.u32(this.nFree);
    for (let i = 0; i < this.nFree; i++) w.u32(this.free[i] as number);
    return w.finish();
  }

  static restore(bytes: Uint8Array): MisraGries {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const mg = new MisraGries(options as MisraGriesOptions);
    mg.n = reader.f64();
    mg.decremented = reader.f64();
    const k = mg.counts.length;
    for (let i = 0; i < k; i++) {
      if (!reader.bool()) continue;
      const item = readItem(reader);
      mg.items[i] = item;
      mg.counts[i] = reader.f64();
      mg.index.set(item, i);
    }
    mg.nFree = reader.u32();
    if (mg.nFree + mg.index.size !== k) throw new EstimatorConfigError(`${TAG}.restore: snapshot free slots (${mg.nFree}) and counters (${mg.index.size}) do not add up to capacity ${k}`);
    for (let i = 0; i < mg.nFree; i++) mg.free[i] = reader.u32();
    reader.end();
    return mg;
  }

  private claim(item: SketchItem, count: number): void {
    const slot = this.free[--this.nFree] as number;
    this.items[slot] = item;
    this.counts[slot] = count;
    this.index.set(item, slot);
  }

  private release(slot: number): void {
    this.index.delete(this.items[slot] as SketchItem);
    this.counts[slot] = 0;
    this.free[this.nFree++] = slot;
  }

  private clearSlots(): void {
    for (const slot of [...this.index.values()]) this.release(slot);
    const k = this.counts.length;
    for (let i = 0; i < k; i++) this.free[i] = k - 1 - i;
  }

  /** Tracked items, largest count first (ties: lower slot first). */
  private sorted(): ItemCount[] {
    const out: { item: SketchItem; count: number; error: number; slot: number }[] = [];
    for (const [item, slot] of this.index) out.push({ item, count: this.counts[slot] as number, error: this.decremented, slot });
    out.sort((a, b) => b.count - a.count || a.slot - b.slot);
    return out.map(({ item, count, error }) => ({ item, count, error }));
  }
}
