import { ItemsetBuffer } from "./itemset-buffer.js";
import type { RecodedDatabase } from "./recoded-database.js";

/**
 * Every itemset of at most `maxLength` codes (0: no limit) that occurs in at least `minCount`
 * transactions of `db`, with its count, in depth-first order.
 *
 * @remarks
 * Eclat's search (Zaki 2000): depth first over prefixes, each prefix P carrying its tidset — the
 * list of transactions holding P — and extended only by codes above its last one, so each
 * itemset is reached once. Which extensions P∪{c} are frequent is found by one pass over P's
 * transactions counting the codes above P's tail (occurrence counting, LCM: Uno et al. 2004),
 * not by an intersection per candidate pair, most of which fail on sparse baskets. The tidsets of
 * the frequent ones are then built whichever way reads less: a second pass appending each
 * transaction to the tidset of every frequent code it holds (LCM's occurrence delivery), or
 * Eclat's intersection of P's tidset with each c's. Diffsets (dEclat), which pay off on dense
 * data, are not needed on the sparse FIMI baskets (retail, T10I4D100K, kosarak).
 * @see M. J. Zaki, "Scalable algorithms for association mining", IEEE TKDE 12(3), 2000.
 * @see T. Uno, M. Kiyomi, H. Arimura, "LCM ver. 2", FIMI 2004.
 * @internal
 */
export function eclat(db: RecodedDatabase, minCount: number, maxLength: number): ItemsetBuffer {
  const search = new EclatSearch(db, minCount, maxLength === 0 ? Infinity : maxLength);
  search.run();
  return search.out;
}

/** The state of one search; per-depth buffers are reused by every prefix of that length. */
class EclatSearch {
  readonly out = new ItemsetBuffer();
  private readonly db: RecodedDatabase;
  private readonly start: Int32Array;
  private readonly codes: Int32Array;
  /** Count of each code over the current prefix's transactions; all 0 between passes. */
  private readonly counts: Int32Array;
  /** Codes whose count left 0 in the current counting pass. */
  private readonly touched: Int32Array;
  /** Write position of each frequent extension in its depth's tidset buffer; −1 for the others. */
  private readonly cursor: Int32Array;
  private readonly prefix: Int32Array;
  /** Per depth: the frequent extensions of the current prefix, their counts and tidsets. */
  private readonly extCodes: Int32Array[] = [];
  private readonly extCounts: Int32Array[] = [];
  private readonly extFrom: Int32Array[] = [];
  private readonly tidsets: Int32Array[] = [];
  /** Codes the last counting pass visited: what delivering would cost. */
  private scanned = 0;

  constructor(
    db: RecodedDatabase,
    private readonly minCount: number,
    private readonly maxLength: number,
  ) {
    const nCodes = db.idOf.length;
    this.db = db;
    this.start = db.start;
    this.codes = db.codes;
    this.counts = new Int32Array(nCodes);
    this.touched = new Int32Array(nCodes);
    this.cursor = new Int32Array(nCodes).fill(-1);
    this.prefix = new Int32Array(nCodes);
  }

  /** Every frequent code is an itemset, and its tidset is in the vertical layout already. */
  run(): void {
    const { tidStart, tids } = this.db;
    for (let c = 0; c + 1 < tidStart.length; c++) {
      const from = tidStart[c] as number;
      const to = tidStart[c + 1] as number;
      this.prefix[0] = c;
      this.out.push(this.prefix, 1, to - from);
      if (this.maxLength > 1) this.extend(tids.subarray(from, to), c, 1);
    }
  }

  /** Emits and recurses on every frequent extension of `prefix[0 .. depth)`, last code `tail`, held by `tids`. */
  private extend(tids: Int32Array, tail: number, depth: number): void {
    const n = this.countExtensions(tids, tail, depth);
    const recurse = depth + 1 < this.maxLength;
    // Delivering rescans every code counted; intersecting reads P's tidset and each c's, less when
    // few extensions are frequent (itemsets bench, T10I4D100K at 0.5 %: 65 ms instead of 85 ms).
    if (recurse && this.intersectionCost(tids.length, depth, n) < this.scanned) this.intersect(tids, depth, n);
    else if (recurse) this.deliver(tids, tail, depth, n);
    const codes = this.extCodes[depth] as Int32Array;
    const counts = this.extCounts[depth] as Int32Array;
    const from = this.extFrom[depth] as Int32Array;
    const buffer = this.tidsets[depth] as Int32Array;
    for (let e = 0; e < n; e++) {
      const code = codes[e] as number;
      const count = counts[e] as number;
      this.prefix[depth] = code;
      this.out.push(this.prefix, depth + 1, count);
      if (recurse) this.extend(buffer.subarray(from[e] as number, (from[e] as number) + count), code, depth + 1);
    }
  }

