const NO_VALUES = new Float64Array(0);
const NO_INTS = new Int32Array(0);

/**
 * The points of a {@link RandomCutForest}'s samples, shared by all its trees (AWS `PointStore`):
 * each point is stored once, however many trees keep it, with a count of the sample entries
 * (over all trees) that refer to it. A slot whose count drops to 0 goes on a free list and is
 * reused. Grows by doubling up to `maxCapacity` = trees × sampleSize + 1 (every sample full, plus
 * the point being inserted), so adding never fails. Slot numbers are not part of a snapshot:
 * {@link RandomCutForest.snapshot} numbers the points by their first appearance in the samplers.
 * @internal
 */
export class RcfPointStore {
  /** Row-major points, `dim` values per slot. Reallocated when the store grows: read it per call. */
  values: Float64Array = NO_VALUES;
  /** Sample entries referring to each slot. */
  refs: Int32Array = NO_INTS;
  /** Freed slots, a stack. */
  private free: Int32Array = NO_INTS;
  private freeCount = 0;
  /** Slots [0, top) have been handed out at least once. */
  private top = 0;
  private capacity = 0;

  constructor(
    readonly dim: number,
    private readonly maxCapacity: number,
  ) {}

  /** Stores a copy of `point` in a slot with count 0 and returns the slot. */
  add(point: Float64Array): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount] as number;
    else {
      if (this.top === this.capacity) this.grow(Math.min(this.maxCapacity, Math.max(16, 2 * this.capacity)));
      slot = this.top++;
    }
    this.values.set(point, slot * this.dim);
    return slot;
  }

  /** One more sample entry refers to `slot`. */
  retain(slot: number): void {
    this.refs[slot] = (this.refs[slot] as number) + 1;
  }

  /** One sample entry less refers to `slot`; at 0 the slot is freed. */
  release(slot: number): void {
    const n = (this.refs[slot] as number) - 1;
    this.refs[slot] = n;
    if (n === 0) this.free[this.freeCount++] = slot;
  }

  /** Frees `slot` if no sample entry refers to it (a point no sampler accepted). */
  dropIfUnused(slot: number): void {
    if (this.refs[slot] === 0) this.free[this.freeCount++] = slot;
  }

  private grow(capacity: number): void {
    const values = new Float64Array(capacity * this.dim);
    values.set(this.values);
    const refs = new Int32Array(capacity);
    refs.set(this.refs);
    const free = new Int32Array(capacity);
    free.set(this.free);
    this.values = values;
    this.refs = refs;
    this.free = free;
    this.capacity = capacity;
  }
}
