import type { Estimator } from "../base/estimator.js";
import { EstimatorInputError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, received, withDefaults } from "../base/validate.js";
import { checkCount, checkItem, checkK, readItem, writeItem, type ItemCount, type SketchItem } from "./item.js";

/** Options of {@link LossyCounting}. @public */
export interface LossyCountingOptions {
  /** Error bound ε in (0, 1); default 0.001: estimates undercount by at most εN. */
  epsilon?: number;
  /** Support s in (ε, 1]; default 0.01: `frequent()` returns every item with f ≥ sN and none with f < (s − ε)N. */
  support?: number;
  /** Factor in (0, 1] every count is multiplied by at each bucket boundary (every ⌈1/ε⌉ of weight); default 1 (no fading). */
  fading?: number;
}

type Options = Required<LossyCountingOptions>;

const DEFAULTS: Options = { epsilon: 0.001, support: 0.01, fading: 1 };
const TAG = "LossyCounting";
const VERSION = 1;

/**
 * Lossy Counting (Manku & Motwani 2002): ε-approximate frequent items. The stream is cut into
 * buckets of width w = ⌈1/ε⌉; an item first seen in bucket b + 1 gets a counter with possible
 * undercount Δ = b, and at each bucket boundary the counters with f + Δ ≤ b are dropped.
 *
 * @remarks
 * Guarantees (fading 1) after N total weight: f − εN ≤ `estimate` ≤ f for every item (0 if
 * untracked); `frequent()` holds every item with f ≥ sN and no item with f < (s − ε)N; at most
 * (1/ε)·log(εN) counters are kept. Weighted updates (`count` > 1) take Δ from the buckets
 * completed before them and may cross several boundaries at once.
 *
 * Fading (`fading` α < 1) multiplies every count, Δ, N and the bucket number by α at each
 * boundary, so old weight decays geometrically (by α per ⌈1/ε⌉ of new weight) and the
 * summary follows a changing distribution; the bounds then hold for the faded counts.
 *
 * `merge` adds counts and Δs (an item missing from one summary takes that summary's bucket
 * number as its Δ), adds bucket numbers, and prunes: the bounds hold for N = N₁ + N₂.
 *
 * @example
 * ```ts
 * import { LossyCounting } from "streamine/algorithms";
 * const lc = new LossyCounting({ epsilon: 0.1, support: 0.3 }); // buckets of 10
 * for (let i = 0; i < 100; i++) lc.update(i % 2 === 0 ? "even" : `odd-${i}`);
 * expect(lc.estimate("even")).toBe(50); // never dropped: exact
 * expect(lc.frequent().map((e) => e.item)).toEqual(["even"]); // singletons pruned at each boundary
 * ```
 * @see G. S. Manku, R. Motwani, "Approximate frequency counts over data streams", VLDB 2002.
 * @public
 */
export class LossyCounting implements Estimator<LossyCountingOptions> {
  static readonly testParams: readonly LossyCountingOptions[] = [{ epsilon: 0.1, support: 0.2 }, { epsilon: 0.01, support: 0.05 }, { epsilon: 0.05, support: 0.1, fading: 0.5 }];

  readonly options: Readonly<Options>;
  private readonly width: number;
  private readonly index = new Map<SketchItem, number>();
  private counts = new Float64Array(16);
  private deltas = new Float64Array(16);
  private readonly free: number[] = [];
  /** Slots ever used (live or free). */
  private used = 0;
  private n = 0;
  /** Completed buckets (faded when fading < 1). */
  private bucket = 0;
  /** Weight since the last boundary. */
  private pos = 0;

  /** @param options - see {@link LossyCountingOptions}; defaults ε 0.001, support 0.01, fading 1. */
  constructor(options?: LossyCountingOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(typeof o.epsilon === "number" && o.epsilon > 0 && o.epsilon < 1, where, "epsilon", "a number in (0, 1)", o.epsilon);
    checkOption(typeof o.support === "number" && o.support > o.epsilon && o.support <= 1, where, "support", `a number in (epsilon = ${o.epsilon}, 1]`, o.support);
    checkOption(typeof o.fading === "number" && o.fading > 0 && o.fading <= 1, where, "fading", "a number in (0, 1]", o.fading);
    this.options = o;
    this.width = Math.ceil(1 / o.epsilon);
  }

  /** Total weight seen (N; faded when fading < 1). */
  get total(): number {
    return this.n;
  }

  /** Number of counters currently kept. */
  get tracked(): number {
    return this.index.size;
  }

  /** Counts `count` (default 1, any finite weight > 0) occurrences of `item`. */
  update(item: SketchItem, count = 1): void {
    checkItem(`${TAG}.update`, item);
    checkCount(`${TAG}.update`, count);
    const slot = this.index.get(item);
    if (slot !== undefined) this.counts[slot] = (this.counts[slot] as number) + count;
    else this.insert(item, count, this.bucket);
    this.n += count;
    this.pos += count;
    if (this.pos >= this.width) {
      const crossed = Math.floor(this.pos / this.width);
      this.pos -= crossed * this.width;
      this.advance(crossed);
    }
  }

