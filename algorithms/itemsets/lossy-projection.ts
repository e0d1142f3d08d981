import type { TransactionQueue } from "./streaming-transaction-queue.js";

const NO_IDS = new Int32Array(0);

/**
 * The projections of a batch of transactions on the sets of a depth-first walk (as in
 * FP-growth and LCM): a set's projection lists, for each transaction containing it, the
 * position just after the set's last item, so the set's extensions are counted on those
 * suffixes alone, never on all C(|t|, k) subsets. Frames live on one `Int32Array` stack:
 * `extend` pushes one, `pop` drops it, nothing is allocated per set. A frame at `base` holds m,
 * then per extension item, ascending: the item, its count, and where its own projection starts
 * and ends on the stack.
 * @internal
 */
export class BatchProjection {
  private arena = new Int32Array(1024);
  private top = 0;
  /** Per item id: its count while a frame is tallied, then its write cursor; 0 between frames. */
  private tally = new Int32Array(0);
  /** Per position in the batch's ids: the end of the transaction holding it. */
  private txEnd = new Int32Array(0);
  private items = NO_IDS;

  /** Takes `batch` (ids below `nItems`, each transaction ascending); returns the end of the root projection, which starts at 0. */
  load(batch: TransactionQueue, nItems: number): number {
    if (this.tally.length < nItems) this.tally = new Int32Array(Math.max(nItems, 2 * this.tally.length));
    const last = batch.count === 0 ? 0 : batch.end(batch.count - 1);
    if (this.txEnd.length < last) this.txEnd = new Int32Array(Math.max(last, 2 * this.txEnd.length));
    this.top = 0;
    this.ensure(batch.count);
    let roots = 0;
    for (let i = 0; i < batch.count; i++) {
      const start = batch.start(i);
      const end = batch.end(i);
      for (let j = start; j < end; j++) this.txEnd[j] = end;
      if (end > start) this.arena[roots++] = start;
    }
    this.items = batch.items;
    this.top = roots;
    return roots;
  }

  /** Drops the batch. */
  release(): void {
    this.items = NO_IDS;
    this.top = 0;
  }

  /** Pushes the frame of the extensions of the set projected on stack[from, to); returns its base. */
  extend(from: number, to: number): number {
    const items = this.items;
    const txEnd = this.txEnd;
    const tally = this.tally;
    let total = 0;
    for (let k = from; k < to; k++) total += (txEnd[this.arena[k] as number] as number) - (this.arena[k] as number);
    const base = this.top;
    this.ensure(base + 1 + 5 * total);
    const arena = this.arena;
    const at = base + 1;
    let m = 0;
    for (let k = from; k < to; k++) {
      const end = txEnd[arena[k] as number] as number;
      for (let j = arena[k] as number; j < end; j++) {
        const it = items[j] as number;
        if ((tally[it] = (tally[it] as number) + 1) === 1) arena[at + m++] = it;
      }
    }
    arena.subarray(at, at + m).sort();
    arena[base] = m;
    // Spread the sorted items to one 4-int record each, from the last (4q ≥ q: nothing is overwritten early).
    for (let q = m - 1; q >= 0; q--) arena[at + 4 * q] = arena[at + q] as number;
    let cursor = at + 4 * m;
    for (let q = 0; q < m; q++) {
      const it = arena[at + 4 * q] as number;
      const c = tally[it] as number;
      arena[at + 4 * q + 1] = c;
      arena[at + 4 * q + 2] = cursor;
      tally[it] = cursor;
      cursor += c;
    }
    for (let k = from; k < to; k++) {
      const end = txEnd[arena[k] as number] as number;
      // A transaction whose last item is the extension has nothing left to project.
      for (let j = arena[k] as number; j < end - 1; j++) {
        const it = items[j] as number;
        arena[tally[it] as number] = j + 1;
        tally[it] = (tally[it] as number) + 1;
      }
    }
    for (let q = 0; q < m; q++) {
      const it = arena[at + 4 * q] as number;
      arena[at + 4 * q + 3] = tally[it] as number;
      tally[it] = 0;
    }
    this.top = cursor;
    return base;
  }

  /** Drops the frame at `base` and everything above it. */
  pop(base: number): void {
    this.top = base;
  }

  /** Number of extension items of the frame at `base`. */
  size(base: number): number {
    return this.arena[base] as number;
  }

  /** The q-th extension item (ascending) of the frame at `base`. */
  item(base: number, q: number): number {
    return this.arena[base + 1 + 4 * q] as number;
  }

  /** How many of the set's transactions hold its q-th extension item. */
  count(base: number, q: number): number {
    return this.arena[base + 2 + 4 * q] as number;
  }

  /** Where the projection of the q-th extension starts on the stack. */
  from(base: number, q: number): number {
    return this.arena[base + 3 + 4 * q] as number;
  }

  /** Where it ends. */
  to(base: number, q: number): number {
    return this.arena[base + 4 + 4 * q] as number;
  }

  /** Grows the stack to hold `size` ints, keeping what lies below `top`. */
  private ensure(size: number): void {
    if (size <= this.arena.length) return;
    const grown = new Int32Array(Math.max(size, 2 * this.arena.length));
    grown.set(this.arena.subarray(0, this.top));
    this.arena = grown;
  }
}
