import type { AggregateFunction, Key } from "../api/functions.js";
import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import type { Operator, OperatorContext } from "../runtime/operator.js";
import type { WindowAssigner } from "../windows/assigners.js";
import { KeyIds, NONE, Slice, SliceBlock } from "../windows/slices.js";
import { TimeWindow } from "../windows/time-window.js";
import { invalidKeyReason, type KeySelectorFn } from "./key.js";

/** Purged slices and blocks kept for reuse, at most. */
const POOL_LIMIT = 256;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Event-time tumbling and sliding window aggregation over slices (Flink SQL's slicing
 * windows). Time is cut into slices of `g = gcd(size, slide)` ms; a record updates the
 * accumulator of its key in one slice, and a window of `n = size / g` slices is assembled when
 * it fires. Tumbling windows are single slices; sliding windows combine a block suffix with the
 * next block's prefix ({@link SliceBlock}), so firing costs O(1) merges per (key, window).
 *
 * @remarks
 * Semantics are exactly those of the general window operator with the event-time trigger:
 * a window fires when the watermark reaches `end − 1`; a record is late when every window it
 * would join has `end − 1 + allowedLateness ≤ watermark`; an allowed-late record re-fires the
 * already-fired windows it joins, for its key, at once. A slice is dropped when the last window
 * containing it reaches its cleanup time, so no state outlives its windows.
 * @internal
 */
export class SliceWindowAggregateOperator implements Operator {
  private ctx!: OperatorContext;
  private readonly g: number;
  private readonly n: number;
  private readonly step: number;
  private readonly offset: number;
  private readonly slices = new Map<number, Slice>();
  /** Indices of live slices, ascending. */
  private readonly sorted: number[] = [];
  private readonly blocks = new Map<number, SliceBlock>();
  private readonly keyIds = new KeyIds();
  // Purged slices and blocks are reused: fresh ones would be promoted to the old generation and
  // trigger full collections that walk the whole input (window.bench.ts, sliding case).
  private readonly slicePool: Slice[] = [];
  private readonly blockPool: SliceBlock[] = [];
  private watermark = -Infinity;
  /** Slices below this index are late: every window containing them is cleaned up. */
  private firstLiveSlice = -Infinity;
  /** Slices at or above this index belong to no window that has fired. */
  private firstUnfiredSlice = -Infinity;
  private cachedIndex = NaN;
  private cachedSlice: Slice | null = null;

  constructor(
    private readonly keySelector: KeySelectorFn,
    assigner: WindowAssigner,
    private readonly agg: AggregateFunction<unknown, unknown, unknown>,
    private readonly allowedLatenessMs: number,
    private readonly lateTagId: string | null,
  ) {
    this.g = gcd(assigner.sizeMs, assigner.slideMs);
    this.n = assigner.sizeMs / this.g;
    this.step = assigner.slideMs / this.g;
    this.offset = assigner.offsetMs;
    if (this.n > 1 && agg.merge === undefined) throw new Error("sliding slices need AggregateFunction.merge");
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }

  // ---------------- window arithmetic (slice indices) ----------------

  /** Last timestamp of the window whose first slice is `j`. */
  private windowMaxTs(j: number): number {
    return (j + this.n) * this.g + this.offset - 1;
  }

  /** First slice of the earliest window containing slice `s`. */
  private firstWindowOf(s: number): number {
    return Math.ceil((s - this.n + 1) / this.step) * this.step;
  }

  /** First slice of the latest window containing slice `s`. */
  private lastWindowOf(s: number): number {
    return Math.floor(s / this.step) * this.step;
  }

  private window(j: number): TimeWindow {
    const start = j * this.g + this.offset;
    return new TimeWindow(start, start + this.n * this.g);
  }

  private updateThresholds(): void {
    const { g, n, step, offset, watermark } = this;
    // smallest multiple of step, j, with windowMaxTs(j) + lateness > watermark
    const x = (watermark + 1 - this.allowedLatenessMs - offset) / g - n;
    this.firstLiveSlice = (Math.floor(x / step) + 1) * step;
    const y = (watermark + 1 - offset) / g - n;
    this.firstUnfiredSlice = (Math.floor(y / step) + 1) * step - step + n;
  }

  // ---------------- input ----------------

