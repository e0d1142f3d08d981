import type { FrequentItemset, Item } from "../base/vector.js";
import { compareItems, type ItemDictionary } from "./transaction.js";

/** The itemset of the ids `ids[0..n)` with its count, its items sorted by {@link compareItems}. @internal */
export function toFrequentItemset(dict: ItemDictionary, ids: ArrayLike<number>, n: number, count: number): FrequentItemset {
  const items: Item[] = [];
  for (let i = 0; i < n; i++) items.push(dict.item(ids[i] as number));
  return { items: items.sort(compareItems), count };
}
