import { EstimatorConfigError } from "../base/input-error.js";
import type { SnapshotReader, SnapshotWriter } from "../base/snapshot.js";

/**
 * Every transaction learnt, as dense item ids in two growing `Int32Array`s (CSR layout):
 * transaction t holds `ids[offsets[t] .. offsets[t + 1])`, ascending and distinct. No object per
 * transaction, so 100 000 baskets cost about 4 bytes per item.
 * @internal
 */
export class TransactionStore {
  private offsetBuf: Int32Array = new Int32Array(1024);
  private idBuf: Int32Array = new Int32Array(8192);
  private n = 0;

  /** Number of transactions. */
  get size(): number {
    return this.n;
  }

  /** Start of each transaction in `ids`, plus the end of the last (valid until the next append). */
  get offsets(): Int32Array {
    return this.offsetBuf.subarray(0, this.n + 1);
  }

  /** The ids of all transactions, back to back (valid until the next append). */
  get ids(): Int32Array {
    return this.idBuf.subarray(0, this.offsetBuf[this.n] as number);
  }

  /** Appends the transaction `ids[0 .. length)` (ascending, distinct). */
  append(ids: Int32Array, length: number): void {
    const end = this.offsetBuf[this.n] as number;
    if (this.n + 2 > this.offsetBuf.length) this.offsetBuf = grow(this.offsetBuf, this.n + 2);
    if (end + length > this.idBuf.length) this.idBuf = grow(this.idBuf, end + length);
    this.idBuf.set(ids.subarray(0, length), end);
    this.n++;
    this.offsetBuf[this.n] = end + length;
  }

  /** Layout: transaction count, id count (u32); each transaction's length (u32); every id (u32). */
  write(w: SnapshotWriter): void {
    const offsets = this.offsets;
    const ids = this.ids;
    w.u32(this.n).u32(ids.length);
    for (let t = 0; t < this.n; t++) w.u32((offsets[t + 1] as number) - (offsets[t] as number));
    for (let i = 0; i < ids.length; i++) w.u32(ids[i] as number);
  }

  /**
   * Reads what {@link TransactionStore.write} wrote, checking that every transaction is non-empty
   * with ascending ids below `dictionarySize`, so a corrupt snapshot fails here and not in a miner.
   */
  static read(r: SnapshotReader, dictionarySize: number, where: string): TransactionStore {
    const store = new TransactionStore();
    const n = r.u32();
    const total = r.u32();
    store.offsetBuf = new Int32Array(n + 1);
    store.idBuf = new Int32Array(Math.max(total, 1));
    for (let t = 0; t < n; t++) {
      const length = r.u32();
      if (length === 0) throw new EstimatorConfigError(`${where}: snapshot transaction ${t} is empty`);
      store.offsetBuf[t + 1] = (store.offsetBuf[t] as number) + length;
    }
    if (store.offsetBuf[n] !== total) throw new EstimatorConfigError(`${where}: snapshot transaction lengths add up to ${store.offsetBuf[n]}, not ${total}`);
    for (let t = 0; t < n; t++) {
      let previous = -1;
      for (let i = store.offsetBuf[t] as number; i < (store.offsetBuf[t + 1] as number); i++) {
        const id = r.u32();
        if (id <= previous || id >= dictionarySize) throw new EstimatorConfigError(`${where}: snapshot transaction ${t} has a bad item id ${id}`);
        store.idBuf[i] = previous = id;
      }
    }
    store.n = n;
    return store;
  }
}

function grow(a: Int32Array, atLeast: number): Int32Array {
  const out = new Int32Array(Math.max(2 * a.length, atLeast));
  out.set(a);
  return out;
}
