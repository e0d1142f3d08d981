import { NONE } from "./slices.js";
import type { SliceStore } from "./slice-store.js";

/** Purged blocks kept for reuse, at most. */
const POOL_LIMIT = 64;

/**
 * Suffix aggregates of a block of `n` consecutive slices `[b·n, b·n + n)`: row `o` (cells
 * `o · rows + id`) holds each key's aggregate over offsets `o…n−1`. Offset-major, so a window
 * reads its row sequentially.
 */
class SuffixBlock {
  cells: unknown[] = [];
  /** Key ids the rows have room for: the stride between rows. */
  rows = 0;
  valid = false;

  /** Makes room for `ids` key ids (a new layout must be recomputed). */
  ensureRows(ids: number, n: number): void {
    if (ids <= this.rows) return;
    this.rows = Math.max(ids, this.rows * 2);
    this.cells = new Array<unknown>(this.rows * n).fill(NONE);
    this.valid = false;
  }
}

/**
 * Assembles sliding windows of `n` slices from a {@link SliceStore} with O(1) merges per
 * (key, window), the "two-block" scheme: cut slices into blocks of `n`; a window starting at
 * offset `r` of block `b` is the suffix of `b` from `r` merged with the prefix of block `b + 1`
 * up to `r − 1`. Suffixes are computed once per block; the prefix is a running aggregate of the
 * block being filled, advanced as windows fire in order. An allowed-late change to a slice that
 * went into either invalidates it, and it is recomputed when next needed.
 *
 * Cells are only written for ids below the key-id capacity at the time, and capacity only grows,
 * so cells of ids that appeared later are still NONE; a recycled id's previous key has been absent
 * for several window lengths, so no live block holds data of it.

 * @internal
 */
export class SlidingAssembler {
  private readonly blocks = new Map<number, SuffixBlock>();
  private readonly pool: SuffixBlock[] = [];
  /** Running prefix: each key's aggregate over offsets 0…prefixUpTo of block prefixBlock. */
  private prefix: unknown[] = [];
  private prefixBlock = NaN;
  private prefixUpTo = -1;

  constructor(
    private readonly n: number,
    private readonly store: SliceStore,
    /** Merges two accumulators (neither NONE) into a new value, leaving both untouched. */
    private readonly mergeCopy: (a: unknown, b: unknown) => unknown,
  ) {}

  /**
   * Calls `emit(id, acc)` for every key with data in the window whose first slice is `j`. Windows
   * must be assembled in increasing `j` for the running prefix to advance (out of order works,
   * by recomputation).
   */
  assemble(j: number, emit: (id: number, acc: unknown) => void): void {
    const n = this.n;
    const b = Math.floor(j / n);
    const r = j - b * n;
    const ids = this.store.keyIds.capacity;
    if (r === 0) {
      const prefix = this.prefixThrough(b, n - 1);
      for (let id = 0; id < ids; id++) {
        const acc = prefix[id];
        if (acc !== NONE) emit(id, acc);
      }
      return;
    }
    const head = this.suffix(b);
    const prefix = this.prefixThrough(b + 1, r - 1);
    const cells = head.cells;
    const row = r * head.rows;
    const mergeCopy = this.mergeCopy;
    for (let id = 0; id < ids; id++) {
      const a = cells[row + id];
      const c = prefix[id];
      if (a === NONE) {
        if (c !== NONE) emit(id, c);
      } else {
        emit(id, c === NONE ? a : mergeCopy(a, c));
      }
    }
  }

  /** Slice `s` changed after it may have gone into block aggregates (an allowed-late record). */
  invalidate(s: number): void {
    const b = Math.floor(s / this.n);
    const block = this.blocks.get(b);
    if (block !== undefined) block.valid = false;
    if (b === this.prefixBlock && s - b * this.n <= this.prefixUpTo) this.prefixBlock = NaN;
  }

  /** Drops blocks whose last slice is below `firstLive`. */
  purgeBelow(firstLive: number): void {
    for (const [b, block] of this.blocks) {
      if ((b + 1) * this.n - 1 >= firstLive) continue;
      this.blocks.delete(b);
      if (this.pool.length < POOL_LIMIT) this.pool.push(block);
    }
  }

  get blockCount(): number {
    return this.blocks.size;
  }

  /** The running prefix of block `b`, advanced (or recomputed) through offset `upTo`. */
  private prefixThrough(b: number, upTo: number): unknown[] {
    const ids = this.store.keyIds.capacity;
    if (this.prefix.length < ids) {
      const grown = new Array<unknown>(Math.max(ids, this.prefix.length * 2)).fill(NONE);
      for (let id = 0; id < this.prefix.length; id++) grown[id] = this.prefix[id];
      this.prefix = grown;
    }
    const prefix = this.prefix;
    if (b !== this.prefixBlock || upTo < this.prefixUpTo) {
      for (let id = 0; id < ids; id++) prefix[id] = NONE;
      this.prefixBlock = b;
      this.prefixUpTo = -1;
    }
    const mergeCopy = this.mergeCopy;
    for (let o = this.prefixUpTo + 1; o <= upTo; o++) {
      const slice = this.store.get(b * this.n + o);
      if (slice === undefined) continue;
      const { accs, size } = slice;
      const sliceIds = slice.ids;
      for (let k = 0; k < size; k++) {
        const id = sliceIds[k] as number;
        const before = prefix[id];
        prefix[id] = before === NONE ? accs[k] : mergeCopy(before, accs[k]);
      }
    }
    this.prefixUpTo = Math.max(this.prefixUpTo, upTo);
    return prefix;
  }

  /** Block `b` with its suffix aggregates computed. */
  private suffix(b: number): SuffixBlock {
    const n = this.n;
    const ids = this.store.keyIds.capacity;
    let block = this.blocks.get(b);
    if (block === undefined) {
      block = this.pool.pop() ?? new SuffixBlock();
      block.valid = false;
      this.blocks.set(b, block);
    }
    block.ensureRows(ids, n);
    if (block.valid) return block;
    const { cells, rows } = block;
    const mergeCopy = this.mergeCopy;
    for (let o = n - 1; o >= 0; o--) {
      const row = o * rows;
      if (o === n - 1) for (let id = 0; id < ids; id++) cells[row + id] = NONE;
      else for (let id = 0; id < ids; id++) cells[row + id] = cells[row + rows + id];
      const slice = this.store.get(b * n + o);
      if (slice === undefined) continue;
      const { accs, size } = slice;
      const sliceIds = slice.ids;
      for (let k = 0; k < size; k++) {
        const cell = row + (sliceIds[k] as number);
        const later = cells[cell];
        cells[cell] = later === NONE ? accs[k] : mergeCopy(accs[k], later);
      }
    }
    block.valid = true;
    return block;
  }
}
