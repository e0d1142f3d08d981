import { EstimatorConfigError } from "../base/input-error.js";
import type { SnapshotReader, SnapshotWriter } from "../base/snapshot.js";

/**
 * A first-in first-out queue of at most `capacity` transactions, each a list of item ids, kept
 * in one flat `Int32Array` so a window or a batch of transactions costs no allocation per
 * record. The live ids always sit contiguously in `items[start(0), end(count − 1))`, oldest first.
 * @internal
 */
export class TransactionQueue {
  /** The ids of the queued transactions, oldest first, from `head` to `tail`. */
  items = new Int32Array(256);
  private head = 0;
  private tail = 0;
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  /** Ring index of the oldest transaction. */
  private first = 0;
  private n = 0;

  constructor(readonly capacity: number) {
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
  }

  /** Number of queued transactions. */
  get count(): number {
    return this.n;
  }

  /** Where the `i`-th oldest transaction (0 ≤ i < count) starts in `items`. */
  start(i: number): number {
    return this.starts[(this.first + i) % this.capacity] as number;
  }

  /** Where the `i`-th oldest transaction ends (exclusive) in `items`. */
  end(i: number): number {
    const slot = (this.first + i) % this.capacity;
    return (this.starts[slot] as number) + (this.lengths[slot] as number);
  }

  /** Appends `ids[0..n)`; the queue must not be full. */
  push(ids: Int32Array, n: number): void {
    if (this.tail + n > this.items.length) this.makeRoom(n);
    const slot = (this.first + this.n) % this.capacity;
    this.starts[slot] = this.tail;
    this.lengths[slot] = n;
    this.items.set(ids.subarray(0, n), this.tail);
    this.tail += n;
    this.n++;
  }

  /** Drops the oldest transaction; the queue must not be empty. */
  shift(): void {
    this.head += this.lengths[this.first] as number;
    this.first = (this.first + 1) % this.capacity;
    this.n--;
    if (this.n === 0) this.head = this.tail = 0;
  }

  clear(): void {
    this.first = this.n = this.head = this.tail = 0;
  }

  /** Replaces every queued id by `map[id]` (after the item dictionary was compacted). */
  remap(map: Int32Array): void {
    const items = this.items;
    for (let j = this.head; j < this.tail; j++) items[j] = map[items[j] as number] as number;
  }

  /** Layout: count (u32); per transaction, oldest first: length (u32), ids (u32 each). */
  write(w: SnapshotWriter): void {
    w.u32(this.n);
    for (let i = 0; i < this.n; i++) {
      const end = this.end(i);
      w.u32(end - this.start(i));
      for (let j = this.start(i); j < end; j++) w.u32(this.items[j] as number);
    }
  }

  /**
   * Reads what {@link TransactionQueue.write} wrote, handing each transaction to `push`; throws
   * naming `where` unless there are at most `capacity` of them, each non-empty (the miners reject
   * an empty transaction, so a snapshot cannot hold one) with ascending ids below `nItems`.
   */
  static read(r: SnapshotReader, where: string, capacity: number, nItems: number, push: (ids: Int32Array, n: number) => void): void {
    const count = r.u32();
    if (count > capacity) throw new EstimatorConfigError(`${where}: snapshot holds ${count} transactions, more than the ${capacity} the options allow`);
    let ids = new Int32Array(16);
    for (let i = 0; i < count; i++) {
      const n = r.u32();
      if (n === 0) throw new EstimatorConfigError(`${where}: snapshot transaction ${i} is empty`);
      if (n > ids.length) ids = new Int32Array(n);
      for (let j = 0, last = -1; j < n; j++) {
        const id = r.u32();
        if (id >= nItems || id <= last) throw new EstimatorConfigError(`${where}: snapshot holds a transaction with a bad item id (${id})`);
        ids[j] = last = id;
      }
      push(ids, n);
    }
  }

  /** Moves the live ids to the front, growing the store when they fill more than half of it. */
  private makeRoom(n: number): void {
    const live = this.tail - this.head;
    const size = this.items.length;
    const target = live + n > size / 2 ? Math.max(2 * size, 2 * (live + n)) : size;
    if (target === this.items.length) this.items.copyWithin(0, this.head, this.tail);
    else {
      const grown = new Int32Array(target);
      grown.set(this.items.subarray(this.head, this.tail));
      this.items = grown;
    }
    for (let i = 0; i < this.n; i++) {
      const slot = (this.first + i) % this.capacity;
      this.starts[slot] = (this.starts[slot] as number) - this.head;
    }
    this.head = 0;
    this.tail = live;
  }
}
