import type { AggregateFunction, Key } from "../api/functions.js";
import { describeError } from "../errors.js";
import type { Batch } from "../runtime/batch.js";
import type { Operator, OperatorContext } from "../runtime/operator.js";
import { readOperatorState, type OperatorState } from "../state/operator-state.js";
import type { WindowAssigner } from "../windows/assigners.js";
import { SliceStore, type SliceStoreState } from "../windows/slice-store.js";
import { SlidingAssembler } from "../windows/sliding-assembler.js";
import { NONE } from "../windows/slices.js";
import { TimeWindow } from "../windows/time-window.js";
import { invalidKeyReason, type KeySelectorFn } from "./key.js";

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** What {@link SliceWindowAggregateOperator.snapshotState} returns. */
interface SliceWindowState extends OperatorState {
  /** The slicing, `[g, n, step, offset]`: slice indices mean nothing under another. */
  readonly slicing: readonly number[];
  readonly store: SliceStoreState;
  readonly watermark: number;
}

const KIND = "slice-window";
const VERSION = 1;

/**
 * Event-time tumbling and sliding window aggregation over slices (Flink SQL's slicing
 * windows). Time is cut into slices of `g = gcd(size, slide)` ms; a record updates the
 * accumulator of its key in one slice, and a window of `n = size / g` slices is assembled when
 * it fires. Tumbling windows are single slices; sliding windows are assembled by a
 * {@link SlidingAssembler} with O(1) merges per (key, window).
 *
 * @remarks
 * Semantics are exactly those of the general window operator with the event-time trigger:
 * a window fires when the watermark reaches `end − 1`; a record is late when every window it
 * would join has `end − 1 + allowedLateness ≤ watermark`; an allowed-late record re-fires the
 * already-fired windows it joins, for its key, at once. A slice is dropped when the last window
 * containing it reaches its cleanup time, so no state outlives its windows.
 *
 * A checkpoint holds the slices and key ids and the watermark; which windows have fired and
 * which are still within lateness follows from the watermark, and the sliding assembler's block
 * and prefix aggregates are caches, recomputed from the slices (in the same merge order) when
 * next needed.
 * @internal
 */
export class SliceWindowAggregateOperator implements Operator {
  private ctx!: OperatorContext;
  private readonly g: number;
  private readonly n: number;
  private readonly step: number;
  private readonly offset: number;
  private readonly store: SliceStore;
  /** Assembles windows of several slices; null for tumbling windows (one slice each). */
  private readonly assembler: SlidingAssembler | null;
  /** Merges two accumulators (neither NONE) into a new value, leaving both untouched. */
  private readonly mergeCopy: (a: unknown, b: unknown) => unknown;
  private watermark = -Infinity;
  /** Slices below this index are late: every window containing them is cleaned up. */
  private firstLiveSlice = -Infinity;
  /** Slices at or above this index belong to no window that has fired. */
  private firstUnfiredSlice = -Infinity;

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
    const merge = agg.merge;
    if (this.n > 1 && merge === undefined) throw new Error("sliding slices need AggregateFunction.merge");
    // merge(a, b) may update a: object accumulators are merged into a fresh one so slices and
    // block aggregates stay intact; primitives cannot be updated in place.
    const sample = agg.createAccumulator();
    this.mergeCopy =
      merge === undefined
        ? () => NONE
        : (typeof sample === "object" && sample !== null) || typeof sample === "function"
          ? (a, b) => merge(merge(agg.createAccumulator(), a), b)
          : merge;
    this.store = new SliceStore(this.n);
    this.assembler = this.n > 1 ? new SlidingAssembler(this.n, this.store, this.mergeCopy) : null;
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
    const store = this.store;
    const keyIds = store.keyIds;
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
          const slice = store.slice(s);
          const id = keyIds.lookup(key);
          if (id === undefined) {
            const acc = agg.add(value, agg.createAccumulator());
            slice.append(keyIds.create(key, s), acc);
          } else {
            const p = slice.find(id);
            if (p < 0) {
              const acc = agg.add(value, agg.createAccumulator());
              keyIds.seen(id, s);
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

  /** An allowed-late record for `key` in slice `s`: re-emit every fired, not yet cleaned window containing it. */
  private refire(key: Key, s: number): void {
    const n = this.n;
    const id = this.store.keyIds.lookup(key);
    if (id === undefined) return;
    this.assembler?.invalidate(s);
    for (let j = this.firstWindowOf(s); j <= this.lastWindowOf(s); j += this.step) {
      const maxTs = this.windowMaxTs(j);
      if (maxTs > this.watermark || maxTs + this.allowedLatenessMs <= this.watermark) continue;
      let acc: unknown = NONE;
      for (let t = j; t < j + n; t++) {
        const slice = this.store.get(t);
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
    const sorted = this.store.sorted;
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
    const keys = this.store.keyIds.keys;
    if (this.assembler !== null) {
      this.assembler.assemble(j, (id, acc) => this.emitResult(keys[id] as Key, window, acc));
      return;
    }
    const slice = this.store.get(j);
    if (slice === undefined) return;
    const { ids, accs, size } = slice;
    for (let p = 0; p < size; p++) this.emitResult(keys[ids[p] as number] as Key, window, accs[p]);
  }

  /** Merges two accumulators without modifying either (either may be NONE). */
  private combine(a: unknown, b: unknown): unknown {
    if (a === NONE) return b;
    if (b === NONE) return a;
    return this.mergeCopy(a, b);
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
    this.store.purgeBelow(this.firstLiveSlice);
    this.assembler?.purgeBelow(this.firstLiveSlice);
  }

  close(): void {}

  snapshotState(): SliceWindowState {
    return { kind: KIND, version: VERSION, slicing: this.slicing(), store: this.store.snapshot(), watermark: this.watermark };
  }

  restoreState(state: unknown): void {
    const s = readOperatorState<SliceWindowState>(state, KIND, VERSION);
    const here = this.slicing();
    if (s.slicing.length !== here.length || s.slicing.some((x, i) => x !== here[i])) {
      const show = (x: readonly number[]): string => `slice ${x[0]} ms, ${x[1]} per window, slide ${x[2]}, offset ${x[3]} ms`;
      throw new Error(`the checkpoint's windows are cut differently (${show(s.slicing)}; here ${show(here)}): window size, slide and offset must stay the same`);
    }
    this.store.restore(s.store);
    this.watermark = s.watermark;
    this.updateThresholds();
  }

  private slicing(): number[] {
    return [this.g, this.n, this.step, this.offset];
  }

  /** Live slices and blocks (tests check that state does not outlive its windows). */
  stateSize(): { slices: number; blocks: number; keyIds: number } {
    return { slices: this.store.size, blocks: this.assembler?.blockCount ?? 0, keyIds: this.store.keyIds.liveKeys };
  }
}
