import type { ItemsetMiner } from "../base/estimator.js";
import { EstimatorConfigError, EstimatorInputError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, received, withDefaults } from "../base/validate.js";
import type { FrequentItemset, Item } from "../base/vector.js";
import { compareItemsets } from "./itemset-order.js";
import { LossyBatchApplier } from "./lossy-apply.js";
import { estimateIds } from "./lossy-estimate.js";
import { LossyTrie } from "./lossy-trie.js";
import { compactDictionary, shouldCompact } from "./streaming-dictionary.js";
import { toFrequentItemset } from "./streaming-itemset.js";
import { TransactionQueue } from "./streaming-transaction-queue.js";
import { checkTransaction, ItemDictionary, readTransaction, supportCount } from "./transaction.js";

/** Options of {@link LossyItemsetMiner}. @public */
export interface LossyItemsetMinerOptions {
  /** Error bound ε in [2^-24, 1); default 0.001: counts undercount by at most εN. */
  epsilon?: number;
  /** Longest itemset counted, an integer ≥ 1; default 3 (see remarks). */
  maxLength?: number;
  /** β, the buckets of ⌈1/ε⌉ transactions buffered and applied as one batch, an integer ≥ 1; default 4 (see remarks). */
  batchBuckets?: number;
}

type Options = Required<LossyItemsetMinerOptions>;

const DEFAULTS: Options = { epsilon: 0.001, maxLength: 3, batchBuckets: 4 };
const TAG = "LossyItemsetMiner";
const VERSION = 1;

/**
 * Lossy Counting for itemsets (Manku & Motwani 2002, §5): ε-approximate counts of every itemset
 * of up to `maxLength` items over the whole stream, in memory that grows with log(εN), not N.
 *
 * @remarks
 * The stream is cut into buckets of w = ⌈1/ε⌉ transactions, and β = `batchBuckets` buckets are
 * buffered and applied as one batch: a kept set (f, Δ) adds its count in the batch to f and is
 * dropped when f + Δ ≤ b (b = ⌊N/w⌋, the buckets completed); a set not kept whose prefix is
 * kept is inserted with Δ = the previous b when it occurs more than β times in the batch.
 *
 * Guarantees after N transactions: for every itemset of at most `maxLength` items with true
 * count f, f − εN ≤ `estimate` ≤ f. `frequent(s)`, for s > ε, returns the kept sets whose estimate is at least (s − ε)N, as in the paper: every itemset
 * with f ≥ sN, none with f < (s − ε)N, each count low by at most εN. Between batches both
 * answer as if the buffered transactions had just been applied (`frequent` on a copy of the
 * sets, `estimate` along the itemset's prefixes), so the guarantees hold after every
 * transaction and queries change nothing.
 *
 * Memory: the proof of the paper's Thm 4.2, rerun for sets and batches, bounds the sets kept
 * by c·H(εN/β), c the most (subset of ≤ `maxLength` items, transaction) pairs in one bucket
 * and H the harmonic number; the (1/ε)·log(εN) of single items does not carry over, as a
 * transaction brings Σ C(|t|, k) subsets rather than one item. `size` reports the sets kept.
 *
 * β trades buffered transactions for fewer sets: a batch admits a new set only above β
 * occurrences in βw transactions, so fewer chance co-occurrences get in. On retail.dat at
 * ε 0.001 the sets kept peak at 41 k with β = 1, 20 k with 4 and 10 k with 16; 4 keeps the
 * buffer at 4,000 baskets and the work of one batch in the tens of milliseconds.
 *
 * `maxLength` bounds the enumeration: a transaction of |t| items repeated more than β times in
 * a batch makes all its subsets of up to `maxLength` items entries, Σ C(|t|, k) of them, which
 * for a 30-item basket is 4,525 at length ≤ 3 but 10⁹ without a limit. Click streams come
 * close: on the kosarak prefix (36,682 sessions) at ε 0.001, entries peak at 0.1 M with
 * maxLength 3 and at 4.7 M with 5 (retail.dat: 20 k and 25 k). 3 covers the rules usually
 * mined from baskets (pairs and triples) at a cost polynomial in |t|.
 *
 * An empty transaction is bad input, as for every estimator here: it throws
 * {@link EstimatorInputError} and is not counted in N. A repeated item counts once (a transaction
 * of one item repeated is not empty). Items are kept by id in a dictionary; items that no kept
 * set or buffered transaction holds are dropped from it once they outnumber the live ones.
 *
 * @example
 * ```ts
 * import { LossyItemsetMiner } from "streamine/algorithms";
 * // Buckets of 10 transactions, batches of 4 buckets.
 * const miner = new LossyItemsetMiner({ epsilon: 0.1, maxLength: 2, batchBuckets: 4 });
 * for (let i = 0; i < 50; i++) miner.learnOne(i % 2 === 0 ? ["bread", "milk"] : ["bread", `x${i}`]);
 * expect(miner.frequent(0.4)).toEqual([
 *   { items: ["bread"], count: 50 },
 *   { items: ["milk"], count: 25 },
 *   { items: ["bread", "milk"], count: 25 },
 * ]);
 * expect(miner.estimate(["x1"])).toBe(0); // seen once in the first batch: dropped, 1 ≤ εN = 5
 * ```
 * @see G. S. Manku, R. Motwani, "Approximate frequency counts over data streams", VLDB 2002.
 * @public
 */
