import type { RegistryEntry } from "../base/registry-entry.js";
import { ExactItemsetMiner } from "./exact-itemset-miner.js";
import { LossyItemsetMiner } from "./lossy-itemset-miner.js";
import { SlidingWindowItemsetMiner } from "./sliding-window-itemset-miner.js";

/** Frequent-itemset miners for the contract suite (its "itemsets" driver). */
export const itemsetRegistry: readonly RegistryEntry[] = [
  { name: "ExactItemsetMiner", kind: "itemsets", cls: ExactItemsetMiner },
  { name: "LossyItemsetMiner", kind: "itemsets", cls: LossyItemsetMiner },
  { name: "SlidingWindowItemsetMiner", kind: "itemsets", cls: SlidingWindowItemsetMiner },
];