  processBatch(batch: Batch): void {
    const { values, timestamps, length } = batch;
    const ctx = this.ctx;
    const keySelector = this.keySelector;
    const agg = this.agg;
    const g = this.g;
    const offset = this.offset;
    const firstLive = this.firstLiveSlice;
    const firstUnfired = this.firstUnfiredSlice;
    const keyIds = this.keyIds;
    let accepted = 0;
    let late = 0;
    let i = 0;
    while (i < length) {
      try {
        for (; i < length; i++) {
          const value = values[i];
          const ts = timestamps[i] as number;
          const s = Math.floor((ts - offset) / g);
          if (s < firstLive) {
            late++;
            if (this.lateTagId !== null) ctx.emitSide(this.lateTagId, value, ts);
            continue;
          }
          if (Number.isNaN(s)) {
            ctx.deadLetter(value, "record has no event timestamp: call assignTimestamps(…) before an event-time window");
            continue;
          }
          const key = keySelector(value);
          if (typeof key !== "string" && typeof key !== "number") {
            const bad = invalidKeyReason(key);
            if (bad !== null) {
              ctx.deadLetter(value, bad);
              continue;
            }
          } else if (key !== key) {
            ctx.deadLetter(value, "key selector returned NaN");
            continue;
          }
          const slice = s === this.cachedIndex ? (this.cachedSlice as Slice) : this.sliceAt(s);
          const id = keyIds.lookup(key);
          if (id === undefined) {
            const acc = agg.add(value, agg.createAccumulator());
            slice.append(keyIds.create(key), acc);
          } else {
            const p = slice.find(id);
            if (p < 0) {
              const acc = agg.add(value, agg.createAccumulator());
              keyIds.retain(id);
              slice.append(id, acc);
            } else {
              slice.accs[p] = agg.add(value, slice.accs[p]);
            }
          }
          accepted++;
          if (s < firstUnfired) this.refire(key, s);
        }
      } catch (error) {
        ctx.deadLetter(values[i], `aggregate function threw ${describeError(error)}`);
        i++;
      }
    }
    ctx.counters.out += accepted;
    ctx.counters.late += late;
  }

  private sliceAt(s: number): Slice {
    let slice = this.slices.get(s);
    if (slice === undefined) {
      const pooled = this.slicePool.pop();
      if (pooled === undefined) slice = new Slice(s, this.keyIds.capacity);
      else {
        pooled.reset(s);
        slice = pooled;
      }
      this.slices.set(s, slice);
      const sorted = this.sorted;
      let k = sorted.length;
      while (k > 0 && (sorted[k - 1] as number) > s) k--;
      sorted.splice(k, 0, s);
    }
    this.cachedIndex = s;
    this.cachedSlice = slice;
    return slice;
  }

  /** An allowed-late record for `key` in slice `s`: re-emit every fired, not yet cleaned window containing it. */
  private refire(key: Key, s: number): void {
    const n = this.n;
    const id = this.keyIds.lookup(key);
    if (id === undefined) return;
    if (n > 1) this.blocks.get(Math.floor(s / n))?.invalidate(s - Math.floor(s / n) * n);
    for (let j = this.firstWindowOf(s); j <= this.lastWindowOf(s); j += this.step) {
      const maxTs = this.windowMaxTs(j);
      if (maxTs > this.watermark || maxTs + this.allowedLatenessMs <= this.watermark) continue;
      let acc: unknown = NONE;
      for (let t = j; t < j + n; t++) {
        const slice = this.slices.get(t);
        const p = slice === undefined ? -1 : slice.find(id);
        if (slice !== undefined && p >= 0) acc = this.combine(acc, slice.accs[p]);
      }
      if (acc !== NONE) this.emitResult(key, this.window(j), acc);
    }
  }

  // ---------------- watermarks and firing ----------------

  processWatermark(watermarkMs: number): void {
    const previous = this.watermark;
    this.watermark = watermarkMs;
    this.fireWindows(previous, watermarkMs);
    this.updateThresholds();
    this.purge();
    this.ctx.emitWatermark(watermarkMs);
  }

  /** Fires, in window order, every window with `previous < end − 1 ≤ current` that holds data. */
  private fireWindows(previous: number, current: number): void {
    const sorted = this.sorted;
    if (sorted.length === 0) return;
    const { g, n, step, offset } = this;
    const lo = (Math.floor(((previous + 1 - offset) / g - n) / step) + 1) * step;
    const hi = Math.floor(((current + 1 - offset) / g - n) / step) * step;
    let j = Math.max(lo, this.firstWindowOf(sorted[0] as number));
    let k = 0;
    while (j <= hi) {
      while (k < sorted.length && (sorted[k] as number) < j) k++;
      if (k >= sorted.length) break;
      const first = sorted[k] as number;
      if (first >= j + n) {
        j = Math.max(j + step, this.firstWindowOf(first));
        continue;
      }
      this.fireWindow(j);
      j += step;
    }
  }