export class LossyItemsetMiner implements ItemsetMiner {
  static readonly testParams: readonly LossyItemsetMinerOptions[] = [
    { epsilon: 0.1, maxLength: 2, batchBuckets: 1 },
    { epsilon: 0.05, maxLength: 3, batchBuckets: 2 },
  ];

  readonly options: Readonly<Options>;
  private readonly width: number;
  private dict = new ItemDictionary();
  private trie = new LossyTrie();
  private readonly buffer: TransactionQueue;
  private readonly applier = new LossyBatchApplier();
  private scratch = new Int32Array(64);
  private n = 0;

  /** @param options - see {@link LossyItemsetMinerOptions}; defaults ε 0.001, maxLength 3, batchBuckets 4. */
  constructor(options?: LossyItemsetMinerOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(typeof o.epsilon === "number" && o.epsilon < 1 && o.epsilon >= 2 ** -24, where, "epsilon", "a number in [2^-24, 1) (buckets of ⌈1/ε⌉ ≤ 2^24 transactions)", o.epsilon);
    checkOption(Number.isSafeInteger(o.maxLength) && o.maxLength >= 1, where, "maxLength", "an integer ≥ 1", o.maxLength);
    const width = Math.ceil(1 / o.epsilon);
    const maxBuckets = Math.floor(2 ** 24 / width);
    checkOption(Number.isSafeInteger(o.batchBuckets) && o.batchBuckets >= 1 && o.batchBuckets <= maxBuckets, where, "batchBuckets", `an integer in [1, ${maxBuckets}] (at most 2^24 buffered transactions)`, o.batchBuckets);
    this.options = o;
    this.width = width;
    this.buffer = new TransactionQueue(o.batchBuckets * width);
  }

  /** Transactions learnt (N). */
  get total(): number {
    return this.n;
  }

  /** Sets kept after the last batch (the paper's entries); the buffer holds up to β·⌈1/ε⌉ more transactions. */
  get size(): number {
    return this.trie.size;
  }

  /** Transactions buffered for the next batch. */
  get buffered(): number {
    return this.buffer.count;
  }

  /**
   * Learns one transaction (a non-empty array of numbers and strings, never changed; repeats count
   * once). Throws naming `LossyItemsetMiner.learnOne` for an empty transaction or a bad item, learning nothing.
   */
  learnOne(t: readonly Item[]): void {
    const where = `${TAG}.learnOne`;
    if (Array.isArray(t) && t.length > this.scratch.length) this.scratch = new Int32Array(2 * t.length);
    // An empty array interns nothing, so throwing after readTransaction still leaves the state as it was.
    const m = readTransaction(where, t, this.dict, this.scratch);
    if (m === 0) throw new EstimatorInputError(`${where}: a transaction must hold at least one item, got an empty array`);
    this.buffer.push(this.scratch, m);
    this.n++;
    if (this.buffer.count === this.buffer.capacity) this.applyBuffer();
  }