  /** Pass 1: counts the codes above `tail` in `tids`' transactions; keeps the frequent ones at `depth`. */
  private countExtensions(tids: Int32Array, tail: number, depth: number): number {
    const { start, codes, counts, touched } = this;
    let nTouched = 0;
    for (let k = 0; k < tids.length; k++) {
      const t = tids[k] as number;
      const first = start[t] as number;
      for (let i = (start[t + 1] as number) - 1; i >= first; i--) {
        const c = codes[i] as number;
        if (c <= tail) break;
        if ((counts[c] as number) === 0) touched[nTouched++] = c;
        counts[c] = (counts[c] as number) + 1;
      }
    }
    const extCodes = this.depthBuffer(this.extCodes, depth, nTouched);
    const extCounts = this.depthBuffer(this.extCounts, depth, nTouched);
    const extFrom = this.depthBuffer(this.extFrom, depth, nTouched);
    let n = 0;
    let total = 0;
    let scanned = 0;
    for (let k = 0; k < nTouched; k++) {
      const c = touched[k] as number;
      const count = counts[c] as number;
      counts[c] = 0;
      scanned += count;
      if (count < this.minCount) continue;
      extCodes[n] = c;
      extCounts[n] = count;
      extFrom[n] = total;
      total += count;
      n++;
    }
    this.depthBuffer(this.tidsets, depth, total);
    this.scanned = scanned;
    return n;
  }

  /** What {@link EclatSearch.intersect} reads for `n` extensions of a prefix held by `nTids` transactions. */
  private intersectionCost(nTids: number, depth: number, n: number): number {
    const { tidStart } = this.db;
    const extCodes = this.extCodes[depth] as Int32Array;
    let cost = 0;
    for (let e = 0; e < n; e++) cost += nTids + (tidStart[(extCodes[e] as number) + 1] as number) - (tidStart[extCodes[e] as number] as number);
    return cost;
  }

  /** Pass 2, Eclat's way: the tidset of P∪{c} is P's tidset ∩ c's, both ascending. */
  private intersect(tids: Int32Array, depth: number, n: number): void {
    const { tidStart, tids: vertical } = this.db;
    const extCodes = this.extCodes[depth] as Int32Array;
    const extFrom = this.extFrom[depth] as Int32Array;
    const buffer = this.tidsets[depth] as Int32Array;
    for (let e = 0; e < n; e++) {
      const c = extCodes[e] as number;
      let i = 0;
      let j = tidStart[c] as number;
      const jEnd = tidStart[c + 1] as number;
      let at = extFrom[e] as number;
      while (i < tids.length && j < jEnd) {
        const a = tids[i] as number;
        const b = vertical[j] as number;
        if (a < b) i++;
        else if (a > b) j++;
        else {
          buffer[at++] = a;
          i++;
          j++;
        }
      }
    }
  }

  /** Pass 2, LCM's way: appends each of `tids` to the tidset of every frequent extension its transaction holds. */
  private deliver(tids: Int32Array, tail: number, depth: number, n: number): void {
    const { start, codes, cursor } = this;
    const extCodes = this.extCodes[depth] as Int32Array;
    const extFrom = this.extFrom[depth] as Int32Array;
    const buffer = this.tidsets[depth] as Int32Array;
    for (let e = 0; e < n; e++) cursor[extCodes[e] as number] = extFrom[e] as number;
    for (let k = 0; k < tids.length; k++) {
      const t = tids[k] as number;
      const first = start[t] as number;
      for (let i = (start[t + 1] as number) - 1; i >= first; i--) {
        const c = codes[i] as number;
        if (c <= tail) break;
        const at = cursor[c] as number;
        if (at < 0) continue;
        buffer[at] = t;
        cursor[c] = at + 1;
      }
    }
    for (let e = 0; e < n; e++) cursor[extCodes[e] as number] = -1;
  }

  /** The buffer of `depth` in `buffers`, grown to hold `length` (its old content is not kept). */
  private depthBuffer(buffers: Int32Array[], depth: number, length: number): Int32Array {
    const b = buffers[depth];
    if (b !== undefined && b.length >= length) return b;
    const grown = new Int32Array(Math.max(length, 2 * (b?.length ?? 16)));
    buffers[depth] = grown;
    return grown;
  }
}
