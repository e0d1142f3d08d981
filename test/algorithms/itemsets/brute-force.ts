// The oracle for itemset mining, written without the miner's helpers: count every subset of
// every transaction in a Map. Exponential in the transaction length, so only for small ones.
import fc from "fast-check";
import type { FrequentItemset, Item } from "streamine/algorithms";

/** Numbers ascending, then strings by UTF-16 code units: the order the miners promise. */
export function byItem(a: Item, b: Item): number {
  if (typeof a !== typeof b) return typeof a === "number" ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Shorter first, then lexicographically by {@link byItem}. */
export function byItemset(a: readonly Item[], b: readonly Item[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const d = byItem(a[i] as Item, b[i] as Item);
    if (d !== 0) return d;
  }
  return 0;
}

/** A transaction as a set: its distinct items, sorted. */
export function asSet(t: readonly Item[]): Item[] {
  return [...new Set(t)].sort(byItem);
}

/** Every itemset of ≤ maxLength items (0: any) held by ≥ minCount transactions, sorted by {@link byItemset}. */
export function bruteForceItemsets(transactions: readonly (readonly Item[])[], minCount: number, maxLength: number): FrequentItemset[] {
  const counts = new Map<string, { items: Item[]; count: number }>();
  for (const t of transactions) {
    const items = asSet(t);
    for (let mask = 1; mask < 2 ** items.length; mask++) {
      const subset = items.filter((_, i) => Math.floor(mask / 2 ** i) % 2 === 1);
      if (maxLength > 0 && subset.length > maxLength) continue;
      const key = JSON.stringify(subset);
      const entry = counts.get(key) ?? { items: subset, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  }
  return [...counts.values()].filter((e) => e.count >= minCount).sort((a, b) => byItemset(a.items, b.items));
}

/** Number of transactions holding every item of `items`. */
export function countHolding(transactions: readonly (readonly Item[])[], items: readonly Item[]): number {
  return transactions.filter((t) => items.every((item) => t.includes(item))).length;
}

/** Items where 1 and "1" differ and strings sort after numbers; few, so itemsets repeat. */
const alphabet: readonly Item[] = [0, 1, 2, 3, 7, 10, -1, 2.5, "1", "a", "b", "B", "é", ""];

/** Small transaction databases: up to 40 non-empty transactions of up to 7 items, repeats allowed. */
export const smallDatabases = fc.array(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 7 }), { maxLength: 40 });
