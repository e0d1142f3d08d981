// The oracle for the streaming itemset miners: every subset of every transaction counted in a
// Map, and random skewed transaction databases for fast-check. Written apart from the miners
// (its own item order, its own subset enumeration), so a shared mistake cannot hide.
import fc from "fast-check";
import type { FrequentItemset, Item } from "streamine/algorithms";

/** Numbers ascending, then strings by UTF-16 code units; 1 and "1" differ. */
export function itemOrder(a: Item, b: Item): number {
  if (typeof a !== typeof b) return typeof a === "number" ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Shorter first, then item by item. */
export function itemsetOrder(a: FrequentItemset, b: FrequentItemset): number {
  if (a.items.length !== b.items.length) return a.items.length - b.items.length;
  for (let i = 0; i < a.items.length; i++) {
    const c = itemOrder(a.items[i] as Item, b.items[i] as Item);
    if (c !== 0) return c;
  }
  return 0;
}

/** The distinct items of `t`, sorted. */
export function canonical(t: readonly Item[]): Item[] {
  return [...new Set(t)].sort(itemOrder);
}

/** A Map key for a canonical itemset (JSON keeps 1 and "1" apart). */
export const keyOf = (items: readonly Item[]): string => JSON.stringify(items);

/** Exact counts of every itemset of 1..maxLength items over the transactions it is fed. */
export class SubsetCounter {
  readonly counts = new Map<string, FrequentItemset>();
  n = 0;

  constructor(private readonly maxLength: number) {}

  add(t: readonly Item[]): void {
    this.n++;
    const items = canonical(t);
    const chosen: Item[] = [];
    const walk = (from: number): void => {
      for (let i = from; i < items.length; i++) {
        chosen.push(items[i] as Item);
        const key = keyOf(chosen);
        this.counts.set(key, { items: [...chosen], count: (this.counts.get(key)?.count ?? 0) + 1 });
        if (chosen.length < this.maxLength) walk(i + 1);
        chosen.pop();
      }
    };
    walk(0);
  }

  count(items: readonly Item[]): number {
    return this.counts.get(keyOf(canonical(items)))?.count ?? 0;
  }

  /** The itemsets with count · 100 ≥ percent · n (exact rational support), in the miners' order. */
  frequent(percent: number): FrequentItemset[] {
    return [...this.counts.values()].filter((e) => e.count * 100 >= percent * this.n).sort(itemsetOrder);
  }
}

/** Exact counts over `transactions`. */
export function countAll(transactions: readonly (readonly Item[])[], maxLength: number): SubsetCounter {
  const c = new SubsetCounter(maxLength);
  for (const t of transactions) c.add(t);
  return c;
}

const UNIT = 2 ** 20;

/**
 * Random transaction databases with skewed item frequencies (item k drawn with density falling
 * as k^−0.6), numbers and look-alike strings (0, "0", 1, "1"…) and repeated items inside a
 * transaction (some of one item repeated). No transaction is empty: the miners reject one.
 */
export function databases(maxTransactions: number, maxWidth = 8): fc.Arbitrary<Item[][]> {
  return fc
    .record({
      distinct: fc.integer({ min: 1, max: 40 }),
      skew: fc.double({ min: 1, max: 4, noNaN: true }),
      raw: fc.array(fc.array(fc.integer({ min: 0, max: UNIT - 1 }), { minLength: 1, maxLength: maxWidth, size: "max" }), { maxLength: maxTransactions, size: "max" }),
    })
    .map(({ distinct, skew, raw }) =>
      raw.map((t) =>
        t.map((u) => {
          const k = Math.floor(distinct * (u / UNIT) ** skew);
          return k % 2 === 0 ? k / 2 : String((k - 1) / 2);
        }),
      ),
    );
}