  /** The estimated count of `item`: ≤ its true count, by at most εN; 0 if untracked. */
  estimate(item: SketchItem): number {
    checkItem(`${TAG}.estimate`, item);
    const slot = this.index.get(item);
    return slot === undefined ? 0 : (this.counts[slot] as number);
  }

  /** Items with estimate ≥ (support − ε)·N, largest first; `error` is each one's possible undercount Δ. */
  frequent(): ItemCount[] {
    const threshold = (this.options.support - this.options.epsilon) * this.n;
    return this.sorted().filter((e) => e.count >= threshold);
  }

  /** The `k` tracked items of largest count, largest first. */
  top(k: number): ItemCount[] {
    checkK(`${TAG}.top`, k);
    return this.sorted().slice(0, k);
  }

  /** Adds `other` (same epsilon and fading) into this summary; see remarks. */
  merge(other: LossyCounting): void {
    const where = `${TAG}.merge`;
    if (!(other instanceof LossyCounting)) throw new EstimatorInputError(`${where}: other must be a LossyCounting, got ${received(other)}`);
    if (other.options.epsilon !== this.options.epsilon || other.options.fading !== this.options.fading) {
      throw new EstimatorInputError(`${where}: epsilon/fading differ (${this.options.epsilon}/${this.options.fading} vs ${other.options.epsilon}/${other.options.fading}); merge summaries with equal epsilon and fading`);
    }
    const mine = this.sorted();
    const theirs = other.sorted();
    const bA = this.bucket;
    const bB = other.bucket;
    const inB = new Map<SketchItem, ItemCount>();
    for (const e of theirs) inB.set(e.item, e);
    const n = this.n + other.n;
    const pos = this.pos + other.pos;
    this.clearSlots();
    for (const a of mine) {
      const b = inB.get(a.item);
      this.insert(a.item, a.count + (b?.count ?? 0), a.error + (b?.error ?? bB));
    }
    for (const b of theirs) if (!this.index.has(b.item)) this.insert(b.item, b.count, b.error + bA);
    this.n = n;
    this.bucket = bA + bB;
    this.pos = pos;
    const crossed = Math.floor(this.pos / this.width);
    this.pos -= crossed * this.width;
    this.advance(crossed);
  }

  /** Layout (version 1): options; N, bucket, pos (f64); counter count (u32); per counter in slot order: item, count, Δ. */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    w.f64(this.n).f64(this.bucket).f64(this.pos).u32(this.index.size);
    for (const [item, slot] of this.index) {
      writeItem(w, item);
      w.f64(this.counts[slot] as number).f64(this.deltas[slot] as number);
    }
    return w.finish();
  }

  static restore(bytes: Uint8Array): LossyCounting {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const lc = new LossyCounting(options as LossyCountingOptions);
    lc.n = reader.f64();
    lc.bucket = reader.f64();
    lc.pos = reader.f64();
    const size = reader.u32();
    for (let i = 0; i < size; i++) lc.insert(readItem(reader), reader.f64(), reader.f64());
    reader.end();
    return lc;
  }

  /** Crosses `crossed` ≥ 0 bucket boundaries: fades, then drops counters with f + Δ ≤ bucket. */
  private advance(crossed: number): void {
    if (crossed === 0) return;
    const alpha = this.options.fading;
    const counts = this.counts;
    const deltas = this.deltas;
    if (alpha < 1) {
      const decay = alpha ** crossed;
      for (const slot of this.index.values()) {
        counts[slot] = (counts[slot] as number) * decay;
        deltas[slot] = (deltas[slot] as number) * decay;
      }
      this.n *= decay;
      this.pos *= decay;
      this.bucket = this.bucket * decay + (1 - decay) / (1 - alpha);
    } else {
      this.bucket += crossed;
    }
    const b = this.bucket;
    for (const [item, slot] of this.index) {
      if ((counts[slot] as number) + (deltas[slot] as number) <= b) {
        this.index.delete(item);
        this.free.push(slot);
      }
    }
  }

  private insert(item: SketchItem, count: number, delta: number): void {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.used++;
      if (slot === this.counts.length) this.grow();
    }
    this.counts[slot] = count;
    this.deltas[slot] = delta;
    this.index.set(item, slot);
  }

  private grow(): void {
    const counts = new Float64Array(this.counts.length * 2);
    counts.set(this.counts);
    const deltas = new Float64Array(this.deltas.length * 2);
    deltas.set(this.deltas);
    this.counts = counts;
    this.deltas = deltas;
  }

  private clearSlots(): void {
    this.index.clear();
    this.free.length = 0;
    this.used = 0;
  }

  /** Tracked items, largest count first (ties in insertion order). */
  private sorted(): ItemCount[] {
    const out: ItemCount[] = [];
    for (const [item, slot] of this.index) out.push({ item, count: this.counts[slot] as number, error: this.deltas[slot] as number });
    return out.sort((a, b) => b.count - a.count);
  }
}
