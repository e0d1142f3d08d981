import { EstimatorConfigError } from "../base/input-error.js";
import type { SnapshotReader, SnapshotWriter } from "../base/snapshot.js";

/**
 * The entries (set, f, Δ) of Lossy Counting for itemsets, as a prefix tree over item ids
 * (Manku & Motwani's TRIE): a node is the itemset of the ids on its path, its children are
 * sorted by id, and a set is only kept while its prefix is. Nodes live in flat typed arrays
 * (first child / next sibling links), freed nodes are reused, and node 0 is the empty root.
 * @internal
 */
export class LossyTrie {
  static readonly ROOT = 0;
  item: Int32Array;
  /** f: occurrences counted since the set was inserted. */
  count: Float64Array;
  /** Δ: the most occurrences the set may have had before it was inserted. */
  delta: Float64Array;
  child: Int32Array;
  next: Int32Array;
  /** Nodes ever used, the root included. */
  private used = 1;
  private freeHead = -1;
  private entries = 0;

  constructor(capacity = 64) {
    this.item = new Int32Array(capacity);
    this.count = new Float64Array(capacity);
    this.delta = new Float64Array(capacity);
    this.child = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.item[0] = this.child[0] = this.next[0] = -1;
  }

  /** Number of sets kept (the root excluded). */
  get size(): number {
    return this.entries;
  }

  /** A new unlinked node; may reallocate the arrays, so callers re-read them afterwards. */
  alloc(item: number, count: number, delta: number): number {
    let node = this.freeHead;
    if (node !== -1) this.freeHead = this.next[node] as number;
    else {
      if (this.used === this.item.length) this.grow();
      node = this.used++;
    }
    this.item[node] = item;
    this.count[node] = count;
    this.delta[node] = delta;
    this.child[node] = this.next[node] = -1;
    this.entries++;
    return node;
  }

  /** Frees `node` (already unlinked from its parent) and everything below it. */
  freeSubtree(node: number): void {
    for (let c = this.child[node] as number; c !== -1; ) {
      const next = this.next[c] as number;
      this.freeSubtree(c);
      c = next;
    }
    this.next[node] = this.freeHead;
    this.freeHead = node;
    this.entries--;
  }

  /** The child of `parent` holding `item`, or -1. */
  find(parent: number, item: number): number {
    for (let c = this.child[parent] as number; c !== -1; c = this.next[c] as number) {
      const it = this.item[c] as number;
      if (it === item) return c;
      if (it > item) return -1;
    }
    return -1;
  }

  clone(): LossyTrie {
    const t = new LossyTrie(this.item.length);
    t.item.set(this.item);
    t.count.set(this.count);
    t.delta.set(this.delta);
    t.child.set(this.child);
    t.next.set(this.next);
    t.used = this.used;
    t.freeHead = this.freeHead;
    t.entries = this.entries;
    return t;
  }

  /** Marks in `live` (by id) the items of every kept set; returns how many distinct items it marked. */
  markItems(live: Uint8Array): number {
    let marked = 0;
    const stack = [LossyTrie.ROOT];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      for (let c = this.child[node] as number; c !== -1; c = this.next[c] as number) {
        const it = this.item[c] as number;
        if (live[it] === 0) {
          live[it] = 1;
          marked++;
        }
        stack.push(c);
      }
    }
    return marked;
  }

  /** Replaces every item id by `map[id]`; the map must keep the order of the ids it keeps. */
  remap(map: Int32Array): void {
    for (let node = 1; node < this.used; node++) {
      const it = this.item[node] as number;
      if (it >= 0 && it < map.length) this.item[node] = map[it] as number;
    }
  }

  /** Layout, from the root in preorder: per node its child count (u32), then per child: id (u32), f, Δ (f64), its subtree. */
  write(w: SnapshotWriter, node = LossyTrie.ROOT): void {
    let n = 0;
    for (let c = this.child[node] as number; c !== -1; c = this.next[c] as number) n++;
    w.u32(n);
    for (let c = this.child[node] as number; c !== -1; c = this.next[c] as number) {
      w.u32(this.item[c] as number).f64(this.count[c] as number).f64(this.delta[c] as number);
      this.write(w, c);
    }
  }

  /** Reads what {@link LossyTrie.write} wrote; throws naming `where` unless ids are below `nItems` and children ascend. */
  static read(r: SnapshotReader, where: string, nItems: number): LossyTrie {
    const t = new LossyTrie();
    t.readChildren(r, where, LossyTrie.ROOT, nItems);
    return t;
  }

  private readChildren(r: SnapshotReader, where: string, parent: number, nItems: number): void {
    const n = r.u32();
    let last = -1;
    let prevItem = -1;
    for (let i = 0; i < n; i++) {
      const item = r.u32();
      if (item >= nItems || item <= prevItem) throw new EstimatorConfigError(`${where}: snapshot holds a bad set entry (item id ${item})`);
      prevItem = item;
      const node = this.alloc(item, r.f64(), r.f64());
      if (last === -1) this.child[parent] = node;
      else this.next[last] = node;
      last = node;
      this.readChildren(r, where, node, nItems);
    }
  }

  private grow(): void {
    const size = this.item.length * 2;
    const item = new Int32Array(size);
    const count = new Float64Array(size);
    const delta = new Float64Array(size);
    const child = new Int32Array(size);
    const next = new Int32Array(size);
    item.set(this.item);
    count.set(this.count);
    delta.set(this.delta);
    child.set(this.child);
    next.set(this.next);
    this.item = item;
    this.count = count;
    this.delta = delta;
    this.child = child;
    this.next = next;
  }
}
