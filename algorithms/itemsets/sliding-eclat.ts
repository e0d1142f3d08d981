import type { ItemBitsets } from "./sliding-bitsets.js";

type Emit = (path: Int32Array, length: number, count: number) => void;
const NO_EMIT: Emit = () => undefined;

/** Writes bits[a..a+words) AND bits[b..b+words) to bits[out..] and returns its number of set bits (SWAR popcount). */
function andCount(bits: Uint32Array, a: number, b: number, out: number, words: number): number {
  let c = 0;
  for (let i = 0; i < words; i++) {
    let x = (bits[a + i] as number) & (bits[b + i] as number);
    bits[out + i] = x;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    c += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return c;
}

/**
 * Eclat (Zaki 2000) over the window's item bitsets: every itemset of at most `maxLength`
 * items that occurs in at least `minCount` window slots, handed to `emit` as ids with its
 * count (`path` is reused between calls). An equivalence class (the extensions of one prefix)
 * keeps one bitset per member; a member's extensions are the AND of its bitset with each later
 * member's, counted by popcount, so each candidate costs ⌈W/32⌉ word operations. Members are
 * ordered by ascending count, which keeps the classes small (Zaki's heuristic). Bitsets live on
 * one `Uint32Array` stack.
 * @internal
 */
export class SlidingEclat {
  private bits = new Uint32Array(0);
  private bitsTop = 0;
  private ids = new Int32Array(0);
  private counts = new Int32Array(0);
  private idsTop = 0;
  private path = new Int32Array(0);
  private words = 0;
  private minCount = 0;
  private maxLength = 0;
  private emit = NO_EMIT;

  /** Emits every itemset of ≤ maxLength items (ids below nItems) in ≥ minCount slots of `sets`. */
  mine(sets: ItemBitsets, nItems: number, minCount: number, maxLength: number, emit: Emit): void {
    const frequent: number[] = [];
    for (let id = 0; id < nItems; id++) if ((sets.counts[id] as number) >= minCount) frequent.push(id);
    frequent.sort((a, b) => (sets.counts[a] as number) - (sets.counts[b] as number) || a - b);
    const k = frequent.length;
    this.words = sets.words;
    this.minCount = minCount;
    this.maxLength = maxLength;
    this.emit = emit;
    this.path = new Int32Array(Math.min(k, maxLength));
    this.bitsTop = this.idsTop = 0;
    this.reserve(k);
    for (let j = 0; j < k; j++) {
      const id = frequent[j] as number;
      const at = sets.offset(id);
      this.bits.set(sets.bits.subarray(at, at + this.words), j * this.words);
      this.ids[j] = id;
      this.counts[j] = sets.counts[id] as number;
    }
    this.bitsTop = k * this.words;
    this.idsTop = k;
    this.extend(0, 0, k, 0);
    this.emit = NO_EMIT;
  }

  /** Emits the class of `k` members at ids[idsAt..], bits[bitsAt..] (prefix: path[0..depth)), then each member's extensions. */
  private extend(idsAt: number, bitsAt: number, k: number, depth: number): void {
    const words = this.words;
    for (let j = 0; j < k; j++) {
      this.path[depth] = this.ids[idsAt + j] as number;
      this.emit(this.path, depth + 1, this.counts[idsAt + j] as number);
      if (depth + 1 >= this.maxLength || j === k - 1) continue;
      this.reserve(k - j - 1);
      const childIds = this.idsTop;
      const childBits = this.bitsTop;
      let m = 0;
      for (let l = j + 1; l < k; l++) {
        const c = andCount(this.bits, bitsAt + j * words, bitsAt + l * words, childBits + m * words, words);
        if (c < this.minCount) continue;
        this.ids[childIds + m] = this.ids[idsAt + l] as number;
        this.counts[childIds + m] = c;
        m++;
      }
      if (m === 0) continue;
      this.idsTop += m;
      this.bitsTop += m * words;
      this.extend(childIds, childBits, m, depth + 1);
      this.idsTop -= m;
      this.bitsTop -= m * words;
    }
  }

  /** Room for `k` more members above the tops, keeping what lies below them. */
  private reserve(k: number): void {
    this.ids = grown(this.ids, this.idsTop + k, this.idsTop);
    this.counts = grown(this.counts, this.idsTop + k, this.idsTop);
    this.bits = grown(this.bits, this.bitsTop + k * this.words, this.bitsTop);
  }
}

/** `a` if it holds `need` values, else a larger copy of its first `keep`. */
function grown<A extends Int32Array | Uint32Array>(a: A, need: number, keep: number): A {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => A)(Math.max(need, 2 * a.length));
  b.set(a.subarray(0, keep));
  return b;
}