  /**
   * The estimated count of `itemset` (1 to maxLength items, in any order): at most its true
   * count, by at most εN; 0 if it is not kept.
   */
  estimate(itemset: readonly Item[]): number {
    const where = `${TAG}.estimate`;
    checkTransaction(where, itemset);
    const unique = new Set(itemset);
    if (unique.size === 0 || unique.size > this.options.maxLength) {
      throw new EstimatorInputError(`${where}: itemset must hold 1 to maxLength = ${this.options.maxLength} distinct items, got ${unique.size}`);
    }
    const ids = new Int32Array(unique.size);
    let i = 0;
    for (const item of unique) {
      const id = this.dict.find(item);
      if (id === -1) return 0;
      ids[i++] = id;
    }
    const [bPrev, bNext] = this.bucketsOfBuffer();
    return estimateIds(this.trie, this.buffer, ids.sort(), bPrev, bNext);
  }

  /**
   * The kept itemsets with estimated count ≥ (minSupport − ε)·N, shortest first, then by
   * their items; minSupport must be in (ε, 1].
   */
  frequent(minSupport: number): FrequentItemset[] {
    const where = `${TAG}.frequent`;
    supportCount(where, minSupport, this.n);
    const epsilon = this.options.epsilon;
    if (!(minSupport > epsilon)) {
      throw new EstimatorInputError(`${where}: minSupport must be greater than epsilon = ${epsilon} (itemsets rarer than εN may not be kept), got ${received(minSupport)}`);
    }
    const least = supportCount(where, minSupport - epsilon, this.n);
    let trie = this.trie;
    if (this.buffer.count > 0) {
      trie = trie.clone();
      const [bPrev, bNext] = this.bucketsOfBuffer();
      this.applier.apply(trie, this.buffer, this.dict.size, bPrev, bNext, this.options.maxLength, least);
    }
    const out: FrequentItemset[] = [];
    this.collect(trie, LossyTrie.ROOT, new Int32Array(this.options.maxLength), 0, least, out);
    return out.sort((a, b) => compareItemsets(a.items, b.items));
  }

  /** Layout (version 1): options; N (f64); item dictionary; the kept sets (see `LossyTrie.write`); the buffered transactions. */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    w.f64(this.n);
    this.dict.write(w);
    this.trie.write(w);
    this.buffer.write(w);
    return w.finish();
  }

  static restore(bytes: Uint8Array): LossyItemsetMiner {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const miner = new LossyItemsetMiner(options as LossyItemsetMinerOptions);
    miner.n = reader.f64();
    miner.dict = ItemDictionary.read(reader);
    miner.trie = LossyTrie.read(reader, `${TAG}.restore`, miner.dict.size);
    // A full buffer is applied as it fills, so a snapshot holds at most capacity − 1 transactions.
    TransactionQueue.read(reader, `${TAG}.restore`, miner.buffer.capacity - 1, miner.dict.size, (ids, m) => miner.buffer.push(ids, m));
    // Whole batches were applied, and the buffer holds what came since.
    const applied = miner.n - miner.buffer.count;
    if (!Number.isSafeInteger(miner.n) || applied < 0 || applied % miner.buffer.capacity !== 0) {
      throw new EstimatorConfigError(`${TAG}.restore: snapshot is inconsistent (N = ${miner.n} with ${miner.buffer.count} buffered transactions and batches of ${miner.buffer.capacity})`);
    }
    reader.end();
    return miner;
  }

  /** Completed buckets before and after the buffered transactions: ⌊N/w⌋ at both ends. */
  private bucketsOfBuffer(): [number, number] {
    return [Math.floor((this.n - this.buffer.count) / this.width), Math.floor(this.n / this.width)];
  }

  private applyBuffer(): void {
    const [bPrev, bNext] = this.bucketsOfBuffer();
    this.applier.apply(this.trie, this.buffer, this.dict.size, bPrev, bNext, this.options.maxLength, 0);
    this.buffer.clear();
    const live = new Uint8Array(this.dict.size);
    if (!shouldCompact(this.dict.size, this.trie.markItems(live))) return;
    const compacted = compactDictionary(this.dict, live);
    this.dict = compacted.dict;
    this.trie.remap(compacted.map);
  }

  /** Pushes the sets below `node` with f ≥ least; a set's f bounds its extensions', so smaller subtrees are skipped. */
  private collect(trie: LossyTrie, node: number, path: Int32Array, depth: number, least: number, out: FrequentItemset[]): void {
    for (let c = trie.child[node] as number; c !== -1; c = trie.next[c] as number) {
      const f = trie.count[c] as number;
      if (f < least) continue;
      path[depth] = trie.item[c] as number;
      out.push(toFrequentItemset(this.dict, path, depth + 1, f));
      this.collect(trie, c, path, depth + 1, least, out);
    }
  }
}
