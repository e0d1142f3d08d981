import type { ItemsetMiner } from "../base/estimator.js";
import { EstimatorInputError } from "../base/input-error.js";
import { openSnapshot, SnapshotWriter } from "../base/snapshot.js";
import { checkOption, withDefaults } from "../base/validate.js";
import type { FrequentItemset, Item } from "../base/vector.js";
import { eclat } from "./eclat.js";
import { toSortedItemsets } from "./itemset-order.js";
import { recodeFrequent } from "./recoded-database.js";
import { ItemDictionary, readTransaction, supportCount } from "./transaction.js";
import { TransactionStore } from "./transaction-store.js";

/** Options of {@link ExactItemsetMiner}. @public */
export interface ExactItemsetMinerOptions {
  /**
   * Longest itemset `frequent` returns, an integer ≥ 0; default 0, meaning no limit (0 rather
   * than Infinity because options are stored as JSON in snapshots, where Infinity is not a number).
   */
  maxLength?: number;
}

type Options = Required<ExactItemsetMinerOptions>;

const DEFAULTS: Options = { maxLength: 0 };
const TAG = "ExactItemsetMiner";
const VERSION = 1;

/**
 * Exact frequent itemsets: stores every transaction it learns and mines them on demand — the
 * ground truth the streaming miners are checked against.
 *
 * @remarks
 * `learnOne` interns the items to dense ids and appends the transaction, as a set (a repeated
 * item counts once), to two growing `Int32Array`s: 4 bytes per distinct item per transaction,
 * up to twice that while a buffer has room to grow. An empty transaction is bad input, as for
 * every estimator here: it throws {@link EstimatorInputError} and is not counted in N. (mlxtend
 * and River count an empty basket in N, lowering every support; to match them, divide the counts
 * by N plus the empty baskets.)
 *
 * `frequent(s)` returns every itemset held by at least ⌈s·N⌉ of the N transactions learnt
 * (s·N's floating-point error forgiven: 0.07 of 100 is 7), at most `maxLength` items long,
 * with its exact count. Each itemset's items are sorted by `compareItems` (numbers
 * ascending, then strings); the list is sorted shorter first, then lexicographically in that
 * order. Mining is Eclat with occurrence delivery on typed arrays (see `eclat.ts`): T10I4D100K and
 * retail at s = 0.5 % take tens of milliseconds (test/bench/itemsets.bench.ts). It does not
 * change the miner's state.
 *
 * @example
 * ```ts
 * import { ExactItemsetMiner } from "streamine/algorithms";
 * const m = new ExactItemsetMiner();
 * m.learnOne(["bread", "milk"]);
 * m.learnOne(["bread", "diapers", "beer", "eggs"]);
 * m.learnOne(["milk", "diapers", "beer", "cola"]);
 * m.learnOne(["bread", "milk", "diapers", "beer"]);
 * m.learnOne(["bread", "milk", "diapers", "cola"]);
 * // At 60 %, an itemset needs 3 of the 5 baskets.
 * expect(m.frequent(0.6)).toEqual([
 *   { items: ["beer"], count: 3 },
 *   { items: ["bread"], count: 4 },
 *   { items: ["diapers"], count: 4 },
 *   { items: ["milk"], count: 4 },
 *   { items: ["beer", "diapers"], count: 3 },
 *   { items: ["bread", "diapers"], count: 3 },
 *   { items: ["bread", "milk"], count: 3 },
 *   { items: ["diapers", "milk"], count: 3 },
 * ]);
 * // At 40 %, 2 baskets: {beer, diapers, milk} is in baskets 3 and 4.
 * expect(m.frequent(0.4).find((f) => f.items.join() === "beer,diapers,milk")?.count).toBe(2);
 * ```
 * @see M. J. Zaki, "Scalable algorithms for association mining", IEEE TKDE 12(3), 2000.
 * @public
 */
export class ExactItemsetMiner implements ItemsetMiner {
  static readonly testParams: readonly ExactItemsetMinerOptions[] = [{ maxLength: 1 }, { maxLength: 3 }];

  readonly options: Readonly<Options>;
  private dictionary = new ItemDictionary();
  private store = new TransactionStore();
  /** Where `learnOne` puts a transaction's ids before appending it. */
  private scratch = new Int32Array(64);

  /** @param options - see {@link ExactItemsetMinerOptions}; default maxLength 0 (no limit). */
  constructor(options?: ExactItemsetMinerOptions) {
    const where = `${TAG}.constructor`;
    const o = withDefaults(where, options, DEFAULTS);
    checkOption(Number.isSafeInteger(o.maxLength) && o.maxLength >= 0, where, "maxLength", "an integer ≥ 0 (0: no limit)", o.maxLength);
    this.options = o;
  }

  /** Number of transactions learnt (N). */
  get transactions(): number {
    return this.store.size;
  }

  /** Stores transaction `t` (numbers and strings; never changed). Throws naming `ExactItemsetMiner.learnOne` for an empty transaction or a bad item, learning nothing. */
  learnOne(t: readonly Item[]): void {
    const where = `${TAG}.learnOne`;
    const length = Array.isArray(t) ? t.length : 0;
    if (length > this.scratch.length) this.scratch = new Int32Array(Math.max(length, 2 * this.scratch.length));
    // An empty array interns nothing, so throwing after readTransaction still leaves the state as it was.
    const m = readTransaction(where, t, this.dictionary, this.scratch);
    if (m === 0) throw new EstimatorInputError(`${where}: a transaction must hold at least one item, got an empty array`);
    this.store.append(this.scratch, m);
  }

  /** Every itemset with count ≥ ⌈minSupport·N⌉ (minSupport in (0, 1]), in the order of the remarks. */
  frequent(minSupport: number): FrequentItemset[] {
    const minCount = supportCount(`${TAG}.frequent`, minSupport, this.store.size);
    const db = recodeFrequent(this.store.offsets, this.store.ids, this.dictionary.size, minCount);
    const found = eclat(db, minCount, this.options.maxLength);
    return toSortedItemsets(found, Array.from(db.idOf, (id) => this.dictionary.item(id)));
  }

  /** Layout (version 1): options; the item dictionary; the transactions (see `TransactionStore.write`). */
  snapshot(): Uint8Array {
    const w = new SnapshotWriter(TAG, VERSION, this.options);
    this.dictionary.write(w);
    this.store.write(w);
    return w.finish();
  }

  static restore(bytes: Uint8Array): ExactItemsetMiner {
    const { options, reader } = openSnapshot(bytes, TAG, [VERSION]);
    const m = new ExactItemsetMiner(options as ExactItemsetMinerOptions);
    m.dictionary = ItemDictionary.read(reader);
    m.store = TransactionStore.read(reader, m.dictionary.size, `${TAG}.restore`);
    reader.end();
    return m;
  }
}
