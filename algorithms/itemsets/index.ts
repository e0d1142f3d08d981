// Frequent itemsets and association rules ([mining] §3): re-exports only.
export { associationRules, type AssociationRule, type AssociationRulesOptions } from "./association-rules.js";
export { ExactItemsetMiner, type ExactItemsetMinerOptions } from "./exact-itemset-miner.js";
export type { RuleMetrics } from "./rule-metrics.js";
export { LossyItemsetMiner, type LossyItemsetMinerOptions } from "./lossy-itemset-miner.js";
export { SlidingWindowItemsetMiner, type SlidingWindowItemsetMinerOptions } from "./sliding-window-itemset-miner.js";
