import { EstimatorInputError } from "../base/input-error.js";
import { checkOption, received, withDefaults } from "../base/validate.js";
import type { FrequentItemset, Item } from "../base/vector.js";
import { compareItemsets } from "./itemset-order.js";
import { ruleMetrics, type RuleMetrics } from "./rule-metrics.js";
import { checkTransaction, compareItems, ItemDictionary } from "./transaction.js";

/** Options of {@link associationRules}. @public */
export interface AssociationRulesOptions {
  /** N, the number of transactions the counts are out of (`miner.transactions`); required, > 0. */
  transactions: number;
  /** Least confidence in [0, 1] a rule needs; default 0.8 (as mlxtend, R arules and Spark MLlib). */
  minConfidence?: number;
  /** Least lift ≥ 0 a rule needs; default 0 (no filter on lift). */
  minLift?: number;
}

/** A rule antecedent ⇒ consequent with mlxtend's metrics (see {@link associationRules}). @public */
export interface AssociationRule extends RuleMetrics {
  readonly antecedent: readonly Item[];
  readonly consequent: readonly Item[];
}

type Options = Required<AssociationRulesOptions>;

const WHERE = "associationRules";
const DEFAULTS: Options = { transactions: NaN, minConfidence: 0.8, minLift: 0 };
/** Beyond this length an itemset has over 2^30 rules; no such itemset's subsets fit in memory anyway. */
const MAX_LENGTH = 30;

/**
 * Association rules from frequent itemsets (Agrawal et al.; mlxtend's `association_rules`): for
 * every itemset of two items or more, every split into a non-empty antecedent A and consequent C
 * with confidence ≥ `minConfidence` and lift ≥ `minLift`.
 *
 * @remarks
 * With N = `transactions` and supp(X) = count(X)/N: support = supp(A∪C), confidence =
 * supp(A∪C)/supp(A), lift = confidence/supp(C), leverage = supp(A∪C) − supp(A)·supp(C),
 * conviction = (1 − supp(C))/(1 − confidence), +Infinity when confidence is 1; `count` is
 * count(A∪C). Confidence and lift are one division of integer products, so a rule exactly at a
 * threshold (confidence 4/5 against 0.8) passes.
 *
 * The counts of A and C are looked up in `itemsets`, so it must hold every subset of each
 * itemset: `frequent()`'s output does (a subset of a frequent itemset is frequent, and
 * `maxLength` only cuts longer ones); a missing subset throws, naming it. Approximate counts
 * (a streaming miner's) give approximate metrics. Rules come grouped by itemset in `frequent()`'s
 * order, and within one itemset by consequent, shorter first, then lexicographically.
 *
 * The default confidence 0.8 is the common one (mlxtend's `min_threshold`, arules, Spark's
 * `minConfidence`); no lift filter by default, as lift < 1 rules still describe the data.
 * @param itemsets - frequent itemsets with counts, e.g. `miner.frequent(s)`
 * @param options - see {@link AssociationRulesOptions}; `transactions` is required
 * @example
 * ```ts
 * import { associationRules, ExactItemsetMiner } from "streamine/algorithms";
 * const m = new ExactItemsetMiner();
 * for (const t of [["bread", "milk"], ["bread", "diapers", "beer", "eggs"], ["milk", "diapers", "beer", "cola"], ["bread", "milk", "diapers", "beer"], ["bread", "milk", "diapers", "cola"]]) m.learnOne(t);
 * const rules = associationRules(m.frequent(0.6), { transactions: m.transactions, minConfidence: 1 });
 * // beer is in 3 baskets, always with diapers (in 4 of 5): lift 1 / (4/5), leverage 3/5 − 3/5 · 4/5.
 * expect(rules).toEqual([
 *   { antecedent: ["beer"], consequent: ["diapers"], count: 3, support: 0.6, confidence: 1, lift: 1.25, leverage: expect.closeTo(0.12, 12), conviction: Infinity },
 * ]);
 * ```
 * @see R. Agrawal, T. Imieliński, A. Swami, "Mining association rules between sets of items in large databases", SIGMOD 1993.
 * @public
 */
