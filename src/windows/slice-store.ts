import { KeyIds, Slice, type KeyIdsState } from "./slices.js";

/** Purged slices kept for reuse, at most. */
const POOL_LIMIT = 256;
const RING_MASK = 255;
/** Key ids are recycled once their key has been absent for this many window lengths. */
const ID_SLACK_WINDOWS = 4;

/**
 * A {@link SliceStore} in a checkpoint: the key-id table, and per live slice (ascending) the id
 * and accumulator of each key present, in the slice's column order (a tumbling window emits
 * its keys in that order). Pools and the ring cache are not state.
 * @internal
 */
export interface SliceStoreState {
  readonly keyIds: KeyIdsState;
  readonly slices: readonly { readonly index: number; readonly ids: Int32Array; readonly accs: readonly unknown[] }[];
  readonly lastSweep: number;
}

/**
 * The live slices of a slice window operator, by index: a ring array for the recent ones (most
 * lookups, window.bench.ts sliding case), a map for the rest, and the indices in ascending
 * order for firing. Purged slices are pooled and reused: fresh ones would be promoted to the
 * old generation and trigger full collections that walk the whole input.
 * @internal
 */
export class SliceStore {
  readonly keyIds = new KeyIds();
  /** Indices of live slices, ascending. */
  readonly sorted: number[] = [];
  private readonly slices = new Map<number, Slice>();
  private readonly ring: (Slice | undefined)[] = new Array<Slice | undefined>(RING_MASK + 1).fill(undefined);
  private readonly pool: Slice[] = [];
  /** First live slice at the last key-id sweep. */
  private lastSweep = -Infinity;

  /** @param windowSlices - slices per window, the unit of the key-id slack */
  constructor(private readonly windowSlices: number) {}

  get size(): number {
    return this.slices.size;
  }

  /** The live slice `s`, if any. */
  get(s: number): Slice | undefined {
    const slice = this.ring[s & RING_MASK];
    return slice !== undefined && slice.index === s ? slice : this.slices.get(s);
  }

  /** The slice `s`, created when missing. */
  slice(s: number): Slice {
    const cached = this.ring[s & RING_MASK];
    if (cached !== undefined && cached.index === s) return cached;
    let slice = this.slices.get(s);
    if (slice === undefined) {
      const pooled = this.pool.pop();
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
    const occupant = this.ring[s & RING_MASK];
    if (occupant === undefined || this.slices.get(occupant.index) !== occupant) this.ring[s & RING_MASK] = slice;
    return slice;
  }

  /** The live content; accumulators are the user's values, stored as they are. */
  snapshot(): SliceStoreState {
    const slices: { index: number; ids: Int32Array; accs: unknown[] }[] = [];
    for (const index of this.sorted) {
      const slice = this.get(index);
      if (slice === undefined) continue;
      slices.push({ index, ids: slice.ids.slice(0, slice.size), accs: slice.accs.slice(0, slice.size) });
    }
    return { keyIds: this.keyIds.snapshot(), slices, lastSweep: this.lastSweep };
  }

  /** Fills a new, empty store from a {@link snapshot}. */
  restore(state: SliceStoreState): void {
    if (this.slices.size > 0) throw new Error("SliceStore.restore: the store is not empty");
    this.keyIds.restore(state.keyIds);
    this.lastSweep = state.lastSweep;
    const capacity = this.keyIds.capacity;
    let previous = -Infinity;
    for (const { index, ids, accs } of state.slices) {
      if (!(index > previous) || ids.length !== accs.length) throw new Error(`slice state is corrupt at slice ${index}`);
      previous = index;
      const slice = this.slice(index);
      for (let p = 0; p < ids.length; p++) {
        const id = ids[p] as number;
        if (!(id >= 0 && id < capacity)) throw new Error(`slice state is corrupt: key id ${id} of slice ${index} has no key`);
        slice.append(id, accs[p]);
      }
    }
  }

  /** Drops every slice below `firstLive` and recycles key ids that have been unused for a while. */
  purgeBelow(firstLive: number): void {
    const sorted = this.sorted;
    let k = 0;
    while (k < sorted.length && (sorted[k] as number) < firstLive) {
      const index = sorted[k] as number;
      const slice = this.slices.get(index);
      if (slice !== undefined) {
        if (this.ring[index & RING_MASK] === slice) this.ring[index & RING_MASK] = undefined;
        if (this.pool.length < POOL_LIMIT) this.pool.push(slice);
      }
      this.slices.delete(index);
      k++;
    }
    if (k === 0) return;
    sorted.splice(0, k);
    if (sorted.length === 0) {
      this.keyIds.sweep(Infinity);
    } else if (firstLive - this.lastSweep >= this.windowSlices) {
      this.keyIds.sweep(firstLive - ID_SLACK_WINDOWS * this.windowSlices);
      this.lastSweep = firstLive;
    }
  }
}
