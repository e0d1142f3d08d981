/**
 * The last `capacity` records of `dim` features, kept twice over in one buffer (at ring position p
 * and p + capacity) so that any run of the newest records is one contiguous slice: distance loops
 * over shingles then read straight through memory with no wrap-around. @internal
 */
export class RecordHistory {
  /** Records held: min(records pushed, capacity). */
  size = 0;
  private readonly buffer: Float64Array;
  /** Ring position the next record goes to. */
  private head = 0;

  constructor(
    readonly dim: number,
    readonly capacity: number,
  ) {
    this.buffer = new Float64Array(2 * capacity * dim);
  }

  push(x: Float64Array): void {
    const { dim, capacity, buffer } = this;
    buffer.set(x, this.head * dim);
    buffer.set(x, (this.head + capacity) * dim);
    this.head = this.head + 1 === capacity ? 0 : this.head + 1;
    if (this.size < capacity) this.size++;
  }

  /** The buffer and the offset of the oldest of the newest `count` records (≤ size), which follow it contiguously. */
  newest(count: number): { readonly data: Float64Array; readonly offset: number } {
    // head − count + capacity ≥ head, and the run ends at head + capacity − 1 < 2·capacity
    return { data: this.buffer, offset: (this.head - count + this.capacity) * this.dim };
  }

  /** A copy of the records held, oldest first (size × dim values). */
  oldestFirst(): Float64Array {
    const { data, offset } = this.newest(this.size);
    return data.slice(offset, offset + this.size * this.dim);
  }
}