export function associationRules(itemsets: readonly FrequentItemset[], options: AssociationRulesOptions): AssociationRule[] {
  const o = withDefaults(WHERE, options, DEFAULTS);
  const n = o.transactions;
  checkOption(typeof n === "number" && Number.isFinite(n) && n > 0, WHERE, "transactions", "a number > 0 (the N the counts are out of, e.g. miner.transactions)", n);
  checkOption(typeof o.minConfidence === "number" && o.minConfidence >= 0 && o.minConfidence <= 1, WHERE, "minConfidence", "a number in [0, 1]", o.minConfidence);
  checkOption(typeof o.minLift === "number" && Number.isFinite(o.minLift) && o.minLift >= 0, WHERE, "minLift", "a finite number ≥ 0", o.minLift);
  const { sets, countOf } = readItemsets(itemsets, n);
  const rules: AssociationRule[] = [];
  for (const { items, ids, count } of sets) {
    if (items.length < 2) continue;
    const full = (1 << items.length) - 1;
    const mine: AssociationRule[] = [];
    for (let mask = 1; mask < full; mask++) {
      const countA = countOf(items, ids, full ^ mask);
      const countC = countOf(items, ids, mask);
      const metrics = ruleMetrics(count, countA, countC, n);
      if (metrics.confidence < o.minConfidence || metrics.lift < o.minLift) continue;
      mine.push({ antecedent: pick(items, full ^ mask), consequent: pick(items, mask), ...metrics });
    }
    // A loop, not push(...mine): a 17-item itemset has 131 070 rules, past the spread's stack limit.
    for (const rule of mine.sort((a, b) => compareItemsets(a.consequent, b.consequent))) rules.push(rule);
  }
  return rules;
}

interface KnownItemset {
  readonly items: readonly Item[];
  /** Dense ids of `items` (a lookup key part each). */
  readonly ids: readonly number[];
  readonly count: number;
}

/** Validates `itemsets` and indexes their counts by item set; returns them in `compareItemsets` order. */
function readItemsets(itemsets: readonly FrequentItemset[], n: number): { sets: KnownItemset[]; countOf: (items: readonly Item[], ids: readonly number[], mask: number) => number } {
  if (!Array.isArray(itemsets)) throw new EstimatorInputError(`${WHERE}: itemsets must be an array of { items, count }, got ${received(itemsets)}`);
  const dictionary = new ItemDictionary();
  const counts = new Map<string, number>();
  const sets: KnownItemset[] = [];
  itemsets.forEach((f: FrequentItemset, i) => {
    const where = `${WHERE}: itemsets[${i}]`;
    if (typeof f !== "object" || f === null) throw new EstimatorInputError(`${where} must be { items, count }, got ${received(f)}`);
    if (!Array.isArray(f.items)) throw new EstimatorInputError(`${where}.items must be an array of items, got ${received(f.items)}`);
    checkTransaction(`${where}.items`, f.items);
    const items = [...f.items].sort(compareItems);
    if (items.length === 0) throw new EstimatorInputError(`${where}.items is empty`);
    if (items.some((item, k) => k > 0 && compareItems(items[k - 1] as Item, item) === 0)) throw new EstimatorInputError(`${where}.items repeats an item`);
    if (!(typeof f.count === "number" && f.count > 0 && f.count <= n)) throw new EstimatorInputError(`${where}.count must be a number in (0, transactions = ${n}], got ${received(f.count)}`);
    if (items.length > MAX_LENGTH) throw new EstimatorInputError(`${where} has ${items.length} items; rules are enumerated for itemsets of at most ${MAX_LENGTH}`);
    const ids = items.map((item) => dictionary.intern(item));
    const key = ids.join(",");
    if (counts.has(key)) throw new EstimatorInputError(`${where}: the itemset ${JSON.stringify(items)} appears twice`);
    counts.set(key, f.count);
    sets.push({ items, ids, count: f.count });
  });
  sets.sort((a, b) => compareItemsets(a.items, b.items));
  const countOf = (items: readonly Item[], ids: readonly number[], mask: number): number => {
    const count = counts.get(ids.filter((_, k) => (mask >> k) & 1).join(","));
    if (count !== undefined) return count;
    throw new EstimatorInputError(
      `${WHERE}: the count of ${JSON.stringify(pick(items, mask))}, a subset of ${JSON.stringify(items)}, is missing from itemsets; pass all that frequent() returned (it holds every subset of each itemset)`,
    );
  };
  return { sets, countOf };
}

/** The items of `items` at the bits set in `mask`, in order. */
function pick(items: readonly Item[], mask: number): Item[] {
  return items.filter((_, k) => (mask >> k) & 1);
}