  private fireWindow(j: number): void {
    const window = this.window(j);
    const n = this.n;
    if (n === 1) {
      const slice = this.slices.get(j);
      if (slice === undefined) return;
      const { ids, accs } = slice;
      const keys = this.keyIds.keys;
      for (let p = 0; p < ids.length; p++) this.emitResult(keys[ids[p] as number] as Key, window, accs[p]);
      return;
    }
    const b = Math.floor(j / n);
    const r = j - b * n;
    const keys = this.keyIds.keys;
    const ids = this.keyIds.capacity;
    if (r === 0) {
      const { prefix } = this.prefixBlock(b, n - 1);
      for (let id = 0; id < ids; id++) {
        const acc = prefix[id * n + n - 1];
        if (acc !== NONE) this.emitResult(keys[id] as Key, window, acc);
      }
      return;
    }
    const head = this.suffixBlock(b);
    const tail = this.prefixBlock(b + 1, r - 1);
    const { suffix } = head;
    const { prefix } = tail;
    for (let id = 0; id < ids; id++) {
      const a = suffix[id * n + r];
      const c = prefix[id * n + r - 1];
      if (a === NONE && c === NONE) continue;
      this.emitResult(keys[id] as Key, window, this.combine(a, c));
    }
  }

  private block(b: number): SliceBlock {
    let block = this.blocks.get(b);
    if (block === undefined) {
      const pooled = this.blockPool.pop();
      if (pooled === undefined) block = new SliceBlock(b, this.n);
      else {
        pooled.reset(b);
        block = pooled;
      }
      this.blocks.set(b, block);
    }
    block.ensureRows(this.keyIds.capacity);
    return block;
  }

  /** Block `b` with prefix aggregates valid through offset `upTo`. */
  private prefixBlock(b: number, upTo: number): SliceBlock {
    const block = this.block(b);
    const n = this.n;
    const { prefix } = block;
    const rows = this.keyIds.capacity;
    for (let o = block.prefixValidTo + 1; o <= upTo; o++) {
      for (let id = 0; id < rows; id++) prefix[id * n + o] = o === 0 ? NONE : prefix[id * n + o - 1];
      const slice = this.slices.get(b * n + o);
      if (slice !== undefined) {
        const { ids, accs } = slice;
        for (let k = 0; k < ids.length; k++) {
          const cell = (ids[k] as number) * n + o;
          prefix[cell] = this.combine(prefix[cell], accs[k]);
        }
      }
      block.prefixValidTo = o;
    }
    return block;
  }

  /** Block `b` with all suffix aggregates valid. */
  private suffixBlock(b: number): SliceBlock {
    const block = this.block(b);
    if (block.suffixValid) return block;
    const n = this.n;
    const { suffix } = block;
    const rows = this.keyIds.capacity;
    suffix.fill(NONE, 0, rows * n);
    for (let o = 0; o < n; o++) {
      const slice = this.slices.get(b * n + o);
      if (slice === undefined) continue;
      const { ids, accs } = slice;
      for (let k = 0; k < ids.length; k++) suffix[(ids[k] as number) * n + o] = accs[k];
    }
    for (let id = 0; id < rows; id++) {
      for (let cell = id * n + n - 2; cell >= id * n; cell--) suffix[cell] = this.combine(suffix[cell], suffix[cell + 1]);
    }
    block.suffixValid = true;
    return block;
  }

  /** Merges two accumulators without modifying either (either may be NONE). */
  private combine(a: unknown, b: unknown): unknown {
    if (a === NONE) return b;
    if (b === NONE) return a;
    const merge = this.agg.merge as (x: unknown, y: unknown) => unknown;
    if (typeof a === "object" && a !== null) return merge(merge(this.agg.createAccumulator(), a), b);
    return merge(a, b);
  }

  private emitResult(key: Key, window: TimeWindow, acc: unknown): void {
    let value: unknown;
    try {
      value = this.agg.getResult(acc);
    } catch (error) {
      this.ctx.deadLetter({ key, window }, `aggregate getResult threw ${describeError(error)}`, false);
      return;
    }
    this.ctx.emit({ key, window, value }, window.end - 1);
  }

  /** Drops slices and blocks whose every window is past its cleanup time. */
  private purge(): void {
    const sorted = this.sorted;
    const firstLive = this.firstLiveSlice;
    let k = 0;
    while (k < sorted.length && (sorted[k] as number) < firstLive) {
      const index = sorted[k] as number;
      const slice = this.slices.get(index);
      if (slice !== undefined) {
        for (const id of slice.ids) this.keyIds.release(id);
        if (this.slicePool.length < POOL_LIMIT) this.slicePool.push(slice);
      }
      this.slices.delete(index);
      k++;
    }
    if (k > 0) {
      sorted.splice(0, k);
      this.cachedIndex = NaN;
      this.cachedSlice = null;
    }
    if (this.n > 1) {
      for (const [b, block] of this.blocks) {
        if ((b + 1) * this.n - 1 >= firstLive) continue;
        this.blocks.delete(b);
        if (this.blockPool.length < POOL_LIMIT) this.blockPool.push(block);
      }
    }
  }

  close(): void {}

  /** Live slices and blocks (tests check that state does not outlive its windows). */
  stateSize(): { slices: number; blocks: number; keyIds: number } {
    return { slices: this.slices.size, blocks: this.blocks.size, keyIds: this.keyIds.liveKeys };
  }
}
