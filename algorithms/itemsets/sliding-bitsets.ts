/**
 * For each item in a window of `windowSize` transaction slots, the bitset of the slots whose
 * transaction holds it (bit p of word p >>> 5) and how many there are. An item gets a bitset
 * from a pool when it enters the window and gives it back, all zeros, when its last
 * transaction leaves, so memory follows the items in the window, not every item ever seen.
 * @internal
 */
export class ItemBitsets {
  /** Words per bitset: ⌈windowSize / 32⌉. */
  readonly words: number;
  /** The pool: bitset k occupies bits[k·words, (k + 1)·words). */
  bits: Uint32Array;
  /** Per item id: its bitset's offset in `bits`, or -1 while it is not in the window. */
  private offsets = new Int32Array(0);
  /** Per item id: transactions in the window holding it. */
  counts = new Int32Array(0);
  private readonly free: number[] = [];
  private pooled = 0;
  private liveItems = 0;

  constructor(windowSize: number) {
    this.words = Math.ceil(windowSize / 32);
    this.bits = new Uint32Array(16 * this.words);
  }

  /** Items in the window. */
  get live(): number {
    return this.liveItems;
  }

  /** Where the bitset of `item` (in the window) starts in `bits`. */
  offset(item: number): number {
    return this.offsets[item] as number;
  }

  /** Makes room for item ids below `n`. */
  reserve(n: number): void {
    if (n <= this.counts.length) return;
    const size = Math.max(n, 2 * this.counts.length, 64);
    const offsets = new Int32Array(size).fill(-1);
    offsets.set(this.offsets);
    const counts = new Int32Array(size);
    counts.set(this.counts);
    this.offsets = offsets;
    this.counts = counts;
  }

  /** Records that the transaction in slot `slot` holds `item` (an id below the reserved size). */
  add(item: number, slot: number): void {
    let at = this.offsets[item] as number;
    if (at === -1) {
      at = this.take();
      this.offsets[item] = at;
      this.liveItems++;
    }
    this.counts[item] = (this.counts[item] as number) + 1;
    const w = at + (slot >>> 5);
    this.bits[w] = (this.bits[w] as number) | (1 << (slot & 31));
  }

  /** Records that the transaction leaving slot `slot` held `item`. */
  remove(item: number, slot: number): void {
    const at = this.offsets[item] as number;
    const w = at + (slot >>> 5);
    this.bits[w] = (this.bits[w] as number) & ~(1 << (slot & 31));
    const c = (this.counts[item] as number) - 1;
    this.counts[item] = c;
    if (c === 0) {
      this.free.push(at);
      this.offsets[item] = -1;
      this.liveItems--;
    }
  }

  /** Moves every item's bitset and count from id to `map[id]` (ids mapped to -1 must be out of the window). */
  remap(map: Int32Array, n: number): void {
    const offsets = new Int32Array(Math.max(n, 64)).fill(-1);
    const counts = new Int32Array(offsets.length);
    for (let id = 0; id < map.length; id++) {
      const to = map[id] as number;
      if (to === -1) continue;
      offsets[to] = this.offsets[id] as number;
      counts[to] = this.counts[id] as number;
    }
    this.offsets = offsets;
    this.counts = counts;
  }

  private take(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const at = this.pooled * this.words;
    if (at + this.words > this.bits.length) {
      const grown = new Uint32Array(2 * this.bits.length);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.pooled++;
    return at;
  }
}
